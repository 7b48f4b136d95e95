// The vocabulary of the client tables: what a call does with its arguments. Each client family
// (one module in this folder) describes its calls in these terms; the flow code is family-agnostic.

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
  /** For 'sdk': the hosts the SDK talks to unless its options name another. */
  sdkHosts?: string[];
}

/** How a module's member behaves when called; `path` is the member path below the module. */
export type ModuleTable = (path: string[], isNew: boolean) => CallShape | undefined;

/** How a call on an instance behaves; `path` is the member path below the instance. */
export type InstanceTable = (path: string[]) => CallShape | undefined;

/** One client family: the modules it answers for and the instances their factories make. */
export interface ClientFamily {
  meta: { id: string; description: string };
  /** Keyed by module specifier (`node:` stripped). */
  modules: Record<string, ModuleTable>;
  /** Keyed by `module:factory.path` (`axios:create`), or `module:` for the module's own instances. */
  instances?: Record<string, InstanceTable>;
}

export const VERBS_URL_CONFIG = ['get', 'delete', 'head', 'options', 'del'];
export const VERBS_URL_DATA_CONFIG = ['post', 'put', 'patch', 'postForm', 'putForm', 'patchForm'];
