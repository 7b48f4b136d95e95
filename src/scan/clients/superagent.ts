// superagent: `superagent.get(url)` starts a request that later steps configure; `.ca(x)` pins its CA.
import { VERBS_URL_CONFIG, VERBS_URL_DATA_CONFIG, each, type ApiNode, type ClientFamily } from './types.ts';

/** The request being built: `.ca(x)` sets the CA, `.agent(a)` its agent, every other step returns the same request. */
const builder: ApiNode = {
  members: { ca: { call: { role: 'tls-setter', setting: 'ca' } }, agent: { call: { role: 'option-setter', setting: 'agent' } } },
  anyMember: { call: { role: 'chain' } },
};

/**
 * `superagent.agent()`: an agent whose settings (`.ca(x)`, and every other step) are the defaults of
 * each request it starts (`agent.get(url)`).
 */
const agentNode: ApiNode = {
  members: {
    ...each([...VERBS_URL_CONFIG, ...VERBS_URL_DATA_CONFIG], { call: { role: 'request', url: 0, returns: builder } }),
    ca: { call: { role: 'tls-setter', setting: 'ca' } },
  },
  anyMember: { call: { role: 'chain' } },
};

export const superagent: ClientFamily = {
  meta: { id: 'superagent', description: 'superagent request chains with .ca()' },
  modules: {
    superagent: {
      call: { role: 'request', url: 1, returns: builder },
      members: {
        ...each([...VERBS_URL_CONFIG, ...VERBS_URL_DATA_CONFIG], { call: { role: 'request', url: 0, returns: builder } }),
        agent: { call: { role: 'instance', returns: agentNode } },
      },
    },
  },
  layout: { tls: [['ca'], ['rejectUnauthorized']], agents: [['agent']], urls: [], hosts: [], bases: [] },
};
