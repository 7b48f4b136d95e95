// Which hosts a TLS setting reaches: follows the setting from the object that holds it, through the
// agents, secure contexts and client instances built from it, to the requests that finally use it.
import { ts } from 'ts-morph';
import { hostOf, isRelativeUrl, type HostMatcher } from '../hosts.ts';
import {
  AGENT_KEYS,
  HOST_OPTION_KEYS,
  SECURE_CONTEXT_KEYS,
  STRICT_SSL_FAMILIES,
  TLS_OPTION_NESTS,
  shapeOfCall,
  type CallShape,
} from './clients.ts';
import { FlowTracer, type CallLike, type Sink } from './flow.ts';
import { Resolver, findProperty, skipOuter } from './resolve.ts';
import { StringEvaluator, type TextValue } from './strings.ts';

/** What a tracked value turned out to be passed as. */
type Carrier =
  | { kind: 'options'; key: string }
  | { kind: 'agent' }
  | { kind: 'secure-context' }
  | { kind: 'instance'; baseHosts: HostSet };

export interface EvidenceNode {
  node: ts.Node;
  note: string;
}

/** Hosts a value reaches: WeChat's, others, and whether some reach could not be resolved. */
export interface Reach {
  wechat: Set<string>;
  other: Set<string>;
  unresolved: boolean;
  /** Set process-wide (https.globalAgent, setGlobalDispatcher): serves every host of the process. */
  global: boolean;
  /** Used by a TLS server: verifies clients, no pin. */
  server: boolean;
  clients: Set<string>;
  evidence: EvidenceNode[];
}

interface HostSet {
  hosts: Array<{ host: string; origin: ts.Node }>;
  unresolved: boolean;
  /** Some URL was a path only: it needs a base URL to name a host. */
  relative: boolean;
}

const MAX_NESTING = 6;

export class ReachAnalyzer {
  private readonly tracer: FlowTracer;

  constructor(
    private readonly resolver: Resolver,
    private readonly strings: StringEvaluator,
    private readonly matcher: HostMatcher,
  ) {
    this.tracer = new FlowTracer(resolver, strings);
  }

  /** The reach of a TLS option `key` held by `holder` (an object literal). */
  ofOption(holder: ts.Node, key: string): Reach {
    const reach = emptyReach();
    this.visit(this.tracer.sinksOf(holder, [key], key), { kind: 'options', key }, reach, 0);
    return reach;
  }

  /** The reach of `target.key = value`. */
  ofAssignment(target: ts.Expression, key: string): Reach {
    const reach = emptyReach();
    this.visit(this.tracer.sinksOfStore(target, [key], key), { kind: 'options', key }, reach, 0);
    return reach;
  }

  /** The reach of a request made directly (superagent's `.get(url).ca(x)` chain). */
  ofRequest(call: CallLike, shape: CallShape): Reach {
    const reach = emptyReach();
    this.addRequest(call, shape, undefined, reach);
    return reach;
  }

  private visit(sinks: Sink[], carrier: Carrier, reach: Reach, depth: number): void {
    if (depth > MAX_NESTING) {
      reach.unresolved = true;
      return;
    }
    for (const sink of sinks) this.visitSink(sink, carrier, reach, depth);
  }

  private visitSink(sink: Sink, carrier: Carrier, reach: Reach, depth: number): void {
    switch (sink.kind) {
      case 'escape':
        reach.unresolved = true;
        reach.evidence.push({ node: sink.node, note: 'value leaves the code the scanner can follow' });
        return;
      case 'relay':
        // Reported at the property it becomes; nothing more reaches TLS from here.
        reach.evidence.push({ node: sink.node, note: 'passed on as the same option' });
        return;
      case 'module-state':
        this.visitModuleState(sink, carrier, reach);
        return;
      case 'receiver':
        if (carrier.kind === 'instance') this.visitInstanceCall(sink.call, carrier.baseHosts, reach);
        return;
      case 'stored': {
        const holder = sink.holder as CallLike;
        const shape = shapeOfCall(this.resolver.refOf(holder.expression), holder);
        // `agent.options.ca = x`, `instance.defaults.httpsAgent = x`: as if passed at creation.
        const path = stripStatePrefix(sink.path);
        if (shape) this.visitCall(holder, shape, path, carrier, reach, depth);
        else reach.unresolved = true;
        return;
      }
      case 'argument': {
        const shape = shapeOfCall(sink.callee, sink.call);
        if (!shape) {
          // Passed to code no table knows: it may reach any host.
          reach.unresolved = true;
          reach.evidence.push({ node: sink.call, note: 'passed to a function the scanner does not model' });
          return;
        }
        if (!shape.optionArguments.includes(sink.argIndex)) return;
        this.visitCall(sink.call, shape, sink.path, carrier, reach, depth);
        return;
      }
    }
  }

