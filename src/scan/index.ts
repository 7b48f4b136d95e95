// The scanner: text in, findings out. Loads the candidates and their import neighbourhood into one
// ts-morph Project, finds every TLS setting, follows it to the hosts it serves, and classifies it.
import path from 'node:path';
import { ts } from 'ts-morph';
import type { HostMatcher } from '../hosts.ts';
import { ImportGraph, neighbourhood } from '../imports.ts';
import type { FileError, FindingKind, ReasonCode } from '../types.ts';
import { CertificatePathFinder } from './certificate-path.ts';
import { shapeOfCall } from './clients.ts';
import { loadProgram, syntaxErrorOf, toVirtualPath } from './program.ts';
import { ReachAnalyzer, type Reach } from './reach.ts';
import { Resolver } from './resolve.ts';
import { findSites, type RemovalKind, type Site } from './sites.ts';
import { StringEvaluator } from './strings.ts';

export const meta = {
  id: 'scanner',
  description: 'Finds TLS CA pins and disabled certificate checks aimed at WeChat hosts, across files.',
};

export interface ScanInput {
  /** Every file read (absolute path → text without BOM); the scanner may load any of them as context. */
  texts: ReadonlyMap<string, string>;
  /** Files that passed the prefilter: the only ones whose settings are reported. */
  candidates: readonly string[];
  matcher: HostMatcher;
  /** The folders the user scanned: relative CA paths are tried against them. */
  roots: readonly string[];
  /** The import graph of `texts`, when the caller has built it already (the relevance gate has). */
  graph?: ImportGraph;
}

/** A finding as the scanner sees it: absolute paths and text offsets, before ids and messages. */
export interface RawFinding {
  kind: FindingKind;
  status: 'fixable' | 'needs-review';
  reason: ReasonCode;
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** What a fix removes: the node's exact range in the file's text. */
  removal: { kind: RemovalKind; start: number; end: number };
  hosts: string[];
  client: string;
  evidence: Array<{ file: string; line: number; note: string }>;
  certificatePaths: string[];
}

export interface ScanOutput {
  findings: RawFinding[];
  errors: FileError[];
  /** Files parsed, context included. */
  parsed: number;
}

const MAX_EVIDENCE = 6;

export function scanFiles(input: ScanInput): ScanOutput {
  const graph = input.graph ?? new ImportGraph(input.texts);
  const loadedPaths = neighbourhood(input.candidates, input.texts, undefined, undefined, graph);
  const loadedTexts = new Map(loadedPaths.map((file) => [file, input.texts.get(file) ?? '']));
  const { program, checker, sourceFiles } = loadProgram(loadedTexts);
  const byPath = new Map(sourceFiles.map((file) => [file.fileName, file]));
  const resolver = new Resolver(checker, sourceFiles);
  const strings = new StringEvaluator(resolver);
  const analyzer = new ReachAnalyzer(resolver, strings, input.matcher);
  const certificates = new CertificatePathFinder(resolver, strings);
  const context = new ClassifyContext(input, byPath, graph);

  const findings: RawFinding[] = [];
  const errors: FileError[] = [];
  for (const candidate of input.candidates) {
    const sourceFile = byPath.get(toVirtualPath(candidate));
    if (!sourceFile) continue;
    const syntaxError = syntaxErrorOf(program, sourceFile);
    if (syntaxError) {
      errors.push({ file: candidate, message: syntaxError });
      continue;
    }
    for (const site of findSites(sourceFile)) {
      const reach = reachOfSite(site, analyzer, resolver);
      if (!reach) continue;
      const verdict = context.classify(reach, candidate);
      if (!verdict) continue;
      findings.push({
        kind: site.kind,
        ...verdict,
        file: candidate,
        ...positionOf(site.reported),
        removal: { kind: site.removal.kind, start: site.removal.node.getStart(), end: site.removal.node.getEnd() },
        client: [...reach.clients][0] ?? (site.shape.kind === 'process-env' ? 'node' : 'unknown'),
        evidence: evidenceOf(reach, site, context),
        certificatePaths: site.kind === 'pinned-ca' && site.value ? certificates.candidates(site.value, input.roots) : [],
      });
    }
  }
  return { findings, errors, parsed: sourceFiles.length };
}

function reachOfSite(site: Site, analyzer: ReachAnalyzer, resolver: Resolver): Reach | undefined {
  switch (site.shape.kind) {
    case 'property':
      return analyzer.ofOption(site.shape.holder, site.key);
    case 'assignment':
      return analyzer.ofAssignment(site.shape.target, site.key);
    case 'process-env':
      return { wechat: new Set(), other: new Set(), unresolved: false, global: true, server: false, clients: new Set(['node']), evidence: [] };
    case 'chain': {
      // Walk down `superagent.get(url).set(…).ca(x)` to the call that names the URL.
      let current: ts.Expression = site.shape.call.expression;
      while (ts.isPropertyAccessExpression(current) || ts.isCallExpression(current)) {
        if (ts.isCallExpression(current)) {
          const shape = shapeOfCall(resolver.refOf(current.expression), current);
          if (shape?.family === 'superagent' && shape.role === 'request') return analyzer.ofRequest(current, shape);
        }
        current = current.expression;
      }
      return undefined;
    }
  }
}

