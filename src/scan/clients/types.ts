// The vocabulary of the client tables. Each family (one data module in this folder) describes, as a
// tree of API nodes per npm or node: module, what its members do: which calls send requests, build
// agents or client instances, which argument holds the URL and which the options, where in the
// options TLS settings, agents and base URLs sit, and which members hold state of their own
// (`instance.defaults`, `https.globalAgent`). The analysis names no family; adding one is one file.

export type CallRole =
  /** Sends a request: the options it receives reach TLS for the URL's host. */
  | 'request'
  /** Builds an agent or dispatcher: its options live on in the value it returns. */
  | 'agent'
  /** tls.createSecureContext: its options live on in a secure context. */
  | 'secure-context'
  /** Builds a client (axios.create, got.extend, new HttpClient): its options serve every request it sends. */
  | 'instance'
  /** Installs an agent process-wide (undici's setGlobalDispatcher). */
  | 'global'
  /** Server-side TLS: a `ca` here verifies clients and is no pin. */
  | 'server'
  /** Merges options into what a client keeps for every request it sends (wechat-api's `setOpts`). */
  | 'configure'
  /** Points a client at another host (wechat-api's `setEndpoint(domain)`). */
  | 'redirect'
  /** Hands a client an object whose methods it calls to send its requests (`pay.createHttp(service)`). */
  | 'delegate'
  /** Registers a callback that receives every request's options (axios interceptors). */
  | 'hook'
  /** Sets one TLS option on a request being built (superagent's `.ca(x)`); returns the request. */
  | 'tls-setter'
  /** Sets one option on a request being built to its argument (superagent's `.agent(a)`); returns the request. */
  | 'option-setter'
  /** A step of a request being built that changes nothing TLS reads (`.set()`, `.query()`); returns it. */
  | 'chain';

/** Where TLS settings, agents and hosts sit in a call's options, as property paths. */
export interface OptionLayout {
  /** TLS settings the client reads: `['ca']`, `['https', 'certificateAuthority']`, `['agentOptions', 'ca']`. */
  tls: readonly (readonly string[])[];
  /** Where an agent or dispatcher is given: `['httpsAgent']`, `['agent', 'https']`, `['dispatcher']`. */
  agents: readonly (readonly string[])[];
  /** Where a secure context is given. */
  secureContexts?: readonly (readonly string[])[];
  /** Whole URLs in the options: `['url']`, `['uri']`. */
  urls: readonly (readonly string[])[];
  /** Bare host names: `['hostname']`, `['host']`. */
  hosts: readonly (readonly string[])[];
  /** Base URLs that relative URLs go to: `['baseURL']`, `['prefixUrl']`. */
  bases: readonly (readonly string[])[];
  /** Callbacks that receive the request's options and may change them: got's `['hooks', 'beforeRequest']`. */
  hooks?: readonly (readonly string[])[];
}

export interface CallModel {
  role: CallRole;
  /** The argument that holds the URL (or the origin an undici Pool is bound to). */
  url?: number;
  /** The argument that is a bare host name: tls.connect(port, host, options). */
  host?: number;
  /** Arguments that may hold the options object. */
  options?: readonly number[];
  /** For 'global': the argument that is the agent installed. */
  agent?: number;
  /** For 'hook': the argument that is the callback. */
  callback?: number;
  /** For 'tls-setter': the option it sets; for 'redirect': the field of the client it writes. */
  setting?: string;
  /** For 'instance': the client sends requests of its own (an SDK), to these hosts. */
  sends?: SendsModel;
  /** For 'delegate': what the client calls on the object it is given. */
  delegate?: DelegateModel;
  /** The options are what a function in an argument returns (Nest's `registerAsync({ useFactory })`). */
  factory?: { argument: number; path: readonly string[] };
  /** The client is used by code the analysis does not see (dependency injection). */
  escapes?: boolean;
  /**
   * A dependency-injection container hands the client to whoever asks for this class of `module`
   * (@nestjs/axios's `HttpService`): such parameters receive it (values/injection.ts).
   */
  injectedAs?: { module: string; path: readonly string[] };
  /** What the call returns, for factories, constructors and request builders. */
  returns?: ApiNode;
  /** Where this call reads its options, when not the family's usual layout. */
  layout?: OptionLayout;
}

