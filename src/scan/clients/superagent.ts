// superagent: the CA is set by `.ca(x)` in the request chain; the chain's first call names the URL.
import { VERBS_URL_CONFIG, VERBS_URL_DATA_CONFIG, type ClientFamily, type ModuleTable } from './types.ts';

const superagentModule: ModuleTable = (path) => {
  const [verb, next] = path;
  if (next !== undefined) return undefined;
  if (verb === undefined || [...VERBS_URL_CONFIG, ...VERBS_URL_DATA_CONFIG].includes(verb)) {
    return { family: 'superagent', role: 'request', urlArgument: verb === undefined ? 1 : 0, optionArguments: [] };
  }
  return undefined;
};

export const superagent: ClientFamily = {
  meta: { id: 'superagent', description: 'superagent request chains with .ca()' },
  modules: { superagent: superagentModule },
};