  private visitModuleState(sink: Extract<Sink, { kind: 'module-state' }>, carrier: Carrier, reach: Reach): void {
    const [first, second] = sink.path;
    const isGlobalAgent = (sink.module === 'https' || sink.module === 'http') && first === 'globalAgent';
    if (isGlobalAgent && (carrier.kind === 'agent' || second === 'options')) {
      reach.global = true;
      reach.clients.add(sink.module);
      return;
    }
    reach.unresolved = true;
  }

  private visitCall(call: CallLike, shape: CallShape, path: string[], carrier: Carrier, reach: Reach, depth: number): void {
    // setGlobalDispatcher(agent): the agent itself is the argument.
    const installsAgent = shape.role === 'global' && carrier.kind === 'agent' && path.length === 0;
    if (!installsAgent && !carriesTls(carrier, path)) return;
    // Only request and its wrappers read strictSSL, and only at the top of their options.
    if (carrier.kind === 'options' && carrier.key === 'strictSSL' && (!STRICT_SSL_FAMILIES.has(shape.family) || path.length !== 1)) return;
    switch (shape.role) {
      case 'server':
        reach.server = true;
        return;
      case 'global':
        reach.global = true;
        reach.clients.add(shape.family);
        return;
      case 'sdk': {
        reach.clients.add(shape.family);
        // A base URL given in the SDK's options replaces the host the SDK talks to by default.
        const configured = this.hostsOfOptions(call, shape);
        if (configured.hosts.length > 0 || configured.unresolved) this.mergeHosts(configured, reach);
        else for (const host of shape.sdkHosts ?? []) this.addHost(host, call, reach);
        return;
      }
      case 'request':
        this.addRequest(call, shape, undefined, reach);
        return;
      case 'agent':
        if (shape.urlArgument !== undefined) {
          this.addRequest(call, shape, undefined, reach);
          return;
        }
        this.visit(this.tracer.sinksOf(call, []), { kind: 'agent' }, reach, depth + 1);
        return;
      case 'secure-context':
        this.visit(this.tracer.sinksOf(call, []), { kind: 'secure-context' }, reach, depth + 1);
        return;
      case 'instance': {
        const baseHosts = this.hostsOfOptions(call, shape);
        reach.clients.add(shape.family);
        const sinks = this.tracer.sinksOf(call, []);
        if (sinks.length === 0 && baseHosts.hosts.length > 0) this.mergeHosts(baseHosts, reach);
        this.visit(sinks, { kind: 'instance', baseHosts }, reach, depth + 1);
        return;
      }
    }
  }

  private visitInstanceCall(call: CallLike, baseHosts: HostSet, reach: Reach): void {
    const shape = shapeOfCall(this.resolver.refOf(call.expression), call);
    if (shape?.role === 'request') this.addRequest(call, shape, baseHosts, reach);
  }

  private addRequest(call: CallLike, shape: CallShape, baseHosts: HostSet | undefined, reach: Reach): void {
    reach.clients.add(shape.family);
    const own = this.hostsOfRequest(call, shape);
    const namesNoHost = own.hosts.length === 0 && !own.unresolved;
    // A path-only URL, or no URL at all, goes to the instance's base URL when there is one.
    if (own.relative || namesNoHost) {
      if (baseHosts) this.mergeHosts(baseHosts, reach);
      else if (own.hosts.length === 0) own.unresolved = true;
    }
    this.mergeHosts(own, reach);
    reach.evidence.push({ node: call, note: `${shape.family} request` });
  }

  private mergeHosts(set: HostSet, reach: Reach): void {
    for (const { host, origin } of set.hosts) this.addHost(host, origin, reach);
    if (set.unresolved) reach.unresolved = true;
  }

  private addHost(host: string, origin: ts.Node, reach: Reach): void {
    const target = this.matcher.isWeChat(host) ? reach.wechat : reach.other;
    if (!target.has(host)) reach.evidence.push({ node: origin, note: `host ${host}` });
    target.add(host);
  }

