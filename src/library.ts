// The library entry's scan and fix: the CLI's analysis on texts the caller holds. Nothing is read from
// disk, written or printed; the caller decides which files the analysis sees. scanProject is
// synchronous (an ESLint rule cannot wait), so this module loads the scanner up front, unlike run().
import path from 'node:path';
import { DECLARATION_FILE, SOURCE_FILE } from './discover.ts';
import { UsageError } from './errors.ts';
import { reportedFinding } from './findings.ts';
import { fixFile, verifyFixes } from './fix.ts';
import { createHostMatcher, isValidPattern, type HostMatcher } from './hosts.ts';
import { ImportGraph } from './imports.ts';
import { isManifest, Workspace } from './workspace.ts';
import { relevantCandidates } from './relevance.ts';
import { candidatesOf, scanGuarded } from './scan-stage.ts';
import { scanFiles, type RawFinding } from './scan/index.ts';
import type { SourceText } from './read.ts';
import type { FileError, Finding } from './types.ts';

export interface ScanProjectOptions {
  /**
   * Every file the analysis may load, absolute path → text (a leading BOM is ignored): the files to
   * report on and the modules they import. A module missing here is code the analysis cannot see,
   * and what flows through it is unknown (a review, never a fix).
   */
  texts: ReadonlyMap<string, string>;
  /** The files whose findings are reported (absolute paths); by default every JS/TS file in `texts` but declaration files. */
  files?: readonly string[];
  /** Host patterns that count as WeChat's besides (or, with defaultHosts false, instead of) WeChat's own. */
  hosts?: readonly string[];
  defaultHosts?: boolean;
  /** Findings' `file` and evidence paths are relative to this folder; absolute when not given. */
  cwd?: string;
  /** Folders a relative CA path may be resolved against (the certificate is never read here). */
  roots?: readonly string[];
}

/** A finding with what an editor or a linter needs besides the report's fields. */
export interface ProjectFinding extends Finding {
  /** The file's absolute path. */
  path: string;
  /** What `fix` removes: offsets into the file's text without its BOM (end exclusive). */
  removal: { start: number; end: number };
}

export interface ProjectScan {
  findings: ProjectFinding[];
  /** Files the analysis could not take (syntax errors, nesting too deep); their findings are unknown. */
  errors: FileError[];
}

export interface ProjectFix {
  /** Files `fix` would write, with their text before and after (BOM as given). */
  changes: Array<{ file: string; before: string; after: string }>;
  /** The scan the fix was made from; `fixed` marks what the changes remove. */
  findings: ProjectFinding[];
  /** Files with a fixable finding that were left alone, and why. */
  errors: FileError[];
}

const BOM = '\uFEFF';

/** Scans `texts` as `wechat-unpin scan` scans a tree holding them. Throws UsageError for a bad host pattern. */
export function scanProject(options: ScanProjectOptions): ProjectScan {
  return scanWithRaw(options).scan;
}

/**
 * What `wechat-unpin fix` would write: every fixable pin removed (turned-off checks too with
 * `fixInsecure`), each fixed file checked and the whole project scanned again as it would be.
 */
export async function fixProject(options: ScanProjectOptions & { fixInsecure?: boolean }): Promise<ProjectFix> {
  const { scan, raw, sources, matcher, roots, workspace } = scanWithRaw(options);
  const selected = new Map<string, RawFinding[]>();
  scan.findings.forEach((finding, index) => {
    if (finding.status !== 'fixable' || (finding.kind === 'insecure-tls' && !options.fixInsecure)) return;
    const item = raw[index]!;
    selected.set(item.file, [...(selected.get(item.file) ?? []), item]);
  });
  const errors: FileError[] = [];
  const fixed = new Map<string, { after: string; removed: RawFinding[] }>();
  for (const [file, removed] of selected) {
    const outcome = await fixFile(sources.get(file)!, removed);
    if ('error' in outcome) errors.push({ file, message: outcome.error });
    else fixed.set(file, { after: outcome.after, removed });
  }
  const texts = new Map([...sources].map(([file, source]) => [file, source.text]));
  for (const [file, message] of await verifyFixes({ texts, fixed, findings: raw, matcher, roots, workspace })) {
    errors.push({ file, message });
    fixed.delete(file);
  }
  const changes = [...fixed].map(([file, { after, removed }]) => {
    const source = sources.get(file)!;
    scan.findings.forEach((finding, index) => {
      if (removed.includes(raw[index]!)) finding.status = 'fixed';
    });
    const bom = source.bom ? BOM : '';
    return { file, before: bom + source.text, after: bom + after };
  });
  return { changes, findings: scan.findings, errors };
}

function scanWithRaw(options: ScanProjectOptions): {
  scan: ProjectScan;
  raw: RawFinding[];
  sources: Map<string, SourceText>;
  matcher: HostMatcher;
  roots: readonly string[];
  workspace: Workspace;
} {
  const hosts = options.hosts ?? [];
  const invalid = hosts.find((pattern) => !isValidPattern(pattern));
  if (invalid !== undefined) throw new UsageError(`host pattern ${JSON.stringify(invalid)} is not a host name; give a domain such as api.example.com`);
  const useDefaults = options.defaultHosts ?? true;
  if (!useDefaults && hosts.length === 0) throw new UsageError('defaultHosts: false leaves no host to look for; give at least one host pattern');
  const matcher = createHostMatcher(hosts, useDefaults);
  const sources = new Map<string, SourceText>();
  for (const [file, text] of options.texts) {
    if (!path.isAbsolute(file)) throw new UsageError(`${file} is not an absolute path; the texts must be keyed by absolute paths`);
    const bom = text.startsWith(BOM);
    sources.set(file, { file, text: bom ? text.slice(1) : text, bom });
  }
  const wanted = new Set(options.files ?? [...sources.keys()].filter((file) => SOURCE_FILE.test(file) && !DECLARATION_FILE.test(file)));
  const errors: FileError[] = [];
  const candidates = candidatesOf([...sources.values()].filter((source) => wanted.has(source.file)), errors);
  const texts = new Map([...sources].map(([file, source]) => [file, source.text]));
  const manifests = new Map([...texts].filter(([file]) => isManifest(file)));
  const graph = new ImportGraph(texts, manifests.size > 0 ? new Workspace(manifests, new Set(texts.keys())) : undefined);
  const roots = options.roots ?? [options.cwd ?? path.parse(process.cwd()).root];
  const relevant = relevantCandidates(candidates, texts, matcher, graph);
  const output = relevant.length > 0 ? scanGuarded(scanFiles, { texts, candidates: relevant, matcher, roots, graph }) : { findings: [], errors: [] };
  const idCounts = new Map<string, number>();
  const findings = output.findings.map((item): ProjectFinding => {
    const finding = reportedFinding(item, sources.get(item.file)!.text, options.cwd, idCounts);
    return { ...finding, path: item.file, removal: { start: item.removal.start, end: item.removal.end } };
  });
  return { scan: { findings, errors: [...errors, ...output.errors] }, raw: output.findings, sources, matcher, roots, workspace: graph.workspace };
}
