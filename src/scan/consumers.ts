// Who reads each TLS setting, once the values are solved: every modelled request (with the hosts it
// may talk to), process-wide state, TLS servers, and whatever the analysis cannot see (escapes). The
// client tables say where in a call's options TLS settings, agents, URLs and base URLs sit.
import { ts } from './typescript.ts';
import type { HostMatcher } from '../hosts.ts';
import { own, type ApiNode, type CallModel, type OptionLayout } from './clients/types.ts';
import { skipOuter, type CallLike } from './syntax.ts';
import type { Analysis } from './values/analysis.ts';
import { CONFIGURED, familyOfApi, layoutOf } from './values/calls.ts';
import type { Escape } from './values/escape.ts';
import { creationOptions, readPath } from './values/fields.ts';
import type { AbstractObject } from './values/heap.ts';
import { ValueSet, isComplete, keyOf, leadingText, unknown, unknownOfApi, type ApiValue, type StringValue, type UnknownValue, type Value } from './values/lattice.ts';

/** Hosts something may talk to: WeChat's, others, and what could not be told (each with where it came from). */
export interface Hosts {
  wechat: Map<string, ts.Node>;
  other: Map<string, ts.Node>;
  unknown: Map<string, UnknownValue>;
}

export type Consumer =
  /** A request (or a connection bound to an origin) that reads the setting. */
  | { kind: 'request'; call: CallLike; family: string; hosts: Hosts }
  /** Process-wide state every request of the process reads. */
  | { kind: 'global'; family: string; at: ts.Node }
  /** A TLS server: its `ca` verifies clients. */
  | { kind: 'server'; call: CallLike }
  /** Code the scanner cannot see. */
  | { kind: 'unknown'; escape: Escape }
  /** A client instance used outside the scanned code: its uses are presumed to follow its base URL (policy 3). */
  | { kind: 'outside'; escape: Escape; hosts: Hosts; family: string };

export class ConsumerIndex {
  private readonly bySite = new Map<number, Consumer[]>();
  /** Every request the loaded code makes (SDK clients' own included), its hosts worked out when asked. */
  private readonly requests: Array<{ file: string; hosts: () => Hosts }> = [];

  constructor(
    private readonly a: Analysis,
    private readonly matcher: HostMatcher,
  ) {
    for (const call of a.calls()) this.visitCall(call);
    this.visitSdkClients();
    this.visitGlobalState();
    this.visitEscapes();
  }

  of(site: number): readonly Consumer[] {
    return this.bySite.get(site) ?? [];
  }

  /** The hosts the requests made in `files` may go to: what a process-wide setting there serves. */
  hostsOfRequestsIn(files: ReadonlySet<string>): Hosts {
    const all = emptyHosts();
    for (const request of this.requests) {
      if (!files.has(request.file)) continue;
      const hosts = request.hosts();
      for (const [host, node] of hosts.wechat) if (!all.wechat.has(host)) all.wechat.set(host, node);
      for (const [host, node] of hosts.other) if (!all.other.has(host)) all.other.set(host, node);
      for (const [key, value] of hosts.unknown) all.unknown.set(key, value);
    }
    return all;
  }

  private add(sites: Iterable<number>, consumer: Consumer): void {
    for (const site of sites) {
      const list = this.bySite.get(site);
      if (list) list.push(consumer);
      else this.bySite.set(site, [consumer]);
    }
  }

  // ---- calls ----

  private visitCall(call: CallLike): void {
    const callee = skipOuter(call.expression);
    if (callee.kind === ts.SyntaxKind.ImportKeyword || callee.kind === ts.SyntaxKind.SuperKeyword) return;
    for (const value of this.a.evaluate(callee)) {
      // A callable client instance (`wx(options)`) calls as its own model says (values/calls.ts).
      const api = value.kind === 'object' ? callableClient(value.object) : value;
      if (api?.kind !== 'api' || !api.model?.call) continue;
      this.visitModelledCall(call, api, api.model.call);
    }
  }

