// egg: inside a class that extends egg's Service or Controller, `this.ctx.curl(url, opts)` and
// `this.app.httpclient.request(url, opts)` are urllib calls. The Resolver gives `this` in such a
// class the path [Base, '<this>'], so the table sees [Base, '<this>', 'ctx' | 'app', …].
import { THIS_MEMBER } from '../resolve.ts';
import type { ClientFamily, ModuleTable } from './types.ts';
import { urllibVerbs } from './urllib.ts';

const BASE_CLASSES = ['Service', 'Controller', 'Subscription', 'BaseContextClass'];

const eggModule: ModuleTable = (path) => {
  const [base, self, holder, ...rest] = path;
  if (base === undefined || !BASE_CLASSES.includes(base) || self !== THIS_MEMBER) return undefined;
  if (holder !== 'ctx' && holder !== 'app') return undefined;
  return urllibVerbs(rest[0] === 'httpclient' ? rest.slice(1) : rest);
};

export const egg: ClientFamily = {
  meta: { id: 'egg', description: "egg's ctx.curl and app.httpclient in Service/Controller subclasses" },
  modules: { egg: eggModule },
};