/** Decides fixable / needs-review / nothing, with the reason, from what a setting reaches. */
class ClassifyContext {
  private allHosts: Set<string> | undefined;

  constructor(
    private readonly input: ScanInput,
    private readonly byPath: ReadonlyMap<string, ts.SourceFile>,
    private readonly graph: ImportGraph,
  ) {}

  classify(reach: Reach, file: string): Pick<RawFinding, 'status' | 'reason' | 'hosts'> | undefined {
    if (reach.server) return undefined;
    if (reach.global) return this.classifyGlobal(reach, file);
    const hosts = [...reach.wechat].sort();
    if (reach.wechat.size === 0) {
      // Nothing provably WeChat. Unresolved hosts matter only where the code talks to WeChat at all.
      if (reach.unresolved && this.mentionsWeChat(file, reach)) return { status: 'needs-review', reason: 'unresolved-host', hosts };
      return undefined;
    }
    if (reach.other.size > 0) return { status: 'needs-review', reason: 'mixed-hosts', hosts };
    if (reach.unresolved) return { status: 'needs-review', reason: 'unresolved-host', hosts };
    return { status: 'fixable', reason: 'wechat-only', hosts };
  }

  /** A process-wide setting serves every host the project calls: fixable only if all are WeChat's. */
  private classifyGlobal(reach: Reach, file: string): Pick<RawFinding, 'status' | 'reason' | 'hosts'> | undefined {
    this.allHosts ??= urlHostsIn(this.input.texts.values());
    const wechat = [...this.allHosts].filter((host) => this.input.matcher.isWeChat(host)).sort();
    const others = [...this.allHosts].filter((host) => !this.input.matcher.isWeChat(host));
    if (wechat.length === 0) {
      return this.mentionsWeChat(file, reach) ? { status: 'needs-review', reason: 'global-agent', hosts: [] } : undefined;
    }
    if (others.length > 0) return { status: 'needs-review', reason: 'global-agent', hosts: wechat };
    return { status: 'fixable', reason: 'wechat-only', hosts: wechat };
  }

  /**
   * Does the code around a setting talk to WeChat? Its own file, the files the evidence passes
   * through, and the project files it imports directly (a Nest module and its service, say).
   */
  private mentionsWeChat(file: string, reach: Reach): boolean {
    const imported = this.graph.importsOf(file);
    const files = new Set([file, ...imported, ...reach.evidence.map((item) => item.node.getSourceFile().fileName)]);
    return [...files].some((name) => {
      const text = this.input.texts.get(name) ?? this.byPath.get(name)?.text ?? '';
      // Whole host names only: `api.weixin.qq.com.example.net` contains WeChat's name but is not WeChat.
      return this.input.matcher.patterns.some((pattern) => text.includes(pattern)) && hostNamesIn(text).some((host) => this.input.matcher.isWeChat(host));
    });
  }

  evidenceFile(node: ts.Node): string {
    return node.getSourceFile().fileName;
  }
}

const HOST_NAME = /(?<![a-z0-9.-])[a-z0-9-]+(?:\.[a-z0-9-]+)+(?![a-z0-9-]|\.[a-z0-9])/gi;

function hostNamesIn(text: string): string[] {
  return [...text.matchAll(HOST_NAME)].map((match) => match[0].toLowerCase());
}

const URL_HOST = /\bhttps?:\/\/([a-z0-9-]+(?:\.[a-z0-9-]+)+)/gi;

function urlHostsIn(texts: Iterable<string>): Set<string> {
  const hosts = new Set<string>();
  for (const text of texts) for (const match of text.matchAll(URL_HOST)) hosts.add(match[1]!.toLowerCase());
  return hosts;
}

function positionOf(node: ts.Node): Pick<RawFinding, 'line' | 'column' | 'endLine' | 'endColumn'> {
  const file = node.getSourceFile();
  const start = file.getLineAndCharacterOfPosition(node.getStart());
  const end = file.getLineAndCharacterOfPosition(node.getEnd());
  return { line: start.line + 1, column: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1 };
}

function evidenceOf(reach: Reach, site: Site, context: ClassifyContext): RawFinding['evidence'] {
  const siteFile = site.reported.getSourceFile().fileName;
  const siteLine = positionOf(site.reported).line;
  const seen = new Set<string>();
  const evidence: RawFinding['evidence'] = [];
  for (const item of reach.evidence) {
    const file = context.evidenceFile(item.node);
    const line = item.node.getSourceFile().getLineAndCharacterOfPosition(item.node.getStart()).line + 1;
    const key = `${file}:${line}:${item.note}`;
    if (seen.has(key) || (file === siteFile && line === siteLine)) continue;
    seen.add(key);
    evidence.push({ file: path.normalize(file), line, note: item.note });
    if (evidence.length >= MAX_EVIDENCE) break;
  }
  return evidence;
}
