// needle: `needle(method, url, data, options)` and `needle.get(url, options)` / `needle.post(url, data, options)`.
import type { ClientFamily, ModuleTable } from './types.ts';

const needleModule: ModuleTable = (path) => {
  const [verb, next] = path;
  if (next !== undefined) return undefined;
  if (verb === undefined || verb === 'request') return { family: 'needle', role: 'request', urlArgument: 1, optionArguments: [2, 3] };
  if (['get', 'head', 'delete'].includes(verb)) return { family: 'needle', role: 'request', urlArgument: 0, optionArguments: [1] };
  if (['post', 'put', 'patch'].includes(verb)) return { family: 'needle', role: 'request', urlArgument: 0, optionArguments: [2] };
  return undefined;
};

export const needle: ClientFamily = {
  meta: { id: 'needle', description: 'needle and its verbs' },
  modules: { needle: needleModule },
};
