// egg: services, controllers and schedules call urllib through `this.ctx.curl`, `this.app.httpclient`
// and read `this.config`, which egg merges from `config/config.*.js`. egg itself loads `app.js`,
// `agent.js`, schedules, the router and middleware, and calls them with its application or a context.
import { eggConfigFiles, eggRootOf } from '../../conventions.ts';
import type { ApiNode, ClientFamily } from './types.ts';
import { urllibClient, urllibLayout } from './urllib.ts';
import { EGG_WECHAT_API } from './wechat-sdks.ts';

const request = urllibClient.members!['request']!;
const config: ApiNode = { provides: 'egg:config' };

/** What `this` has in a class extending egg's Service, Controller, Subscription or BaseContextClass. */
const base: ApiNode = {};
const app: ApiNode = {
  members: { config, curl: request, httpclient: urllibClient, wechatApi: EGG_WECHAT_API, Service: base, Controller: base, Subscription: base, BaseContextClass: base },
};
const context: ApiNode = { members: { app, config, curl: request, httpclient: urllibClient } };
base.thisMembers = { ctx: context, app, config };

export const egg: ClientFamily = {
  meta: { id: 'egg', description: "egg's ctx.curl, app.httpclient and app.config, in classes, schedules and boot files egg loads" },
  modules: { egg: { members: { Service: base, Controller: base, Subscription: base, BaseContextClass: base } } },
  layout: urllibLayout,
  framework: {
    root: eggRootOf,
    entries: [
      { files: /^(?:app|agent)\.[cm]?[jt]s$/, calls: [{ path: [], with: ['app'] }] },
      {
        files: /^app\/schedule\/.+\.[cm]?[jt]s$/,
        calls: [
          { path: ['task'], with: ['context'] },
          { path: [], with: ['app'], then: { path: ['task'], with: ['context'] } },
        ],
      },
      { files: /^app\/(?:router|middleware\/.+|service\/.+|controller\/.+)\.[cm]?[jt]s$/, calls: [{ path: [], with: ['app'] }] },
    ],
    values: { app, context, appInfo: {} },
    provided: { 'egg:config': (root, known) => eggConfigFiles(root, known).filter((file) => /\/config\.[\w-]+\.[cm]?[jt]s$/.test(file)) },
  },
};
