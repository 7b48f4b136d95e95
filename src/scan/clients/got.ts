// got: `got(url, options)`, verbs, `got.extend(options)`; TLS options sit under `https`
// (`certificateAuthority`, `rejectUnauthorized`) and agents under `agent.https`.
import { VERBS_URL_CONFIG, VERBS_URL_DATA_CONFIG, type CallShape, type ClientFamily } from './types.ts';

function verbs(path: string[]): CallShape | undefined {
  const [verb, next] = path;
  if (next !== undefined) return undefined;
  if (verb === undefined || verb === '()' || verb === 'stream' || [...VERBS_URL_CONFIG, ...VERBS_URL_DATA_CONFIG].includes(verb)) {
    return { family: 'got', role: 'request', urlArgument: 0, optionArguments: [0, 1] };
  }
  if (verb === 'extend') return { family: 'got', role: 'instance', optionArguments: [0, 1, 2] };
  return undefined;
}

export const got: ClientFamily = {
  meta: { id: 'got', description: 'got, its verbs and got.extend instances (prefixUrl)' },
  modules: { got: (path) => verbs(path) },
  instances: { 'got:extend': verbs, 'got:': verbs },
};
