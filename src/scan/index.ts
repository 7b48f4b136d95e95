// The scanner: text in, findings out. Loads the candidates and their import neighbourhood into one
// program, finds every TLS setting, solves what every value in the loaded code may be (values/), works
// out who reads each setting and which hosts they talk to (consumers.ts), and classifies it by the
// policies of DESIGN.md (classify.ts).
import path from 'node:path';
import { ts } from './typescript.ts';
import type { HostMatcher } from '../hosts.ts';
import { ImportGraph, neighbourhood } from '../imports.ts';
import type { Workspace } from '../workspace.ts';
import { evidenceNote } from '../messages.ts';
import type { FileError, FindingKind, ReasonCode } from '../types.ts';
import { certificatePaths } from './certificate-path.ts';
import { Classifier, unsettledVerdict, type ClassifyContext, type EvidenceItem, type Verdict } from './classify.ts';
import { ConsumerIndex } from './consumers.ts';
import { fromVirtualPath, loadProgram, parseAlone, syntaxErrorOf, toVirtualPath } from './program.ts';
import { findSites, type RemovalKind, type Site } from './sites.ts';
import { Analysis } from './values/analysis.ts';

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
  /** What the project's manifests say (workspace.ts), when no graph is given. */
  workspace?: Workspace;
  /** The value analysis' work limit (values/analysis.ts, MAX_JOINS); tests lower it. */
  maxJoins?: number;
  /**
   * Told every TLS setting of the candidates as soon as they are parsed, a few files at a time, before
   * the program is bound and the values solved (for each program the scan loads): fix-pool.ts starts
   * fixing while the verdicts are due. A file with a syntax error is told too; its verdict never asks
   * for the fix.
   */
  onSites?: (sites: ReadonlyArray<{ file: string; kind: FindingKind; removal: { kind: RemovalKind; start: number; end: number } }>) => void;
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

/** Files the scanner may load for one scan, context included. */
const MAX_LOADED = 2000;
/** Times a scan may load the modules its values turned out to need and run again. */
const MAX_WIDENINGS = 3;

export function scanFiles(input: ScanInput): ScanOutput {
  const graph = input.graph ?? new ImportGraph(input.texts, input.workspace);
  let loadedPaths = neighbourhood(input.candidates, input.texts, MAX_LOADED, undefined, graph);
  // The neighbourhood is a few import steps out; a value may come from further (a host behind two
  // barrels). Modules the analysis reached but did not have are loaded, with what they import, and
  // the scan runs again: their values instead of unknown.
  for (let widening = 0; ; widening++) {
    const { output, unloaded } = scanLoaded(input, graph, loadedPaths);
    const more = widening < MAX_WIDENINGS ? dependenciesToLoad(unloaded, input.texts, graph, new Set(loadedPaths)) : [];
    if (more.length === 0) return output;
    loadedPaths = [...loadedPaths, ...more];
  }
}

/**
 * What each text holds that a scan could report, read from its syntax alone: its syntax error (as
 * scanFiles reports it), else the number of TLS settings in it. A text with neither can hold no
 * finding, whatever the files around it (verifyFixes asks this of fixed texts first).
 */
export function syntaxAndSettings(texts: ReadonlyMap<string, string>): Map<string, { syntaxError: string } | { settings: number }> {
  const { program, sourceFiles } = parseAlone(texts);
  const byPath = new Map(sourceFiles.map((file) => [file.fileName, file]));
  const result = new Map<string, { syntaxError: string } | { settings: number }>();
  for (const file of texts.keys()) {
    const sourceFile = byPath.get(toVirtualPath(file))!;
    const syntaxError = syntaxErrorOf(program, sourceFile);
    result.set(file, syntaxError ? { syntaxError } : { settings: findSites(sourceFile).length });
  }
  return result;
}

/** Candidates' settings told this many at a time while the files are parsed (ScanInput.onSites). */
const SITES_AT_ONCE = 32;

/**
 * Tells onSites of each candidate's settings as soon as the file is parsed, a few files at a time, so
 * the fix can start before the program is bound. What it is told is a guess, which the settings found
 * after the syntax check confirm or not (fix-pool.ts takes the worker's fix only when they agree).
 */
function earlySites(candidates: readonly string[], onSites: NonNullable<ScanInput['onSites']>) {
  const wanted = new Set(candidates);
  let pending: Parameters<typeof onSites>[0][number][] = [];
  // The settings are found once: the scan takes them from here for the files that pass the syntax check.
  const found = new Map<ts.SourceFile, Site[]>();
  const flush = (): void => {
    if (pending.length > 0) onSites(pending);
    pending = [];
  };
  const parsed = (file: string, sourceFile: ts.SourceFile): void => {
    if (!wanted.has(file)) return;
    const sites = findSites(sourceFile);
    found.set(sourceFile, sites);
    for (const site of sites) pending.push({ file, kind: site.kind, removal: removalOf(site) });
    if (pending.length >= SITES_AT_ONCE) flush();
  };
  return { parsed, flush, sitesOf: (sourceFile: ts.SourceFile) => found.get(sourceFile) };
}

function removalOf(site: Site): { kind: RemovalKind; start: number; end: number } {
  return { kind: site.removal.kind, start: site.removal.node.getStart(), end: site.removal.node.getEnd() };
}

