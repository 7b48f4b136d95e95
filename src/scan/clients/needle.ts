// needle: `needle(method, url, data, options)`, `needle.get(url, options)`, `needle.post(url, data, options)`.
import type { ApiNode, ClientFamily } from './types.ts';

const generic: ApiNode = { call: { role: 'request', url: 1, options: [2, 3] } };

export const needle: ClientFamily = {
  meta: { id: 'needle', description: 'needle and its verbs' },
  modules: {
    needle: {
      call: generic.call,
      members: {
        request: generic,
        get: { call: { role: 'request', url: 0, options: [1] } },
        head: { call: { role: 'request', url: 0, options: [1] } },
        delete: { call: { role: 'request', url: 0, options: [1] } },
        post: { call: { role: 'request', url: 0, options: [2] } },
        put: { call: { role: 'request', url: 0, options: [2] } },
        patch: { call: { role: 'request', url: 0, options: [2] } },
      },
    },
  },
  layout: { tls: [['ca'], ['rejectUnauthorized']], agents: [['agent']], urls: [], hosts: [], bases: [] },
};
