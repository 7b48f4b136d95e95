// What each HTTP/TLS client does with the arguments of each call: which argument is the URL, which
// carry options, and whether the call sends a request, builds an agent, or builds a client instance.
// One table row per client family; the flow code is family-agnostic.
import { ts } from 'ts-morph';
import { THIS_MEMBER, type InstanceRef, type ModuleRef, type ValueRef } from './resolve.ts';

export type CallRole =
  /** Sends requests: the options it receives reach the TLS layer for the URL's host. */
  | 'request'
  /** Builds an agent/dispatcher: the TLS options live on in the value it returns. */
  | 'agent'
  /** tls.createSecureContext: the options live on in a secure context. */
  | 'secure-context'
  /** Builds a client (axios.create, got.extend…): options serve every request the instance sends. */
  | 'instance'
  /** Sets process-wide defaults: every request of the process is served. */
  | 'global'
  /** Server-side TLS: a `ca` here verifies clients and is no pin. */
  | 'server'
  /** An SDK that only ever talks to WeChat (wechat-api's setOpts). */
  | 'sdk';

export interface CallShape {
  family: string;
  role: CallRole;
  /** The argument that holds the URL (or origin), when the call takes one. */
  urlArgument?: number;
  /** Arguments that may hold the options object. */
  optionArguments: number[];
  /** For tls.connect(port, host, options): the argument that is a bare host name. */
  hostArgument?: number;
  /** For 'sdk': the hosts the SDK talks to. */
  sdkHosts?: string[];
}

const VERBS_URL_CONFIG = ['get', 'delete', 'head', 'options', 'del'];
const VERBS_URL_DATA_CONFIG = ['post', 'put', 'patch', 'postForm', 'putForm', 'patchForm'];

/** How a module's member behaves when called; `path` is the member path below the module. */
type ModuleTable = (path: string[], isNew: boolean) => CallShape | undefined;

function nodeCore(family: string): ModuleTable {
  return (path) => {
    const [member, next] = path;
    if (member === 'Agent' && next === undefined) return { family, role: 'agent', optionArguments: [0] };
    if ((member === 'request' || member === 'get') && next === undefined) {
      return { family, role: 'request', urlArgument: 0, optionArguments: [0, 1] };
    }
    if ((member === 'createServer' || member === 'Server') && next === undefined) {
      return { family, role: 'server', optionArguments: [0] };
    }
    return undefined;
  };
}

const tlsTable: ModuleTable = (path) => {
  const [member, next] = path;
  if (next !== undefined) return undefined;
  if (member === 'connect') return { family: 'tls', role: 'request', optionArguments: [0, 1, 2], hostArgument: 1 };
  if (member === 'createSecureContext') return { family: 'tls', role: 'secure-context', optionArguments: [0] };
  if (member === 'createServer' || member === 'Server') return { family: 'tls', role: 'server', optionArguments: [0, 1] };
  if (member === 'TLSSocket') return { family: 'tls', role: 'request', optionArguments: [1] };
  return undefined;
};

const http2Table: ModuleTable = (path) => {
  if (path.length === 1 && path[0] === 'connect') {
    return { family: 'http2', role: 'request', urlArgument: 0, optionArguments: [1] };
  }
  if (path.length === 1 && (path[0] === 'createSecureServer' || path[0] === 'createServer')) {
    return { family: 'http2', role: 'server', optionArguments: [0] };
  }
  return undefined;
};

/** Verb calls shared by axios and its instances: `x(url, config)`, `x.get(url, config)`, `x.post(url, data, config)`. */
function axiosVerbs(path: string[]): CallShape | undefined {
  const [verb, next] = path;
  if (next !== undefined) return undefined;
  if (verb === undefined || verb === '()') return { family: 'axios', role: 'request', urlArgument: 0, optionArguments: [0, 1] };
  if (verb === 'request') return { family: 'axios', role: 'request', optionArguments: [0] };
  if (VERBS_URL_CONFIG.includes(verb)) return { family: 'axios', role: 'request', urlArgument: 0, optionArguments: [1] };
  if (VERBS_URL_DATA_CONFIG.includes(verb)) return { family: 'axios', role: 'request', urlArgument: 0, optionArguments: [2] };
  return undefined;
}

const axiosTable: ModuleTable = (path) =>
  path.length === 1 && path[0] === 'create' ? { family: 'axios', role: 'instance', optionArguments: [0] } : axiosVerbs(path);

