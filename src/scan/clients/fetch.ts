// fetch: node-fetch and cross-fetch take an `agent`; Node's global fetch (undici) a `dispatcher`.
import type { ApiNode, ClientFamily } from './types.ts';

const fetchWithAgent: ApiNode = { call: { role: 'request', url: 0, options: [1] } };
const withFetchMember: ApiNode = { ...fetchWithAgent, members: { fetch: fetchWithAgent, default: fetchWithAgent } };

export const fetch: ClientFamily = {
  meta: { id: 'fetch', description: 'node-fetch, cross-fetch and the global fetch' },
  modules: { 'node-fetch': withFetchMember, 'cross-fetch': withFetchMember },
  globals: {
    fetch: {
      call: { role: 'request', url: 0, options: [1], layout: { tls: [], agents: [['dispatcher']], urls: [], hosts: [], bases: [] } },
    },
  },
  layout: { tls: [], agents: [['agent']], urls: [], hosts: [], bases: [] },
};
