// Node's own TLS clients: https/http (Agent, request, get, globalAgent), tls (connect,
// createSecureContext) and http2 (connect). Their servers verify clients with `ca`, which is no pin.
import type { ApiNode, ClientFamily, OptionLayout } from './types.ts';

const layout: OptionLayout = {
  tls: [['ca'], ['rejectUnauthorized'], ['checkServerIdentity']],
  agents: [['agent']],
  secureContexts: [['secureContext']],
  urls: [],
  hosts: [['hostname'], ['host'], ['servername']],
  bases: [],
};

/** An https.Agent: `agent.options` holds the options it was made with, and later writes to them. */
const agent: ApiNode = { members: { options: { slot: { holds: 'options' } } } };
const server: ApiNode = { call: { role: 'server', options: [0, 1] } };

function httpModule(): ApiNode {
  const request: ApiNode = { call: { role: 'request', url: 0, options: [0, 1] } };
  return {
    members: {
      Agent: { call: { role: 'agent', options: [0], returns: agent } },
      request,
      get: request,
      // Every request without an agent of its own uses it: the whole process.
      globalAgent: { slot: { holds: 'agent', global: true }, members: agent.members },
      createServer: server,
      Server: server,
    },
  };
}

const tls: ApiNode = {
  members: {
    connect: { call: { role: 'request', options: [0, 1, 2], host: 1 } },
    createSecureContext: { call: { role: 'secure-context', options: [0] } },
    TLSSocket: { call: { role: 'request', options: [1] } },
    createServer: server,
    Server: server,
  },
};

const http2: ApiNode = {
  members: {
    connect: { call: { role: 'request', url: 0, options: [1] } },
    createSecureServer: server,
    createServer: server,
  },
};

export const nodeCore: ClientFamily = {
  meta: { id: 'node-core', description: 'https, http, tls and http2 from Node itself' },
  modules: { https: httpModule(), http: httpModule(), tls, http2 },
  layout,
};