/** request, request-promise and friends: `request(url, opts)`, `request(opts)`, `request.get(...)`. */
function requestVerbs(family: string): (path: string[]) => CallShape | undefined {
  return (path) => {
    const [verb, next] = path;
    if (next !== undefined) return undefined;
    if (verb === undefined || verb === '()' || [...VERBS_URL_CONFIG, ...VERBS_URL_DATA_CONFIG].includes(verb)) {
      return { family, role: 'request', urlArgument: 0, optionArguments: [0, 1] };
    }
    if (verb === 'defaults') return { family, role: 'instance', optionArguments: [0] };
    return undefined;
  };
}

function gotVerbs(path: string[]): CallShape | undefined {
  const [verb, next] = path;
  if (next !== undefined) return undefined;
  if (verb === undefined || verb === '()' || verb === 'stream' || [...VERBS_URL_CONFIG, ...VERBS_URL_DATA_CONFIG].includes(verb)) {
    return { family: 'got', role: 'request', urlArgument: 0, optionArguments: [0, 1] };
  }
  if (verb === 'extend') return { family: 'got', role: 'instance', optionArguments: [0, 1, 2] };
  return undefined;
}

function fetchLike(family: string): ModuleTable {
  return (path) =>
    path.length === 0 || (path.length === 1 && path[0] === 'fetch')
      ? { family, role: 'request', urlArgument: 0, optionArguments: [1] }
      : undefined;
}

const undiciTable: ModuleTable = (path) => {
  const [member, next] = path;
  if (next !== undefined) return undefined;
  if (member === 'Agent' || member === 'ProxyAgent' || member === 'EnvHttpProxyAgent') {
    return { family: 'undici', role: 'agent', optionArguments: [0] };
  }
  // A Pool or Client is bound to one origin, its first argument.
  if (member === 'Pool' || member === 'Client') return { family: 'undici', role: 'agent', urlArgument: 0, optionArguments: [1] };
  if (member === 'request' || member === 'fetch' || member === 'stream') {
    return { family: 'undici', role: 'request', urlArgument: 0, optionArguments: [1] };
  }
  if (member === 'setGlobalDispatcher') return { family: 'undici', role: 'global', optionArguments: [0] };
  return undefined;
};

function urllibVerbs(path: string[]): CallShape | undefined {
  const [verb, next] = path;
  if (next !== undefined) return undefined;
  if (verb === 'request' || verb === 'curl' || verb === 'requestThunk') {
    return { family: 'urllib', role: 'request', urlArgument: 0, optionArguments: [1] };
  }
  return undefined;
}

const urllibTable: ModuleTable = (path) => {
  const [member, next] = path;
  if (next === undefined && (member === 'HttpClient' || member === 'HttpClient2' || member === 'create')) {
    return { family: 'urllib', role: 'instance', optionArguments: [0] };
  }
  return urllibVerbs(path);
};

const needleTable: ModuleTable = (path) => {
  const [verb, next] = path;
  if (next !== undefined) return undefined;
  if (verb === undefined || verb === 'request') return { family: 'needle', role: 'request', urlArgument: 1, optionArguments: [2, 3] };
  if (['get', 'head', 'delete'].includes(verb)) return { family: 'needle', role: 'request', urlArgument: 0, optionArguments: [1] };
  if (['post', 'put', 'patch'].includes(verb)) return { family: 'needle', role: 'request', urlArgument: 0, optionArguments: [2] };
  return undefined;
};

const superagentTable: ModuleTable = (path) => {
  const [verb, next] = path;
  if (next !== undefined) return undefined;
  if (verb === undefined || [...VERBS_URL_CONFIG, ...VERBS_URL_DATA_CONFIG].includes(verb)) {
    return { family: 'superagent', role: 'request', urlArgument: verb === undefined ? 1 : 0, optionArguments: [] };
  }
  return undefined;
};

/** wechat-api and co-wechat-api talk to api.weixin.qq.com only; setOpts passes options to urllib. */
function wechatSdk(family: string): (path: string[]) => CallShape | undefined {
  return (path) =>
    path.length === 1 && path[0] === 'setOpts'
      ? { family, role: 'sdk', optionArguments: [0], sdkHosts: ['api.weixin.qq.com'] }
      : undefined;
}

/** egg's base classes; inside a subclass, `this.ctx` and `this.app` are egg's context and application. */
const EGG_BASE_CLASSES = ['Service', 'Controller', 'Subscription', 'BaseContextClass'];

/**
 * egg's HTTP client is urllib: `this.ctx.curl(url, opts)`, `this.app.httpclient.request(url, opts)`.
 * The path arrives as [Base, '<this>', 'ctx' | 'app', …] (see Resolver's inherited `this`).
 */