  private visitModelledCall(call: CallLike, api: ApiValue, model: CallModel): void {
    const layout = layoutOf(api, model);
    const family = familyOfApi(api)?.meta.id ?? api.module;
    if (!layout) return;
    const options = this.optionObjects(call, model);
    switch (model.role) {
      case 'request': {
        const config = configOf(this.a, api.receiver ?? this.a.moduleStateOf(api.module));
        // A request being built (superagent): what later steps set on it.
        if (model.returns) config.addAll(configOf(this.a, this.a.heap.objectAt(call, 'client')));
        let cached: Hosts | undefined;
        const hosts = (): Hosts => (cached ??= this.hostsOfRequest(call, model, layout, options, config));
        this.requests.push({ file: call.getSourceFile().fileName, hosts });
        const sites = this.settingsIn(new ValueSet().plus(options).plus(config), layout, 0);
        if (sites.size === 0) return;
        this.add(sites, { kind: 'request', call, family, hosts: hosts() });
        return;
      }
      case 'agent':
        // An undici Pool or Client: a connection bound to its origin.
        if (model.url === undefined) return;
        this.addIfAny(this.settingsIn(options, layout, 0), { kind: 'request', call, family, hosts: this.hostsOfRequest(call, model, layout, options, new ValueSet()) });
        return;
      case 'global': {
        const argument = model.agent === undefined ? undefined : call.arguments?.[model.agent];
        const agents = argument ? this.a.evaluate(argument) : new ValueSet();
        this.addIfAny(this.settingsOfAgents(agents, 0), { kind: 'global', family, at: call });
        return;
      }
      case 'server':
        this.addIfAny(this.settingsIn(options, layout, 0), { kind: 'server', call });
        return;
      default:
        return;
    }
  }

  private addIfAny(sites: Set<number>, consumer: Consumer): void {
    if (sites.size > 0) this.add(sites, consumer);
  }

  private optionObjects(call: CallLike, model: CallModel): ValueSet {
    const result = new ValueSet();
    for (const index of model.options ?? []) {
      const argument = call.arguments?.[index];
      if (argument && !ts.isSpreadElement(argument)) for (const value of this.a.evaluate(argument)) if (value.kind === 'object') result.add(value);
    }
    return result;
  }

  // ---- TLS settings in options ----

  /** The settings a call's options hold where its client reads them, agents and secure contexts followed. */
  private settingsIn(options: ValueSet, layout: OptionLayout, depth: number): Set<number> {
    const sites = new Set<number>();
    if (depth > 6) return sites;
    const at = this.a.files[0]!;
    for (const path of layout.tls) for (const value of readPath(this.a, options, path, at)) if (value.kind === 'setting') sites.add(value.site);
    for (const path of [...layout.agents, ...(layout.secureContexts ?? [])]) {
      for (const site of this.settingsOfAgents(readPath(this.a, options, path, at), depth + 1)) sites.add(site);
    }
    return sites;
  }

  /** Agents (and secure contexts, and node-fetch's `agent: (url) => agent`): the settings they were made with. */
  private settingsOfAgents(agents: Iterable<Value>, depth: number): Set<number> {
    const sites = new Set<number>();
    for (const agent of agents) {
      if (agent.kind === 'function') {
        for (const site of this.settingsOfAgents(this.a.returnsOf(agent.node), depth + 1)) sites.add(site);
        continue;
      }
      if (agent.kind !== 'object' || agent.object.kind !== 'client') continue;
      const layout = agentLayout(agent.object);
      if (!layout) continue;
      for (const site of this.settingsIn(configOf(this.a, agent.object), layout, depth + 1)) sites.add(site);
    }
    return sites;
  }

  // ---- SDKs ----

  /**
   * An SDK client sends requests of its own (docs/sdks.md): to its default hosts, unless a base URL in
   * its options or a field the code wrote points it elsewhere; with the options it was made with and
   * those `setOpts()` gave it.
   */
  private visitSdkClients(): void {
    for (const client of this.a.heap.all()) {
      const info = client.client;
      const sends = info?.creation?.sends;
      if (!info || !sends || client.kind !== 'client') continue;
      const layout = agentLayout(client);
      if (!layout) continue;
      const config = configOf(this.a, client);
      const sites = this.settingsIn(config, layout, 0);
      const at = info.call ?? client.node;
      const hosts = emptyHosts();
      const bases = this.strings(readPaths(this.a, config, layout.bases, at));
      const redirects = this.strings(ValueSet.of(...(sends.redirect?.fields ?? []).flatMap((field) => [...(client.fields.get(field) ?? [])])));
      for (const url of [...bases, ...redirects]) this.addUrl(hosts, url, undefined, at);
      if (bases.size === 0 && !(sends.redirect?.replaces && redirects.size > 0)) for (const host of sends.hosts) this.addHost(hosts, host, at);
      this.requests.push({ file: at.getSourceFile().fileName, hosts: () => hosts });
      if (sites.size > 0) this.add(sites, { kind: 'request', call: at as CallLike, family: info.family?.meta.id ?? info.module, hosts });
    }
  }

  // ---- process-wide state ----

