// The client families, merged: which family answers for a module or a global name, and the root of
// its API tree. The analysis asks this module and never names a family itself.
import { axios } from './clients/axios.ts';
import { egg } from './clients/egg.ts';
import { fetch } from './clients/fetch.ts';
import { got } from './clients/got.ts';
import { needle } from './clients/needle.ts';
import { ws } from './clients/ws.ts';
import { nodeCore } from './clients/node-core.ts';
import { request } from './clients/request.ts';
import { superagent } from './clients/superagent.ts';
import type { ApiNode, ClientFamily } from './clients/types.ts';
import { undici } from './clients/undici.ts';
import { urllib } from './clients/urllib.ts';
import { nest } from './clients/nest.ts';
import { namesWeChatOnlyModule, SDK_HOSTS, WECHAT_ONLY_MODULES, wechatSdks } from './clients/wechat-sdks.ts';

export type { ApiNode, CallModel, ClientFamily, OptionLayout } from './clients/types.ts';

export const CLIENT_FAMILIES: readonly ClientFamily[] = [nodeCore, axios, got, fetch, undici, request, urllib, egg, needle, superagent, ws, nest, wechatSdks];

const BY_MODULE = new Map<string, ClientFamily>();
const BY_GLOBAL = new Map<string, ClientFamily>();
for (const family of CLIENT_FAMILIES) {
  for (const name of Object.keys(family.modules)) BY_MODULE.set(name, family);
  for (const name of Object.keys(family.globals ?? {})) BY_GLOBAL.set(name, family);
}

/** The family that answers for a module specifier (`node:` already stripped), if any. */
export function familyOfModule(module: string): ClientFamily | undefined {
  return BY_MODULE.get(module) ?? BY_GLOBAL.get(module.replace(/^<global>:/, ''));
}

/** The root of a module's API tree, or of a global's (`<global>:fetch`). */
export function rootOfModule(module: string): ApiNode | undefined {
  const global = /^<global>:(.*)$/.exec(module)?.[1];
  if (global !== undefined) return BY_GLOBAL.get(global)?.globals?.[global];
  return BY_MODULE.get(module)?.modules[module];
}

/** Global names some family answers for (`fetch`). */
export function isClientGlobal(name: string): boolean {
  return BY_GLOBAL.has(name);
}

export { namesWeChatOnlyModule, SDK_HOSTS, WECHAT_ONLY_MODULES };
