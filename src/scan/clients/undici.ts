// undici: Agent / ProxyAgent take `connect: { ca }`; Pool and Client are bound to one origin;
// request/fetch/stream take a `dispatcher`; setGlobalDispatcher serves the whole process.
import type { ApiNode, ClientFamily, OptionLayout } from './types.ts';

const agentLayout: OptionLayout = {
  tls: [
    ['connect', 'ca'],
    ['connect', 'rejectUnauthorized'],
    ['connect', 'checkServerIdentity'],
    ['requestTls', 'ca'],
    ['requestTls', 'rejectUnauthorized'],
  ],
  agents: [],
  urls: [],
  hosts: [],
  bases: [],
};
const agent: ApiNode = { call: { role: 'agent', options: [0], layout: agentLayout } };
// A Pool or Client talks to one origin, its first argument.
const boundAgent: ApiNode = { call: { role: 'agent', url: 0, options: [1], layout: agentLayout } };
const request: ApiNode = { call: { role: 'request', url: 0, options: [1] } };

export const undici: ClientFamily = {
  meta: { id: 'undici', description: 'undici agents, dispatchers, request/fetch and setGlobalDispatcher' },
  modules: {
    undici: {
      members: {
        Agent: agent,
        ProxyAgent: agent,
        EnvHttpProxyAgent: agent,
        Pool: boundAgent,
        Client: boundAgent,
        request,
        fetch: request,
        stream: request,
        setGlobalDispatcher: { call: { role: 'global', agent: 0 } },
      },
    },
  },
  layout: { tls: [], agents: [['dispatcher']], urls: [], hosts: [], bases: [] },
};
