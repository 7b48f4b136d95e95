// The policies of DESIGN.md ("How the scanner decides") applied to what reads a setting: fixable only
// when every host it can reach is WeChat's; needs-review, with the concrete reason, when a host is not
// WeChat's or cannot be known, when it is read by code the scanner cannot see, or when it extends
// Node's roots; no finding when no TLS client reads it, or when nothing of it talks to WeChat.
import { ts } from './typescript.ts';
import type { HostMatcher } from '../hosts.ts';
import type { ImportGraph } from '../imports.ts';
import type { ReasonCode } from '../types.ts';
import type { Consumer, ConsumerIndex, Hosts } from './consumers.ts';
import type { Site } from './sites.ts';
import type { Analysis } from './values/analysis.ts';
import { readField } from './values/fields.ts';
import { leadingText, type UnknownValue, type Value } from './values/lattice.ts';
import type { Escape } from './values/escape.ts';
import { namesWeChatOnlyModule, SDK_HOSTS } from './clients.ts';

/** One piece of evidence: what it says (a code and its detail) and where (a node, or a place in a text). */
export interface EvidenceItem {
  node?: ts.Node;
  place?: { file: string; line: number };
  code: EvidenceCode;
  detail: string;
  /** For unknown hosts: why the scanner cannot know it. */
  reason?: UnknownValue['reason'];
  /** For unknown consumers: how the setting left the code the scanner follows. */
  why?: Escape['why'];
}

type Where = Pick<EvidenceItem, 'node' | 'place'>;

export type EvidenceCode = 'host' | 'other-host' | 'unknown-host' | 'unknown-consumer' | 'unsettled' | 'outside-client' | 'request' | 'relay' | 'global';

export interface Verdict {
  status: 'fixable' | 'needs-review';
  reason: ReasonCode;
  hosts: string[];
  client: string;
  /** Reasons first (what makes it a review), then where the hosts and the requests are. */
  evidence: EvidenceItem[];
}

export interface ClassifyContext {
  analysis: Analysis;
  consumers: ConsumerIndex;
  matcher: HostMatcher;
  texts: ReadonlyMap<string, string>;
  graph: ImportGraph;
}

/** TLS options that travel together: a `ca` next to one of these is in a TLS options object. */
const TLS_SIBLINGS = new Set([
  'ca', 'cert', 'key', 'pfx', 'passphrase', 'rejectUnauthorized', 'servername', 'checkServerIdentity', 'secureOptions',
  'secureProtocol', 'ciphers', 'minVersion', 'maxVersion', 'crl', 'ecdhCurve', 'honorCipherOrder', 'sessionIdContext',
  'certificateAuthority', 'strictSSL', 'agentOptions', 'keepAlive', 'maxSockets',
]);

export class Classifier {
  constructor(private readonly context: ClassifyContext) {}

