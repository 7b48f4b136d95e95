// urllib, which most WeChat SDKs use: `urllib.request(url, { ca })`, `new HttpClient(options)` and
// its `.request/.curl`. egg's `this.ctx.curl` is urllib too (egg.ts).
import type { ApiNode, ClientFamily, OptionLayout } from './types.ts';

const request: ApiNode = { call: { role: 'request', url: 0, options: [1] } };
export const urllibClient: ApiNode = { members: { request, curl: request, requestThunk: request } };
const factory: ApiNode = { call: { role: 'instance', options: [0], returns: urllibClient } };

export const urllibLayout: OptionLayout = {
  tls: [['ca'], ['rejectUnauthorized'], ['checkServerIdentity'], ['connect', 'ca'], ['connect', 'rejectUnauthorized']],
  agents: [['agent'], ['httpsAgent']],
  urls: [],
  hosts: [],
  bases: [],
};

export const urllib: ClientFamily = {
  meta: { id: 'urllib', description: 'urllib.request/curl and HttpClient instances' },
  modules: {
    urllib: { members: { request, curl: request, requestThunk: request, HttpClient: factory, HttpClient2: factory, create: factory } },
  },
  layout: urllibLayout,
};
