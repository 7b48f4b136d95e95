// request and its promise wrappers: `request(url, opts)`, `request(opts)`, verbs, `.defaults(opts)`.
// TLS options sit at the top or under `agentOptions`; `strictSSL: false` turns verification off, and
// only this family reads it.
import { VERBS_URL_CONFIG, VERBS_URL_DATA_CONFIG, each, type ApiNode, type ClientFamily } from './types.ts';

const send: ApiNode = { call: { role: 'request', url: 0, options: [0, 1] } };
const instance: ApiNode = { call: send.call };
instance.members = {
  ...each([...VERBS_URL_CONFIG, ...VERBS_URL_DATA_CONFIG], send),
  defaults: { call: { role: 'instance', options: [0], returns: instance } },
};

const NAMES = ['request', 'request-promise', 'request-promise-native', 'postman-request'];

export const request: ClientFamily = {
  meta: { id: 'request', description: 'request, request-promise(-native), postman-request and .defaults()' },
  modules: Object.fromEntries(NAMES.map((name) => [name, instance])),
  layout: {
    tls: [
      ['ca'],
      ['agentOptions', 'ca'],
      ['rejectUnauthorized'],
      ['agentOptions', 'rejectUnauthorized'],
      ['strictSSL'],
      ['checkServerIdentity'],
      ['agentOptions', 'checkServerIdentity'],
    ],
    agents: [['agent']],
    urls: [['url'], ['uri']],
    hosts: [],
    bases: [['baseUrl']],
  },
};
