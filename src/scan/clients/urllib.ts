// urllib, which most WeChat SDKs use: `urllib.request(url, { ca })`, `new HttpClient()` and its
// `.request/.curl`. egg's `this.ctx.curl` is urllib too (see egg.ts).
import type { CallShape, ClientFamily, ModuleTable } from './types.ts';

export function urllibVerbs(path: string[]): CallShape | undefined {
  const [verb, next] = path;
  if (next !== undefined) return undefined;
  if (verb === 'request' || verb === 'curl' || verb === 'requestThunk') {
    return { family: 'urllib', role: 'request', urlArgument: 0, optionArguments: [1] };
  }
  return undefined;
}

const urllibModule: ModuleTable = (path) => {
  const [member, next] = path;
  if (next === undefined && (member === 'HttpClient' || member === 'HttpClient2' || member === 'create')) {
    return { family: 'urllib', role: 'instance', optionArguments: [0] };
  }
  return urllibVerbs(path);
};

export const urllib: ClientFamily = {
  meta: { id: 'urllib', description: 'urllib.request/curl and HttpClient instances' },
  modules: { urllib: urllibModule },
  instances: { 'urllib:HttpClient': urllibVerbs, 'urllib:HttpClient2': urllibVerbs, 'urllib:create': urllibVerbs },
};