  classify(site: Site, consumers: readonly Consumer[], file: string): Verdict | undefined {
    if (site.shape.kind === 'process-env') return this.classifyGlobal(file, 'node');
    // No TLS client reads it (a `ca` handed on to another option is reported there), or only a server does.
    let readers = consumers.filter((consumer) => consumer.kind !== 'server');
    if (readers.length === 0) return undefined;
    // Code the scanner cannot see counts only when the setting looks like TLS options (policy 6).
    if (!this.looksLikeTls(site)) readers = readers.filter((consumer) => consumer.kind !== 'unknown');
    // An export is presumed to be used outside as it is used inside; unused inside, its users are unknown.
    // A published package's entry is the exception: its users outside are unknown however the tree uses it.
    if (readers.some((consumer) => !isExportEscape(consumer))) readers = readers.filter((consumer) => !isExportEscape(consumer));
    if (readers.length === 0) return undefined;
    const client = clientOf(readers);
    if (readers.some((consumer) => consumer.kind === 'global')) return this.classifyGlobal(file, client);

    const hosts: Hosts = { wechat: new Map(), other: new Map(), unknown: new Map() };
    const evidence: EvidenceItem[] = [];
    const unknownConsumers: EvidenceItem[] = [];
    for (const consumer of readers) {
      if (consumer.kind === 'request' || consumer.kind === 'outside') {
        for (const [host, node] of consumer.hosts.wechat) hosts.wechat.set(host, hosts.wechat.get(host) ?? node);
        for (const [host, node] of consumer.hosts.other) hosts.other.set(host, hosts.other.get(host) ?? node);
        for (const [key, value] of consumer.hosts.unknown) hosts.unknown.set(key, value);
        if (consumer.kind === 'request') evidence.push({ node: consumer.call, code: 'request', detail: consumer.family });
        else evidence.push({ node: consumer.escape.at, code: 'outside-client', detail: consumer.family });
      } else if (consumer.kind === 'unknown') {
        unknownConsumers.push({ node: consumer.escape.at, code: 'unknown-consumer', detail: consumer.escape.detail, why: consumer.escape.why });
      }
    }
    const reasons: EvidenceItem[] = [
      ...[...hosts.other].map(([host, node]): EvidenceItem => ({ node, code: 'other-host', detail: host })),
      ...[...hosts.unknown.values()].map((value): EvidenceItem => ({ node: value.origin, code: 'unknown-host', detail: value.detail, reason: value.reason })),
      ...unknownConsumers,
    ];
    const wechatEvidence = [...hosts.wechat].map(([host, node]): EvidenceItem => ({ node, code: 'host', detail: host }));
    const sorted = [...hosts.wechat.keys()].sort();
    const talksToWeChat = sorted.length > 0 || this.mentionsWeChat(file, [...reasons, ...evidence]);

    if (site.kind === 'pinned-ca' && this.extendsDefaultRoots(site)) {
      return talksToWeChat ? { status: 'needs-review', reason: 'extends-default-roots', hosts: sorted, client, evidence: [...wechatEvidence, ...reasons, ...evidence] } : undefined;
    }
    const review = (reason: ReasonCode): Verdict => ({ status: 'needs-review', reason, hosts: sorted, client, evidence: [...reasons, ...wechatEvidence, ...evidence] });
    if (sorted.length === 0) {
      // Only hosts that are not WeChat's: no finding. Something unknown: a review where the code talks to WeChat.
      if ((hosts.unknown.size === 0 && unknownConsumers.length === 0) || !talksToWeChat) return undefined;
      return review(hosts.unknown.size > 0 ? 'unresolved-host' : 'unknown-consumer');
    }
    if (hosts.other.size > 0) return review('mixed-hosts');
    if (hosts.unknown.size > 0) return review('unresolved-host');
    if (unknownConsumers.length > 0) return review('unknown-consumer');
    return { status: 'fixable', reason: 'wechat-only', hosts: sorted, client, evidence: [...wechatEvidence, ...evidence] };
  }

  /**
   * A process-wide setting serves every host the process calls: the requests of the loaded code (and
   * of the WeChat SDKs it uses), and the URLs named in project files the scanner did not load.
   */
  private classifyGlobal(file: string, client: string): Verdict | undefined {
    const hosts = this.processHosts(file);
    const wechat = [...hosts.wechat.keys()].sort();
    const evidence: EvidenceItem[] = [
      ...[...hosts.other].map(([host, where]): EvidenceItem => ({ ...where, code: 'other-host', detail: host })),
      ...[...hosts.unknown.values()].map((value): EvidenceItem => ({ node: value.origin, code: 'unknown-host', detail: value.detail, reason: value.reason })),
      ...[...hosts.wechat].map(([host, where]): EvidenceItem => ({ ...where, code: 'host', detail: host })),
    ];
    if (wechat.length === 0) {
      return this.mentionsWeChat(file, []) ? { status: 'needs-review', reason: 'global-agent', hosts: [], client, evidence } : undefined;
    }
    if (hosts.other.size > 0 || hosts.unknown.size > 0) return { status: 'needs-review', reason: 'global-agent', hosts: wechat, client, evidence };
    return { status: 'fixable', reason: 'wechat-only', hosts: wechat, client, evidence };
  }