/** The requests an SDK client sends on its own. */
export interface SendsModel {
  /** Hosts it talks to by default. */
  hosts: readonly string[];
  /**
   * Fields of the client that point it elsewhere when written (`api.endpoint`, `api.prefix`), and
   * whether every request follows them (`replaces`) or only some do (the default hosts stay).
   */
  redirect?: { fields: readonly string[]; replaces: boolean };
}

/** An object a client is given and calls to send its requests: which methods, with the URL where. */
export interface DelegateModel {
  hosts: readonly string[];
  /** Method name → the parameter that receives the URL. */
  methods: Readonly<Record<string, { url: number }>>;
}

/** A member of a module or of an object a modelled call made. */
export interface ApiNode {
  /** What calling it (or `new`-ing it) does. */
  call?: CallModel;
  /** Its properties. */
  members?: Readonly<Record<string, ApiNode>>;
  /** Any property not in `members` (request builders: every unknown step returns the request). */
  anyMember?: ApiNode;
  /**
   * A property that is state of its own: one object per instance (or per module), holding options
   * (`instance.defaults`) or an agent (`https.globalAgent`). Writes to it and its fields are kept.
   */
  slot?: { holds: 'options' | 'agent' | 'client'; global?: boolean; client?: { module: string; creation: CallModel } };
  /** Assigning an object to this member installs it as the client's delegate (TNWX's `HttpKit.setHttpDelegate = kit`). */
  delegate?: DelegateModel;
  /** A value the framework computes from the project's own files (egg's merged `config`). */
  provides?: string;
  /** In a class that extends this one (egg's Service), what `this` holds. */
  thisMembers?: Readonly<Record<string, ApiNode>>;
}

/** One client family: the modules it answers for, and the option layout its calls use. */
export interface ClientFamily {
  meta: { id: string; description: string };
  /** Module specifiers (`node:` stripped) → the module's root node. */
  modules: Readonly<Record<string, ApiNode>>;
  /** Global names it answers for (Node's global `fetch`). */
  globals?: Readonly<Record<string, ApiNode>>;
  layout: OptionLayout;
  /** Option keys only this family reads (request's `strictSSL`); other families ignore them. */
  ownKeys?: readonly string[];
  /** For a framework: the files it loads and calls itself, and the values it hands them. */
  framework?: FrameworkModel;
}

/**
 * A framework that calls the project's code itself (egg calls `app.js` with the application and a
 * schedule's `task` with a context): which files, what in their exports, with which of its values.
 */
export interface FrameworkModel {
  /** The app root a file belongs to, when it belongs to one. */
  root(file: string, known: ReadonlySet<string>): string | undefined;
  /** Files under the root it loads, and what it calls in their exports. */
  entries: ReadonlyArray<{ files: RegExp; calls: ReadonlyArray<EntryCall> }>;
  /** The values it hands over, by name: their members as API nodes. */
  values: Readonly<Record<string, ApiNode>>;
  /** What a `provides` member stands for: the join of these files' exports (functions called with `values.input`). */
  provided: Readonly<Record<string, (root: string, known: ReadonlySet<string>) => readonly string[]>>;
}

/** `path` in the file's exports is called (or constructed) with the named values; `then` calls into its result. */
export interface EntryCall {
  path: readonly string[];
  with: readonly string[];
  then?: EntryCall;
}

export const VERBS_URL_CONFIG = ['get', 'delete', 'head', 'options', 'del'] as const;
export const VERBS_URL_DATA_CONFIG = ['post', 'put', 'patch', 'postForm', 'putForm', 'patchForm'] as const;

/** `{ get: node, post: node, … }` for a list of names. */
export function each<T>(names: readonly string[], node: T): Record<string, T> {
  return Object.fromEntries(names.map((name) => [name, node]));
}

export const NO_LAYOUT: OptionLayout = { tls: [], agents: [], urls: [], hosts: [], bases: [] };

/** `record[key]` when the record itself has it: never a member of Object.prototype (`constructor`). */
export function own<T>(record: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return record && Object.hasOwn(record, key) ? record[key] : undefined;
}