  /** axios.defaults, https.globalAgent (its options, or an agent put in its place). */
  private visitGlobalState(): void {
    for (const object of this.a.heap.all()) {
      if (!object.global) continue;
      const owner = object.owner?.object ?? undefined;
      const family = (object.client ?? owner?.client)?.family;
      if (!family) continue;
      const sites =
        object.kind === 'client'
          ? this.settingsOfAgents([{ kind: 'object', object }], 0)
          : this.settingsIn(ValueSet.of({ kind: 'object', object }), family.layout, 0);
      this.addIfAny(sites, { kind: 'global', family: family.meta.id, at: object.node });
    }
    for (const [, state] of this.a.moduleStates()) {
      const family = state.client?.family;
      const root = state.client?.node;
      if (!family || !root?.members) continue;
      for (const [name, member] of Object.entries(root.members)) {
        if (!member.slot?.global || member.slot.holds !== 'agent') continue;
        const replaced = state.fields.get(name);
        if (replaced) this.addIfAny(this.settingsOfAgents(replaced, 0), { kind: 'global', family: family.meta.id, at: state.node });
      }
    }
  }

  // ---- what the scanner cannot see ----

  private visitEscapes(): void {
    for (const [site, escape] of this.a.escaped.settings) this.add([site], { kind: 'unknown', escape });
    for (const [client, escape] of this.a.escaped.clients) {
      const layout = agentLayout(client);
      if (!layout) continue;
      const config = configOf(this.a, client);
      const sites = this.settingsIn(config, layout, 0);
      if (sites.size === 0) continue;
      const bases = this.strings(readPaths(this.a, config, layout.bases, escape.at));
      if (client.client?.creation?.role === 'instance' && bases.size > 0) {
        // Policy 3: a client whose base URL is known is used as that base URL says.
        const hosts = emptyHosts();
        for (const base of bases) this.addUrl(hosts, base, undefined, escape.at);
        // …unless its own hooks send requests elsewhere.
        for (const url of this.hookedUrls(config, layout, escape.at)) this.addUrl(hosts, url, undefined, escape.at);
        this.add(sites, { kind: 'outside', escape, hosts, family: client.client.family?.meta.id ?? client.client.module });
      } else {
        this.add(sites, { kind: 'unknown', escape });
      }
    }
  }

  // ---- hosts ----

  private hostsOfRequest(call: CallLike, model: CallModel, layout: OptionLayout, options: ValueSet, config: ValueSet): Hosts {
    const hosts = emptyHosts();
    const all = new ValueSet().plus(options).plus(config);
    const bases = this.strings(readPaths(this.a, all, layout.bases, call));
    const urls = new ValueSet();
    let urlGiven = false;
    if (model.url !== undefined) {
      const argument = call.arguments?.[model.url];
      if (argument) {
        for (const value of this.a.evaluate(argument)) {
          if (value.kind === 'object') continue;
          urls.add(value);
          urlGiven = true;
        }
      }
    }
    // `axios.get(url, config)`: the URL argument wins over a `url` in the options.
    if (!urlGiven) urls.addAll(this.strings(readPaths(this.a, options, layout.urls, call)));
    // A hook or interceptor that sets the URL (`config.url = …`, got's `options.url = …`) sends the
    // request there instead, for the requests it touches.
    // Not relative to the base URL: what a hook cannot be read to set may be any URL.
    for (const url of this.hookedUrls(config, layout, call)) this.addUrl(hosts, url, undefined, call);
    const names = new ValueSet();
    if (model.host !== undefined) {
      const argument = call.arguments?.[model.host];
      if (argument) for (const value of this.a.evaluate(argument)) if (value.kind === 'string' || value.kind === 'unknown') names.add(value);
    }
    names.addAll(this.strings(readPaths(this.a, all, layout.hosts, call)));
    for (const url of urls) this.addUrl(hosts, url, bases, call);
    for (const name of names) this.addHostName(hosts, name, call);
    // A base URL is intent (policy 3): a client made for it serves its host, even where the tree sends
    // it absolute URLs only; a non-WeChat one among them makes the pin a review, not a non-finding.
    const configured = this.strings(readPaths(this.a, config, layout.bases, call));
    if (urls.size > 0) for (const base of configured) this.addUrl(hosts, base, undefined, call);
    if (urls.size === 0 && names.size === 0) {
      // A URL argument with no value at all: code no call reaches (a method nothing calls). No host.
      const argument = model.url === undefined ? undefined : call.arguments?.[model.url];
      const unreached = argument !== undefined && this.a.evaluate(argument).size === 0;
      if (bases.size > 0) for (const base of bases) this.addUrl(hosts, base, undefined, call);
      else if (!unreached) addUnknown(hosts, unknown('operation', call, 'a request whose URL the scanner cannot see'));
    }
    return hosts;
  }