  /**
   * The hosts of the process a setting in `file` belongs to: the files its imports connect it with
   * (a repository with several services or serverless functions holds several processes). Requests the
   * loaded code makes are followed; project files the scanner did not load count by the URLs they name,
   * and a WeChat SDK they import by its hosts. A file that loads modules by computed paths could load
   * anything: then the whole project counts.
   */
  private processHosts(file: string): { wechat: Map<string, Where>; other: Map<string, Where>; unknown: Map<string, UnknownValue> } {
    const process = this.processOf(file);
    const requested = this.context.consumers.hostsOfRequestsIn(process);
    const hosts = { wechat: new Map<string, Where>(), other: new Map<string, Where>(), unknown: new Map(requested.unknown) };
    const add = (host: string, where: Where): void => {
      const target = this.context.matcher.isWeChat(host) ? hosts.wechat : hosts.other;
      if (!target.has(host)) target.set(host, where);
    };
    for (const [host, node] of requested.wechat) add(host, { node });
    for (const [host, node] of requested.other) add(host, { node });
    const loaded = this.context.analysis.fileNames;
    for (const name of process) {
      const text = this.context.texts.get(name) ?? '';
      if (!loaded.has(name)) for (const match of text.matchAll(URL_HOST)) add(match[1]!.toLowerCase(), { place: { file: name, line: text.slice(0, match.index).split('\n').length } });
      // A WeChat SDK imported anywhere sends its requests to its hosts.
      for (const [module, sdkHosts] of Object.entries(SDK_HOSTS)) {
        if (text.includes(`'${module}'`) || text.includes(`"${module}"`)) for (const host of sdkHosts) add(host, { place: { file: name, line: 1 } });
      }
    }
    return hosts;
  }

  /** The files connected to `file` by imports, either way; every file when one loads modules by computed paths. */
  private processOf(file: string): ReadonlySet<string> {
    const graph = this.context.graph;
    const seen = new Set([file]);
    const queue = [file];
    while (queue.length > 0) {
      const next = queue.pop()!;
      if (COMPUTED_LOAD.test(this.context.texts.get(next) ?? '')) return new Set(this.context.texts.keys());
      for (const neighbour of [...graph.importsOf(next), ...graph.importersOf(next)]) {
        if (seen.has(neighbour)) continue;
        seen.add(neighbour);
        queue.push(neighbour);
      }
    }
    return seen;
  }

  /** `[...tls.rootCertificates, extra]`, `tls.rootCertificates.concat(extra)`: Node's roots and more (policy 5). */
  private extendsDefaultRoots(site: Site): boolean {
    if (!site.value) return false;
    return this.some(this.context.analysis.evaluate(site.value), (value) => value.kind === 'default-roots', 3);
  }

  /**
   * Does the setting look like TLS options even where the scanner cannot see who reads it? A `ca` of
   * certificate material (a file read, PEM text, an array of those), an insecure value written as
   * such (`false`, `0`), or TLS options next to it.
   */
  private looksLikeTls(site: Site): boolean {
    const a = this.context.analysis;
    if (site.value) {
      const values = a.evaluate(site.value);
      if (site.kind === 'pinned-ca' && this.some(values, isCertificateMaterial, 3)) return true;
      if (site.kind === 'insecure-tls' && isWrittenInsecure(site.value)) return true;
    }
    const siblings = this.siblingKeys(site);
    return siblings.some((key) => key !== site.key && TLS_SIBLINGS.has(key));
  }

  private siblingKeys(site: Site): string[] {
    if (site.shape.kind === 'property') {
      return site.shape.holder.properties.flatMap((property) => (property.name && ts.isIdentifier(property.name) ? [property.name.text] : []));
    }
    if (site.shape.kind === 'assignment') {
      const keys: string[] = [];
      for (const value of this.context.analysis.evaluate(site.shape.target)) if (value.kind === 'object') keys.push(...value.object.fields.keys());
      return keys;
    }
    return [];
  }

