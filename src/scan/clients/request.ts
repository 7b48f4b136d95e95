// request and its promise wrappers: `request(url, opts)`, `request(opts)`, verbs, `.defaults(opts)`;
// TLS options at the top level or under `agentOptions`; `strictSSL: false` disables verification.
import { VERBS_URL_CONFIG, VERBS_URL_DATA_CONFIG, type CallShape, type ClientFamily, type InstanceTable } from './types.ts';

function verbs(family: string): InstanceTable {
  return (path): CallShape | undefined => {
    const [verb, next] = path;
    if (next !== undefined) return undefined;
    if (verb === undefined || verb === '()' || [...VERBS_URL_CONFIG, ...VERBS_URL_DATA_CONFIG].includes(verb)) {
      return { family, role: 'request', urlArgument: 0, optionArguments: [0, 1] };
    }
    if (verb === 'defaults') return { family, role: 'instance', optionArguments: [0] };
    return undefined;
  };
}

const FAMILIES = ['request', 'request-promise', 'request-promise-native', 'postman-request'];

/** The families that read `strictSSL` (request's switch for rejectUnauthorized); others ignore it. */
export const STRICT_SSL_FAMILIES: ReadonlySet<string> = new Set(FAMILIES);

export const request: ClientFamily = {
  meta: { id: 'request', description: 'request, request-promise(-native), postman-request and .defaults()' },
  modules: Object.fromEntries(FAMILIES.map((name) => [name, verbs(name)])),
  instances: Object.fromEntries(FAMILIES.map((name) => [`${name}:defaults`, verbs(name)])),
};
