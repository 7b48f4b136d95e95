// egg: inside a class that extends egg's Service or Controller, `this.ctx.curl(url, opts)` and
// `this.app.httpclient.request(url, opts)` are urllib calls.
import type { ApiNode, ClientFamily } from './types.ts';
import { urllibClient, urllibLayout } from './urllib.ts';

const request = urllibClient.members!['request']!;
const holder: ApiNode = { members: { curl: request, httpclient: urllibClient } };
const base: ApiNode = { thisMembers: { ctx: holder, app: holder } };

export const egg: ClientFamily = {
  meta: { id: 'egg', description: "egg's ctx.curl and app.httpclient in Service/Controller subclasses" },
  modules: { egg: { members: { Service: base, Controller: base, Subscription: base, BaseContextClass: base } } },
  layout: urllibLayout,
};