const eggTable: ModuleTable = (path) => {
  const [base, self, holder, ...rest] = path;
  if (base === undefined || !EGG_BASE_CLASSES.includes(base) || self !== THIS_MEMBER) return undefined;
  if (holder !== 'ctx' && holder !== 'app') return undefined;
  const call = rest[0] === 'httpclient' ? rest.slice(1) : rest;
  if (call.length === 1 && (call[0] === 'curl' || call[0] === 'request' || call[0] === 'requestThunk')) {
    return { family: 'urllib', role: 'request', urlArgument: 0, optionArguments: [1] };
  }
  return undefined;
};

/**
 * wechatpay-axios-plugin: `new Wechatpay(config)` builds an axios client for api.mch.weixin.qq.com;
 * config's axios options (httpsAgent, baseURL…) pass through to it.
 */
const wechatpayAxiosTable: ModuleTable = (path) => {
  const [member, next] = path;
  if (next !== undefined || (member !== 'Wechatpay' && member !== undefined)) return undefined;
  return { family: 'wechatpay-axios-plugin', role: 'sdk', optionArguments: [0], sdkHosts: ['api.mch.weixin.qq.com'] };
};

const MODULES: Record<string, ModuleTable> = {
  https: nodeCore('https'),
  http: nodeCore('http'),
  tls: tlsTable,
  http2: http2Table,
  axios: axiosTable,
  got: (path) => gotVerbs(path),
  request: (path) => requestVerbs('request')(path),
  'request-promise': (path) => requestVerbs('request-promise')(path),
  'request-promise-native': (path) => requestVerbs('request-promise-native')(path),
  'postman-request': (path) => requestVerbs('postman-request')(path),
  'node-fetch': fetchLike('node-fetch'),
  'cross-fetch': fetchLike('cross-fetch'),
  undici: undiciTable,
  urllib: urllibTable,
  needle: needleTable,
  superagent: superagentTable,
  egg: eggTable,
  'wechatpay-axios-plugin': wechatpayAxiosTable,
};

/** Calls on an instance: `instance.get(url)`; `path` is below the instance. */
const INSTANCE_VERBS: Record<string, (path: string[]) => CallShape | undefined> = {
  'axios:create': axiosVerbs,
  'got:extend': gotVerbs,
  'got:': gotVerbs,
  'request:defaults': requestVerbs('request'),
  'request-promise:defaults': requestVerbs('request-promise'),
  'request-promise-native:defaults': requestVerbs('request-promise-native'),
  'urllib:HttpClient': urllibVerbs,
  'urllib:HttpClient2': urllibVerbs,
  'urllib:create': urllibVerbs,
  'wechat-api:': wechatSdk('wechat-api'),
  'co-wechat-api:': wechatSdk('co-wechat-api'),
};

/** The shape of a call, given what its callee resolved to; undefined for a call no table knows. */
export function shapeOfCall(callee: ValueRef | undefined, call: ts.CallExpression | ts.NewExpression): CallShape | undefined {
  if (!callee) return globalFetchShape(call);
  if (callee.kind === 'module') return MODULES[callee.module]?.(callee.path, ts.isNewExpression(call));
  if (callee.kind === 'instance') return instanceShape(callee);
  return undefined;
}

function instanceShape(instance: InstanceRef): CallShape | undefined {
  const key = `${instance.factory.module}:${instance.factory.path.join('.')}`;
  return INSTANCE_VERBS[key]?.(instance.path);
}

/** The global `fetch` of Node 18+ (undici underneath): it takes a `dispatcher`. */
function globalFetchShape(call: ts.CallExpression | ts.NewExpression): CallShape | undefined {
  const callee = call.expression;
  if (ts.isIdentifier(callee) && callee.text === 'fetch') {
    return { family: 'fetch', role: 'request', urlArgument: 0, optionArguments: [1] };
  }
  return undefined;
}

/** Is this module one the tables know? Used to tell "some client we model" from "unknown code". */
export function isKnownModule(ref: ModuleRef): boolean {
  return ref.module in MODULES || `${ref.module}:` in INSTANCE_VERBS;
}

/** Option keys that hold a TLS setting, and the keys that nest them, per client. */
export const TLS_OPTION_KEYS = ['ca', 'certificateAuthority', 'rejectUnauthorized', 'checkServerIdentity'];
/** `request`'s agentOptions, got's https, undici's connect: TLS options one level down. */
export const TLS_OPTION_NESTS = ['agentOptions', 'https', 'connect', 'tls'];
/** Where an agent (or dispatcher, or secure context) is passed to a request or client. */
export const AGENT_KEYS: readonly string[][] = [['agent'], ['httpsAgent'], ['agent', 'https'], ['dispatcher']];
export const SECURE_CONTEXT_KEYS: readonly string[][] = [['secureContext']];

/** Option names that say where a request goes. */
export const HOST_OPTION_KEYS = ['url', 'uri', 'baseURL', 'baseUrl', 'prefixUrl', 'origin', 'hostname', 'host', 'servername'];
