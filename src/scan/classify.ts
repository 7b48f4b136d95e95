// The policies of DESIGN.md ("How the scanner decides") applied to what reads a setting: fixable only
// when every host it can reach is WeChat's; needs-review, with the concrete reason, when a host is not
// WeChat's or cannot be known, when it is read by code the scanner cannot see, or when it extends
// Node's roots; no finding when no TLS client reads it, or when nothing of it talks to WeChat.
import { ts } from 'ts-morph';
import type { HostMatcher } from '../hosts.ts';
import type { ImportGraph } from '../imports.ts';
import type { ReasonCode } from '../types.ts';
import type { Consumer, Hosts } from './consumers.ts';
import type { Site } from './sites.ts';
import type { Analysis } from './values/analysis.ts';
import { readField } from './values/fields.ts';
import { leadingText, type UnknownValue, type Value } from './values/lattice.ts';
import type { Escape } from './values/escape.ts';
import { WECHAT_ONLY_MODULES } from './clients.ts';

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

export type EvidenceCode = 'host' | 'other-host' | 'unknown-host' | 'unknown-consumer' | 'outside-client' | 'request' | 'relay' | 'global';

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
  private allHosts: Set<string> | undefined;

  constructor(private readonly context: ClassifyContext) {}

  classify(site: Site, consumers: readonly Consumer[], file: string): Verdict | undefined {
    if (site.shape.kind === 'process-env') return this.classifyGlobal(file, 'node');
    // No TLS client reads it (a `ca` handed on to another option is reported there), or only a server does.
    let readers = consumers.filter((consumer) => consumer.kind !== 'server');
    if (readers.length === 0) return undefined;
    // Code the scanner cannot see counts only when the setting looks like TLS options (policy 6).
    if (!this.looksLikeTls(site)) readers = readers.filter((consumer) => consumer.kind !== 'unknown');
    // An export is presumed to be used outside as it is used inside; unused inside, its users are unknown.
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
    if (this.context.analysis.unsettled) return review('unresolved-host');
    return { status: 'fixable', reason: 'wechat-only', hosts: sorted, client, evidence: [...wechatEvidence, ...evidence] };
  }

  /** A process-wide setting serves every host the project calls: fixable only if all are WeChat's. */
  private classifyGlobal(file: string, client: string): Verdict | undefined {
    this.allHosts ??= urlHostsIn(this.context.texts.values());
    const wechat = [...this.allHosts].filter((host) => this.context.matcher.isWeChat(host)).sort();
    const others = [...this.allHosts].filter((host) => !this.context.matcher.isWeChat(host)).sort();
    // Where the project names each host: a process-wide setting serves them all.
    const place = (host: string): EvidenceItem[] => {
      const found = firstMention(this.context.texts, host);
      return found ? [{ place: found, code: this.context.matcher.isWeChat(host) ? 'host' : 'other-host', detail: host }] : [];
    };
    const evidence = [...others.flatMap(place), ...wechat.flatMap(place)];
    if (wechat.length === 0) {
      return this.mentionsWeChat(file, []) ? { status: 'needs-review', reason: 'global-agent', hosts: [], client, evidence } : undefined;
    }
    if (others.length > 0) return { status: 'needs-review', reason: 'global-agent', hosts: wechat, client, evidence };
    return { status: 'fixable', reason: 'wechat-only', hosts: wechat, client, evidence };
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
   * and the project files those import directly: a WeChat host named there, or a WeChat-only SDK imported.
   */
  private mentionsWeChat(file: string, evidence: readonly EvidenceItem[]): boolean {
    const around = [file, ...evidence.flatMap((item) => (item.node ? [item.node.getSourceFile().fileName] : []))];
    const files = new Set([...around, ...around.flatMap((name) => this.context.graph.importsOf(name))]);
    return [...files].some((name) => {
      const text = this.context.texts.get(name) ?? '';
      const namesHost =
        this.context.matcher.patterns.some((pattern) => text.includes(pattern)) && hostNamesIn(text).some((host) => this.context.matcher.isWeChat(host));
      return namesHost || WECHAT_ONLY_MODULES.some((module) => text.includes(`'${module}'`) || text.includes(`"${module}"`));
    });
  }
}

function isExportEscape(consumer: Consumer): boolean {
  return consumer.kind === 'unknown' && consumer.escape.why === 'export';
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

const URL_HOST = /\bhttps?:\/\/([a-z0-9-]+(?:\.[a-z0-9-]+)+)/gi;

/** The first file and line whose text names `host` in a URL. */
function firstMention(texts: ReadonlyMap<string, string>, host: string): { file: string; line: number } | undefined {
  for (const [file, text] of texts) {
    for (const match of text.matchAll(URL_HOST)) {
      if (match[1]!.toLowerCase() === host) return { file, line: text.slice(0, match.index).split('\n').length };
    }
  }
  return undefined;
}

function urlHostsIn(texts: Iterable<string>): Set<string> {
  const hosts = new Set<string>();
  for (const text of texts) for (const match of text.matchAll(URL_HOST)) hosts.add(match[1]!.toLowerCase());
  return hosts;
}