  /** Hosts named by a request call: its URL argument and the host-ish options it is given. */
  private hostsOfRequest(call: CallLike, shape: CallShape): HostSet {
    const values: TextValue[] = [];
    const args = call.arguments ?? [];
    if (shape.urlArgument !== undefined) {
      const url = args[shape.urlArgument];
      if (url && !this.resolver.objectLiteralOf(url) && !isFunctionOrNumber(url)) values.push(...this.strings.evaluate(url));
    }
    if (shape.hostArgument !== undefined) {
      const host = args[shape.hostArgument];
      if (host && !this.resolver.objectLiteralOf(host) && !isFunctionOrNumber(host)) values.push(...this.strings.evaluate(host));
    }
    const fromOptions = this.hostsOfOptions(call, shape);
    return combine(this.hostSetOf(values), fromOptions);
  }

  private hostsOfOptions(call: CallLike, shape: CallShape): HostSet {
    const values: TextValue[] = [];
    const args = call.arguments ?? [];
    for (const index of shape.optionArguments) {
      const argument = args[index];
      const object = argument ? this.resolver.objectLiteralOf(argument) : undefined;
      if (!object) continue;
      for (const key of HOST_OPTION_KEYS) {
        const value = findProperty(object, key);
        if (value) values.push(...this.strings.evaluate(value));
      }
    }
    return this.hostSetOf(values);
  }

  /**
   * `${WechatHost.Api}${path}`: the known start is a whole WeChat origin and only what follows is
   * computed. The unknown part could in theory lengthen the host name, but a path or query is what
   * follows a base URL; only WeChat origins get this benefit, so an unknown tail never turns a
   * host we cannot name into a non-WeChat one and hides a finding.
   */
  private wechatOriginOf(value: TextValue): string | undefined {
    if (value.kind !== 'text' || value.complete || !ORIGIN_ONLY.test(value.text.trim())) return undefined;
    const host = hostOf(value.text, true);
    return host && this.matcher.isWeChat(host) ? host : undefined;
  }

  private hostSetOf(values: TextValue[]): HostSet {
    const set: HostSet = { hosts: [], unresolved: false, relative: false };
    for (const value of values) {
      if (value.kind === 'unknown') {
        set.unresolved = true;
        continue;
      }
      const host = hostOf(value.text, value.complete) ?? this.wechatOriginOf(value);
      if (host) set.hosts.push({ host, origin: value.origin });
      else if (isRelativeUrl(value.text) || (value.complete && !value.text.includes('.'))) set.relative = true;
      else set.unresolved = true;
    }
    return set;
  }
}

/** `scheme://host` and nothing after it: the whole text is an origin. */
const ORIGIN_ONLY = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]+$/i;

function combine(a: HostSet, b: HostSet): HostSet {
  return { hosts: [...a.hosts, ...b.hosts], unresolved: a.unresolved || b.unresolved, relative: a.relative || b.relative };
}

function emptyReach(): Reach {
  return { wechat: new Set(), other: new Set(), unresolved: false, global: false, server: false, clients: new Set(), evidence: [] };
}

/** Does a value at `path` of a call's options reach TLS? Other keys (`data.ca`) do not. */
function carriesTls(carrier: Carrier, path: string[]): boolean {
  switch (carrier.kind) {
    case 'options': {
      const key = path[path.length - 1];
      const nesting = path.slice(0, -1);
      return key === carrier.key && (nesting.length === 0 || (nesting.length === 1 && TLS_OPTION_NESTS.includes(nesting[0]!)));
    }
    case 'agent':
      return AGENT_KEYS.some((keys) => samePath(keys, path));
    case 'secure-context':
      return SECURE_CONTEXT_KEYS.some((keys) => samePath(keys, path));
    case 'instance':
      return false;
  }
}

function samePath(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((part, index) => part === b[index]);
}

function stripStatePrefix(path: string[]): string[] {
  if (path[0] === 'defaults' && path[1] === 'options') return path.slice(2);
  if (path[0] === 'defaults' || path[0] === 'options') return path.slice(1);
  return path;
}

function isFunctionOrNumber(node: ts.Expression): boolean {
  const inner = skipOuter(node);
  return ts.isArrowFunction(inner) || ts.isFunctionExpression(inner) || ts.isNumericLiteral(inner);
}
