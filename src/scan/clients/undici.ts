// undici: Agent / ProxyAgent take `connect: { ca }`; Pool and Client are bound to one origin;
// request/fetch/stream take a `dispatcher`; setGlobalDispatcher serves the whole process.
import type { ClientFamily, ModuleTable } from './types.ts';

const undiciModule: ModuleTable = (path) => {
  const [member, next] = path;
  if (next !== undefined) return undefined;
  if (member === 'Agent' || member === 'ProxyAgent' || member === 'EnvHttpProxyAgent') {
    return { family: 'undici', role: 'agent', optionArguments: [0] };
  }
  // A Pool or Client is bound to one origin, its first argument.
  if (member === 'Pool' || member === 'Client') return { family: 'undici', role: 'agent', urlArgument: 0, optionArguments: [1] };
  if (member === 'request' || member === 'fetch' || member === 'stream') {
    return { family: 'undici', role: 'request', urlArgument: 0, optionArguments: [1] };
  }
  if (member === 'setGlobalDispatcher') return { family: 'undici', role: 'global', optionArguments: [0] };
  return undefined;
};

export const undici: ClientFamily = {
  meta: { id: 'undici', description: 'undici agents, dispatchers, request/fetch and setGlobalDispatcher' },
  modules: { undici: undiciModule },
};
