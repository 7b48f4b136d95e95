// axios: `axios(url, config)`, verbs, `axios.create(config)` and the instances it makes. A `url`
// that is only a path goes to the instance's baseURL; an absolute one replaces it.
import { VERBS_URL_CONFIG, VERBS_URL_DATA_CONFIG, type CallShape, type ClientFamily } from './types.ts';

/** Verb calls shared by axios and its instances: `x(url, config)`, `x.get(url, config)`, `x.post(url, data, config)`. */
function verbs(path: string[]): CallShape | undefined {
  const [verb, next] = path;
  if (next !== undefined) return undefined;
  if (verb === undefined || verb === '()') return { family: 'axios', role: 'request', urlArgument: 0, optionArguments: [0, 1] };
  if (verb === 'request') return { family: 'axios', role: 'request', optionArguments: [0] };
  if (VERBS_URL_CONFIG.includes(verb)) return { family: 'axios', role: 'request', urlArgument: 0, optionArguments: [1] };
  if (VERBS_URL_DATA_CONFIG.includes(verb)) return { family: 'axios', role: 'request', urlArgument: 0, optionArguments: [2] };
  return undefined;
}

export const axios: ClientFamily = {
  meta: { id: 'axios', description: 'axios, its verbs, axios.create instances and their defaults' },
  modules: {
    axios: (path) => (path.length === 1 && path[0] === 'create' ? { family: 'axios', role: 'instance', optionArguments: [0] } : verbs(path)),
  },
  instances: { 'axios:create': verbs },
};
