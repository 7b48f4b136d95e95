// Node's own TLS clients: https/http (Agent, request, get), tls (connect, createSecureContext) and
// http2 (connect). Their servers verify clients with `ca`, which is no pin.
import type { ClientFamily, ModuleTable } from './types.ts';

function httpModule(family: string): ModuleTable {
  return (path) => {
    const [member, next] = path;
    if (next !== undefined) return undefined;
    if (member === 'Agent') return { family, role: 'agent', optionArguments: [0] };
    if (member === 'request' || member === 'get') return { family, role: 'request', urlArgument: 0, optionArguments: [0, 1] };
    if (member === 'createServer' || member === 'Server') return { family, role: 'server', optionArguments: [0] };
    return undefined;
  };
}

const tls: ModuleTable = (path) => {
  const [member, next] = path;
  if (next !== undefined) return undefined;
  if (member === 'connect') return { family: 'tls', role: 'request', optionArguments: [0, 1, 2], hostArgument: 1 };
  if (member === 'createSecureContext') return { family: 'tls', role: 'secure-context', optionArguments: [0] };
  if (member === 'createServer' || member === 'Server') return { family: 'tls', role: 'server', optionArguments: [0, 1] };
  if (member === 'TLSSocket') return { family: 'tls', role: 'request', optionArguments: [1] };
  return undefined;
};

const http2: ModuleTable = (path) => {
  if (path.length !== 1) return undefined;
  if (path[0] === 'connect') return { family: 'http2', role: 'request', urlArgument: 0, optionArguments: [1] };
  if (path[0] === 'createSecureServer' || path[0] === 'createServer') return { family: 'http2', role: 'server', optionArguments: [0] };
  return undefined;
};

export const nodeCore: ClientFamily = {
  meta: { id: 'node-core', description: 'https, http, tls and http2 from Node itself' },
  modules: { https: httpModule('https'), http: httpModule('http'), tls, http2 },
};