  /** URLs a client's hooks and interceptors write into the options of its requests. */
  private hookedUrls(config: ValueSet, layout: OptionLayout, at: ts.Node): ValueSet {
    const hooked = new ValueSet();
    for (const value of config) if (value.kind === 'object' && value.object.owner?.name === '<request-options>') hooked.add(value);
    return hooked.size > 0 ? this.strings(readPaths(this.a, hooked, layout.urls, at)) : new ValueSet();
  }

  /** Strings and unknowns among values (the rest, like `undefined`, name no host). */
  private strings(values: ValueSet): ValueSet {
    const result = new ValueSet();
    for (const value of values) if (value.kind === 'string' || value.kind === 'unknown' || value.kind === 'api') result.add(value);
    return result;
  }

  /**
   * A URL: an absolute one names its host; a path, or one the scanner cannot read, goes to the base URL
   * when the client has one (a base URL is intent, DESIGN.md policy 3); otherwise it is unknown.
   */
  private addUrl(hosts: Hosts, url: Value, bases: ValueSet | undefined, at: ts.Node): void {
    const useBase = (): boolean => {
      if (!bases || bases.size === 0) return false;
      for (const base of bases) this.addUrl(hosts, base, undefined, at);
      return true;
    };
    if (url.kind === 'primitive' && (url.value === undefined || url.value === null)) {
      if (!useBase()) addUnknown(hosts, unknown('operation', at, 'a request without a URL'));
      return;
    }
    if (url.kind === 'unknown' || url.kind === 'api') {
      // What callers outside the tree pass is presumed to follow the base URL (policy 3); a value the
      // tree itself makes and the scanner cannot read (the environment, a response, an unmodelled
      // call) may be any absolute URL (policy 1).
      const fromOutside = url.kind === 'unknown' && url.reason === 'parameter';
      if (!fromOutside || !useBase()) addUnknown(hosts, url.kind === 'api' ? unknownOfApi(url, at) : url);
      return;
    }
    if (url.kind !== 'string') {
      addUnknown(hosts, unknown('operation', at));
      return;
    }
    const parsed = parseUrl(url);
    if (parsed.kind === 'host') this.addHost(hosts, parsed.host, parsed.origin);
    else if (parsed.kind === 'relative') {
      if (!useBase()) addUnknown(hosts, unknown('operation', at, 'a path with no base URL'));
    } else {
      // Its start is unknown: a path callers outside the tree give follows the base URL (policy 3);
      // an absolute start (`https://${host}`), or a value the tree makes, may be any URL (policy 1).
      const absolute = /^(?:[a-z][a-z0-9+.-]*:|\/\/)/i.test(leadingText(url)) || schemeAfterHole(url);
      if (!absolute && parsed.unknown?.reason === 'parameter' && useBase()) return;
      addUnknown(hosts, parsed.unknown ?? unknown('operation', at));
    }
  }

  /** A bare host name option (`hostname: 'api.weixin.qq.com'`, `tls.connect(443, host)`). */
  private addHostName(hosts: Hosts, value: Value, at: ts.Node): void {
    if (value.kind === 'string' && isComplete(value)) {
      const host = leadingText(value).trim().toLowerCase().replace(/:\d*$/, '').replace(/\.$/, '');
      if (/^[a-z0-9.-]+$/.test(host)) {
        const first = value.parts[0];
        this.addHost(hosts, host, first && 'text' in first ? first.origin : at);
        return;
      }
    }
    if (value.kind === 'api') addUnknown(hosts, unknownOfApi(value, at));
    else addUnknown(hosts, value.kind === 'unknown' ? value : value.kind === 'string' ? (firstHole(value) ?? unknown('operation', at)) : unknown('operation', at));
  }

  private addHost(hosts: Hosts, host: string, origin: ts.Node): void {
    const target = this.matcher.isWeChat(host) ? hosts.wechat : hosts.other;
    if (!target.has(host)) target.set(host, origin);
  }
}

/** Everything a client reads its options from: what it was made with (its parent's too), and state kept. */
function callableClient(object: AbstractObject): ApiValue | undefined {
  const info = object.client;
  if (object.kind !== 'client' || !info?.node?.call) return undefined;
  return { kind: 'api', module: info.module, path: [], model: info.node, receiver: object };
}

