// axios: `axios(url, config)`, its verbs, `axios.create(config)` and the instances it makes, their
// `defaults`, and request interceptors. A path-only `url` goes to the baseURL; an absolute one replaces
// it. axios reads no TLS option itself: only the agent it is given (`httpsAgent`) does.
import { VERBS_URL_CONFIG, VERBS_URL_DATA_CONFIG, each, type ApiNode, type ClientFamily } from './types.ts';

const requestMembers: Record<string, ApiNode> = {
  request: { call: { role: 'request', options: [0] } },
  ...each(VERBS_URL_CONFIG, { call: { role: 'request', url: 0, options: [1] } }),
  ...each(VERBS_URL_DATA_CONFIG, { call: { role: 'request', url: 0, options: [2] } }),
  // Interceptors see (and may change) the options of every request the instance sends.
  interceptors: { members: { request: { members: { use: { call: { role: 'hook', callback: 0 } } } } } },
  defaults: { slot: { holds: 'options' } },
};

/** What `axios.create()` makes (and what other families wrap: Nest's HttpService). */
export const instance: ApiNode = {
  call: { role: 'request', url: 0, options: [0, 1] },
  members: { ...requestMembers },
};
const create: ApiNode = { call: { role: 'instance', options: [0], returns: instance } };
(instance.members as Record<string, ApiNode>)['create'] = create;

export const axios: ClientFamily = {
  meta: { id: 'axios', description: 'axios, its verbs, axios.create instances, defaults and interceptors' },
  modules: {
    axios: {
      call: { role: 'request', url: 0, options: [0, 1] },
      members: {
        ...requestMembers,
        create,
        // axios.defaults: every request of the process, instances made later included.
        defaults: { slot: { holds: 'options', global: true } },
      },
    },
  },
  layout: { tls: [], agents: [['httpsAgent']], urls: [['url']], hosts: [], bases: [['baseURL']] },
};
