// fetch: node-fetch and cross-fetch take an `agent`; Node's global fetch (undici) a `dispatcher`.
import type { CallShape, ClientFamily, ModuleTable } from './types.ts';
import { ts } from 'ts-morph';

function fetchLike(family: string): ModuleTable {
  return (path) =>
    path.length === 0 || (path.length === 1 && path[0] === 'fetch')
      ? { family, role: 'request', urlArgument: 0, optionArguments: [1] }
      : undefined;
}

export const fetch: ClientFamily = {
  meta: { id: 'fetch', description: 'node-fetch, cross-fetch and the global fetch' },
  modules: { 'node-fetch': fetchLike('node-fetch'), 'cross-fetch': fetchLike('cross-fetch') },
};

/** The global `fetch` of Node 18+ (undici underneath), called by a name that resolves to nothing. */
export function globalFetchShape(call: ts.CallExpression | ts.NewExpression): CallShape | undefined {
  const callee = call.expression;
  if (ts.isIdentifier(callee) && callee.text === 'fetch') {
    return { family: 'fetch', role: 'request', urlArgument: 0, optionArguments: [1] };
  }
  return undefined;
}