/** Of the module paths the analysis looked for, the first of each list that the caller has, and what it imports. */
function dependenciesToLoad(unloaded: readonly (readonly string[])[], texts: ReadonlyMap<string, string>, graph: ImportGraph, loaded: ReadonlySet<string>): string[] {
  const added = new Set<string>();
  const queue: string[] = [];
  for (const candidates of unloaded) {
    const file = candidates.map(fromVirtualPath).find((candidate) => texts.has(candidate));
    if (file && !loaded.has(file) && !added.has(file)) {
      added.add(file);
      queue.push(file);
    }
  }
  while (queue.length > 0 && loaded.size + added.size < MAX_LOADED) {
    for (const next of graph.importsOf(queue.pop()!)) {
      if (loaded.has(next) || added.has(next)) continue;
      added.add(next);
      queue.push(next);
    }
  }
  return [...added];
}

function scanLoaded(input: ScanInput, graph: ImportGraph, loadedPaths: readonly string[]): { output: ScanOutput; unloaded: readonly (readonly string[])[] } {
  const loadedTexts = new Map(loadedPaths.map((file) => [file, input.texts.get(file) ?? '']));
  const early = input.onSites ? earlySites(input.candidates, input.onSites) : undefined;
  const { program, checker, sourceFiles } = loadProgram(loadedTexts, early?.parsed);
  early?.flush();
  const byPath = new Map(sourceFiles.map((file) => [file.fileName, file]));

  const errors: FileError[] = [];
  const sites: Array<{ site: Site; file: string; id: number }> = [];
  const siteIds = new Map<ts.Node, number>();
  for (const candidate of input.candidates) {
    const sourceFile = byPath.get(toVirtualPath(candidate));
    if (!sourceFile) continue;
    const syntaxError = syntaxErrorOf(program, sourceFile);
    if (syntaxError) {
      errors.push({ file: candidate, message: syntaxError });
      continue;
    }
    for (const site of early?.sitesOf(sourceFile) ?? findSites(sourceFile)) {
      const id = sites.length;
      sites.push({ site, file: candidate, id });
      siteIds.set(siteNode(site), id);
    }
  }
  if (sites.length === 0) return { output: { findings: [], errors, parsed: sourceFiles.length }, unloaded: [] };

  const analysis = new Analysis(checker, sourceFiles, { idOf: (node) => siteIds.get(node) }, graph.workspace, input.maxJoins);
  analysis.solve();
  // Unsettled (stopped at its work limit, or out of rounds), the analysis knows only part of who reads
  // each setting and where they go: each is reviewed.
  const verdictOf = analysis.unsettled ? unsettledVerdict : classifierOf({ analysis, matcher: input.matcher, texts: input.texts, graph });

  const findings: RawFinding[] = [];
  for (const { site, file, id } of sites) {
    const verdict = verdictOf(site, id, file);
    if (!verdict) continue;
    findings.push({
      kind: site.kind,
      status: verdict.status,
      reason: verdict.reason,
      hosts: verdict.hosts,
      file,
      ...positionOf(site.reported),
      removal: { kind: site.removal.kind, start: site.removal.node.getStart(), end: site.removal.node.getEnd() },
      client: verdict.client,
      evidence: evidenceOf(verdict.evidence, site),
      certificatePaths: site.kind === 'pinned-ca' && site.value ? certificatePaths(analysis, site.value, input.roots) : [],
    });
  }
  return { output: { findings, errors, parsed: sourceFiles.length }, unloaded: [...analysis.unloaded.values()] };
}

/** The verdict on each site, by the settled analysis' readers of it (classify.ts). */
function classifierOf(context: Omit<ClassifyContext, 'consumers'>): (site: Site, id: number, file: string) => Verdict | undefined {
  const consumers = new ConsumerIndex(context.analysis, context.matcher);
  const classifier = new Classifier({ ...context, consumers });
  return (site, id, file) => classifier.classify(site, consumers.of(id), file);
}

/** The node the analysis knows a site by: the property, the assignment statement, or the `.ca()` call. */
function siteNode(site: Site): ts.Node {
  switch (site.shape.kind) {
    case 'chain':
      return site.shape.call;
    default:
      return site.removal.node;
  }
}

function positionOf(node: ts.Node): Pick<RawFinding, 'line' | 'column' | 'endLine' | 'endColumn'> {
  const file = node.getSourceFile();
  const start = file.getLineAndCharacterOfPosition(node.getStart());
  const end = file.getLineAndCharacterOfPosition(node.getEnd());
  return { line: start.line + 1, column: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1 };
}

const REASON_CODES = new Set<EvidenceItem['code']>(['other-host', 'unknown-host', 'unknown-consumer', 'unsettled']);

function placeOf(item: EvidenceItem): { file: string; line: number } | undefined {
  if (item.place) return item.place;
  const source = item.node?.getSourceFile?.();
  if (!item.node || !source) return undefined;
  return { file: source.fileName, line: source.getLineAndCharacterOfPosition(item.node.getStart()).line + 1 };
}

/** Evidence as the report shows it: file and line, the finding's own line left out, each place once. */
function evidenceOf(items: readonly EvidenceItem[], site: Site): RawFinding['evidence'] {
  const siteFile = site.reported.getSourceFile().fileName;
  const siteLine = positionOf(site.reported).line;
  const seen = new Set<string>();
  const evidence: RawFinding['evidence'] = [];
  for (const item of items) {
    const where = placeOf(item);
    if (!where) continue;
    const { file, line } = where;
    const note = evidenceNote(item);
    const key = `${file}:${line}:${note}`;
    // The finding's own line says nothing new, unless it is where the reason for a review is.
    if (seen.has(key) || (file === siteFile && line === siteLine && !REASON_CODES.has(item.code))) continue;
    seen.add(key);
    evidence.push({ file: path.normalize(file), line, note });
    if (evidence.length >= MAX_EVIDENCE) break;
  }
  return evidence;
}
