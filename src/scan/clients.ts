// The client tables, one module per family under ./clients/: which argument of each call is the URL,
// which carry options, and whether the call sends a request, builds an agent or an instance.
// This module merges them and answers "what does this call do?" for the flow code.
import { ts } from 'ts-morph';
import type { InstanceRef, ModuleRef, ValueRef } from './resolve.ts';
import { axios } from './clients/axios.ts';
import { egg } from './clients/egg.ts';
import { fetch, globalFetchShape } from './clients/fetch.ts';
import { got } from './clients/got.ts';
import { needle } from './clients/needle.ts';
import { nodeCore } from './clients/node-core.ts';
import { request } from './clients/request.ts';
import { superagent } from './clients/superagent.ts';
import type { CallShape, ClientFamily, InstanceTable, ModuleTable } from './clients/types.ts';
import { undici } from './clients/undici.ts';
import { urllib } from './clients/urllib.ts';
import { wechatSdks } from './clients/wechat-sdks.ts';

export type { CallRole, CallShape } from './clients/types.ts';
export { STRICT_SSL_FAMILIES } from './clients/request.ts';

export const CLIENT_FAMILIES: readonly ClientFamily[] = [
  nodeCore,
  axios,
  got,
  fetch,
  undici,
  request,
  urllib,
  egg,
  needle,
  superagent,
  wechatSdks,
];

const MODULES: Record<string, ModuleTable> = Object.assign({}, ...CLIENT_FAMILIES.map((family) => family.modules));
const INSTANCES: Record<string, InstanceTable> = Object.assign({}, ...CLIENT_FAMILIES.map((family) => family.instances ?? {}));

/** The shape of a call, given what its callee resolved to; undefined for a call no table knows. */
export function shapeOfCall(callee: ValueRef | undefined, call: ts.CallExpression | ts.NewExpression): CallShape | undefined {
  if (!callee) return globalFetchShape(call);
  if (callee.kind === 'module') return MODULES[callee.module]?.(callee.path, ts.isNewExpression(call));
  if (callee.kind === 'instance') return instanceShape(callee);
  return undefined;
}

function instanceShape(instance: InstanceRef): CallShape | undefined {
  const key = `${instance.factory.module}:${instance.factory.path.join('.')}`;
  return INSTANCES[key]?.(instance.path);
}

/** Is this module one the tables know? Used to tell "some client we model" from "unknown code". */
export function isKnownModule(ref: ModuleRef): boolean {
  return ref.module in MODULES || `${ref.module}:` in INSTANCES;
}

/** Option keys that hold a TLS setting, and the keys that nest them, per client. */
export const TLS_OPTION_KEYS = ['ca', 'certificateAuthority', 'rejectUnauthorized', 'strictSSL', 'checkServerIdentity'];
/** `request`'s agentOptions, got's https, undici's connect: TLS options one level down. */
export const TLS_OPTION_NESTS = ['agentOptions', 'https', 'connect', 'tls'];
/** Where an agent (or dispatcher, or secure context) is passed to a request or client. */
export const AGENT_KEYS: readonly string[][] = [['agent'], ['httpsAgent'], ['agent', 'https'], ['dispatcher']];
export const SECURE_CONTEXT_KEYS: readonly string[][] = [['secureContext']];

/** Option names that say where a request goes. */
export const HOST_OPTION_KEYS = ['url', 'uri', 'baseURL', 'baseUrl', 'prefixUrl', 'origin', 'hostname', 'host', 'servername'];
