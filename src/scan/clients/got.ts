// got: `got(url, options)`, its verbs, `got.extend(options)` and instances of instances. TLS options sit
// under `https` (`certificateAuthority`, `rejectUnauthorized`; got 9–11 read them at the top), agents
// under `agent.https`; `hooks.beforeRequest` callbacks receive, and may change, every request's options.
import { VERBS_URL_CONFIG, VERBS_URL_DATA_CONFIG, each, type ApiNode, type ClientFamily } from './types.ts';

const request: ApiNode = { call: { role: 'request', url: 0, options: [0, 1] } };

const instance: ApiNode = { call: request.call };
const extend: ApiNode = { call: { role: 'instance', options: [0, 1, 2], returns: instance } };
instance.members = {
  ...each([...VERBS_URL_CONFIG, ...VERBS_URL_DATA_CONFIG, 'stream', 'paginate'], request),
  extend,
  defaults: { members: { options: { slot: { holds: 'options' } } } },
};

export const got: ClientFamily = {
  meta: { id: 'got', description: 'got, its verbs, got.extend instances (prefixUrl) and hooks' },
  modules: { got: instance },
  layout: {
    tls: [
      ['https', 'certificateAuthority'],
      ['https', 'rejectUnauthorized'],
      ['https', 'checkServerIdentity'],
      ['ca'],
      ['rejectUnauthorized'],
    ],
    agents: [['agent', 'https'], ['agent']],
    urls: [['url']],
    hosts: [['hostname'], ['host']],
    bases: [['prefixUrl'], ['baseUrl']],
    hooks: [['hooks', 'beforeRequest'], ['hooks', 'init']],
  },
};