export function configOf(a: Analysis, client: AbstractObject): ValueSet {
  const result = creationOptions(a, client);
  for (const owner of lineage(client)) {
    for (const slot of a.heap.slotsOf(owner)) if (!slot.global) result.add({ kind: 'object', object: slot });
    for (const value of owner.fields.get(CONFIGURED) ?? []) if (value.kind === 'object') result.add(value);
    // `instance.defaults = {…}`: state the code replaced.
    for (const [name, values] of owner.fields) {
      if (!isSlotPath(owner.client?.node, name)) continue;
      for (const value of values) if (value.kind === 'object') result.add(value);
    }
  }
  return result;
}

function isSlotPath(node: ApiNode | undefined, name: string): boolean {
  let current = node;
  for (const key of name.split('.')) current = own(current?.members, key);
  return current?.slot !== undefined && current.slot.global !== true;
}

function lineage(client: AbstractObject): AbstractObject[] {
  const chain: AbstractObject[] = [];
  for (let current: AbstractObject | undefined = client; current && chain.length < 8; current = current.client?.parent) chain.push(current);
  return chain;
}

/** The layout an agent's (or client's) own options follow. */
function agentLayout(client: AbstractObject): OptionLayout | undefined {
  return client.client?.creation?.layout ?? client.client?.family?.layout;
}

function readPaths(a: Analysis, objects: ValueSet, paths: readonly (readonly string[])[], at: ts.Node): ValueSet {
  const result = new ValueSet();
  for (const path of paths) result.addAll(readPath(a, objects, path, at));
  return result;
}

export function emptyHosts(): Hosts {
  return { wechat: new Map(), other: new Map(), unknown: new Map() };
}

function addUnknown(hosts: Hosts, value: UnknownValue): void {
  const key = keyOf(value);
  if (!hosts.unknown.has(key)) hosts.unknown.set(key, value);
}

/** `${scheme}://partner.example.com/x`: a scheme separator in known text before any path or query. */
function schemeAfterHole(value: StringValue): boolean {
  for (const part of value.parts) {
    if (!('text' in part)) continue;
    if (part.text.includes('://')) return true;
    if (/[/?#]/.test(part.text)) return false;
  }
  return false;
}

function firstHole(value: StringValue): UnknownValue | undefined {
  for (const part of value.parts) if ('hole' in part) return part.hole;
  return undefined;
}

type ParsedUrl = { kind: 'host'; host: string; origin: ts.Node } | { kind: 'relative' } | { kind: 'unknown'; unknown?: UnknownValue };

/**
 * The host a URL string names. A known start that is a whole origin (`https://host` then anything the
 * scanner cannot read) names that host: what follows an origin is a path or a query.
 */
export function parseUrl(value: StringValue): ParsedUrl {
  const leading = leadingText(value);
  const complete = isComplete(value);
  const match = /^(?:[a-z][a-z0-9+.-]*:)?\/\/([^/?#]*)/i.exec(leading);
  if (match) {
    const authority = match[1] ?? '';
    if (authority.length === 0) return { kind: 'unknown', unknown: firstHole(value) };
    const host = authority.replace(/^.*@/, '').replace(/:\d*$/, '').toLowerCase().replace(/\.$/, '');
    if (!/^[a-z0-9.-]+$/.test(host)) return { kind: 'unknown', unknown: firstHole(value) };
    return { kind: 'host', host, origin: originOfOffset(value, match[0].length - authority.length) };
  }
  if (leading.length === 0) return complete ? { kind: 'relative' } : { kind: 'unknown', unknown: firstHole(value) };
  if (/^[/?#.]/.test(leading)) return { kind: 'relative' };
  const bare = /^([a-z0-9-]+(?:\.[a-z0-9-]+)+)(?::\d+)?(?:[/?#]|$)/i.exec(leading);
  if (bare && (complete || bare[0].length < leading.length || /[/?#]$/.test(bare[0]))) {
    return { kind: 'host', host: bare[1]!.toLowerCase(), origin: originOfOffset(value, 0) };
  }
  if (complete || /^[^.:]*\//.test(leading)) return { kind: 'relative' };
  return { kind: 'unknown', unknown: firstHole(value) };
}

/** The node that wrote the text at `offset` of a string's known start. */
function originOfOffset(value: StringValue, offset: number): ts.Node {
  let at = 0;
  let last: ts.Node | undefined;
  for (const part of value.parts) {
    if (!('text' in part)) break;
    last = part.origin;
    if (offset < at + part.text.length) return part.origin;
    at += part.text.length;
  }
  return last ?? (value.parts[0] && 'hole' in value.parts[0] ? value.parts[0].hole.origin : (undefined as never));
}