  private some(values: Iterable<Value>, test: (value: Value) => boolean, depth: number): boolean {
    for (const value of values) {
      if (test(value)) return true;
      if (depth > 0 && value.kind === 'object' && value.object.kind === 'array') {
        if (this.some(readField(this.context.analysis, [value], undefined, value.object.node), test, depth - 1)) return true;
      }
    }
    return false;
  }

  /**
   * Does the code around a setting talk to WeChat? Its own file, the files its evidence passes through,
   * and the project files those import directly: a WeChat host named there, a WeChat-only SDK imported,
   * or a package that says it is a WeChat SDK (its users, outside the tree, name the hosts).
   */
  private mentionsWeChat(file: string, evidence: readonly EvidenceItem[]): boolean {
    const around = [file, ...evidence.flatMap((item) => (item.node ? [item.node.getSourceFile().fileName] : []))];
    const files = new Set([...around, ...around.flatMap((name) => this.context.graph.importsOf(name))]);
    return [...files].some((name) => {
      if (this.context.graph.workspace.inWeChatPackage(name)) return true;
      const text = this.context.texts.get(name) ?? '';
      const namesHost =
        this.context.matcher.patterns.some((pattern) => text.includes(pattern)) && hostNamesIn(text).some((host) => this.context.matcher.isWeChat(host));
      return namesHost || namesWeChatOnlyModule(text);
    });
  }
}

/** An export whose outside users are presumed to use it as the tree does (not a published entry's). */
function isExportEscape(consumer: Consumer): boolean {
  return consumer.kind === 'unknown' && consumer.escape.why === 'export' && !consumer.escape.published;
}

/**
 * A setting of a program whose analysis did not settle (Analysis.unsettled: it stopped at its work
 * limit, or its rounds ran out): who reads it, and which hosts they reach, is only partly known, so it
 * is reviewed whatever was found so far.
 */
export function unsettledVerdict(site: Site): Verdict {
  return {
    status: 'needs-review',
    reason: 'unresolved-host',
    hosts: [],
    client: 'unknown',
    evidence: [{ node: site.reported, code: 'unsettled', detail: '' }],
  };
}

function clientOf(consumers: readonly Consumer[]): string {
  for (const consumer of consumers) {
    if (consumer.kind === 'request' || consumer.kind === 'global' || consumer.kind === 'outside') return consumer.family;
  }
  return 'unknown';
}

function isCertificateMaterial(value: Value): boolean {
  if (value.kind === 'file' || value.kind === 'default-roots') return true;
  return value.kind === 'string' && /-----BEGIN [A-Z ]*CERTIFICATE-----/.test(leadingText(value));
}

/** `false`, `0`, `'0'`, `!x`: written to turn a check off. */
function isWrittenInsecure(node: ts.Expression): boolean {
  let inner: ts.Node = node;
  while (ts.isParenthesizedExpression(inner) || ts.isAsExpression(inner)) inner = inner.expression;
  return (
    inner.kind === ts.SyntaxKind.FalseKeyword ||
    (ts.isNumericLiteral(inner) && inner.text === '0') ||
    (ts.isStringLiteralLike(inner) && inner.text === '0') ||
    (ts.isPrefixUnaryExpression(inner) && inner.operator === ts.SyntaxKind.ExclamationToken) ||
    ts.isArrowFunction(inner) ||
    ts.isFunctionExpression(inner)
  );
}

const HOST_NAME = /(?<![a-z0-9.-])[a-z0-9-]+(?:\.[a-z0-9-]+)+(?![a-z0-9-]|\.[a-z0-9])/gi;

function hostNamesIn(text: string): string[] {
  return [...text.matchAll(HOST_NAME)].map((match) => match[0].toLowerCase());
}

/** `require(name)`, `import(name)` with a name the code computes. */
const COMPUTED_LOAD = /\b(?:require|import)\s*\(\s*(?!['"`)])/;

const URL_HOST = /\bhttps?:\/\/([a-z0-9-]+(?:\.[a-z0-9-]+)+)/gi;


