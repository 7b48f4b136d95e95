// The cross-file knowledge behind the ESLint rules, kept for the life of the process (it runs in the
// analysis worker, analysis-worker.ts). A linted file is scanned as `wechat-unpin scan` would scan it
// from its project's root: the same discovery (discover.ts: .gitignore, test code left out, the config
// file's `ignore`), the same config, the same library calls. File texts are cached by mtime and
// size; the whole project's fixProject (its scan, and what `fix` would write) is cached until a file on
// disk changes, so linting N files scans once, and only a linted text that differs from the disk (an
// unsaved editor buffer, an `eslint --fix` pass) is scanned on its own, against the files on disk.
import { readFile, stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { loadConfig, type FileConfig } from '../config.ts';
import { discover } from '../discover.ts';
import { fixFile } from '../fix.ts';
import { ImportGraph, neighbourhood, relativeJsonImportsOf } from '../imports.ts';
import type { ProjectFinding, ScanProjectOptions } from '../library.ts';
import { mayHoldFinding } from '../prefilter.ts';
import { decode, DEFAULT_MAX_FILE_BYTES } from '../read.ts';
import type { RawFinding } from '../scan/index.ts';
import { deletionsBetween } from './deletions.ts';
import type { AnalysisRequest, AnalysisResult, Deletion, LintFinding, PrepareRequest } from './protocol.ts';

/**
 * How long a project's file list and config are trusted before they are read again. A lint run takes
 * them once; in an editor, a file created or a config edited is seen within this time.
 */
const LISTING_TTL_MS = 2000;
const READ_CONCURRENCY = 64;

/** The project a file belongs to: the nearest folder above it holding package.json or .git. */
export function projectRootOf(file: string): string {
  let folder = path.dirname(file);
  for (;;) {
    if (existsSync(path.join(folder, 'package.json')) || existsSync(path.join(folder, '.git'))) return folder;
    const parent = path.dirname(folder);
    if (parent === folder) return path.dirname(file);
    folder = parent;
  }
}

interface CachedText {
  mtimeMs: number;
  size: number;
  /** Without BOM; undefined when the file is not text the tool reads (binary, not UTF-8, too large). */
  text: string | undefined;
}

interface ProjectState {
  texts: Map<string, string>;
  /** Whether any source file passes the prefilter: without one there is nothing to scan. */
  hasCandidates: boolean;
  /** Changes whenever a file of the project changes on disk: the key of the whole-project scan. */
  signature: string;
}

class Project {
  private config: FileConfig = {};
  private sources = new Set<string>();
  private listedAt = -Infinity;
  private readonly cache = new Map<string, CachedText>();
  private readonly wholeFix = new Map<boolean, { key: string; outcome: Promise<FixOutcome> }>();
  private derived: ({ sourceSignature: string } & ReturnType<typeof derivedFrom>) | undefined;

  constructor(readonly root: string) {}

  /** The config file's settings as a cache key: a result depends on them as much as on the texts. */
  get settingsKey(): string {
    return JSON.stringify(this.config);
  }

  get fixInsecure(): boolean {
    return this.config.fixInsecure ?? false;
  }

  /** Lists the project's files as the CLI would, when the list is stale or lacks `file`. */
  async refresh(file: string): Promise<void> {
    const age = Date.now() - this.listedAt;
    if (age < LISTING_TTL_MS && (this.sources.has(file) || age < LISTING_TTL_MS / 8)) return;
    const loaded = await loadConfig(this.root);
    this.config = loaded.config;
    // The config's `ignore` globs are relative to its own folder, as for the CLI.
    const found = await discover({ paths: [this.root], cwd: this.root, ignore: [], configIgnore: loaded.ignore, includeTests: this.config.includeTests ?? false });
    this.sources = new Set(found.sources);
    this.listedAt = Date.now();
  }

  includes(file: string): boolean {
    return this.sources.has(file);
  }

  /** Every source file's text as on disk, and the JSON modules they load (config modules hold base URLs). */
  async state(): Promise<ProjectState> {
    const files = [...this.sources];
    const texts = new Map<string, string>();
    const parts: string[] = [];
    await this.readAll(files, texts, parts);
    const sourceSignature = parts.join('\n');
    // The prefilter and the import graph over every text, once per state of the source files.
    if (this.derived?.sourceSignature !== sourceSignature) this.derived = { sourceSignature, ...derivedFrom(files, texts) };
    const { hasCandidates, jsonImports } = this.derived;
    await this.readAll(jsonImports, texts, parts, true);
    return { texts, hasCandidates, signature: parts.join('\n') };
  }

  private async readAll(files: readonly string[], texts: Map<string, string>, parts: string[], optional = false): Promise<void> {
    const limit = this.config.maxFileSize ?? DEFAULT_MAX_FILE_BYTES;
    for (let at = 0; at < files.length; at += READ_CONCURRENCY) {
      const batch = files.slice(at, at + READ_CONCURRENCY);
      const read = await Promise.all(batch.map((file) => this.read(file, limit)));
      batch.forEach((file, index) => {
        const cached = read[index];
        if (cached === undefined) {
          if (!optional) parts.push(`${file}\0gone`);
          return;
        }
        parts.push(`${file}\0${cached.mtimeMs}\0${cached.size}`);
        if (cached.text !== undefined) texts.set(file, cached.text);
      });
    }
  }

  private async read(file: string, limit: number): Promise<CachedText | undefined> {
    const info = await stat(file).catch(() => undefined);
    if (!info?.isFile()) return undefined;
    const known = this.cache.get(file);
    if (known && known.mtimeMs === info.mtimeMs && known.size === info.size) return known;
    let text: string | undefined;
    if (info.size <= limit) {
      const decoded = decode(file, await readFile(file).catch(() => Buffer.alloc(0)));
      text = 'message' in decoded ? undefined : decoded.text;
    }
    const entry = { mtimeMs: info.mtimeMs, size: info.size, text };
    this.cache.set(file, entry);
    return entry;
  }

  /** The options every library call of this project takes. */
  scanOptions(texts: ReadonlyMap<string, string>, request: AnalysisRequest): ScanProjectOptions {
    return {
      texts,
      cwd: this.root,
      roots: [this.root],
      hosts: [...(this.config.hosts ?? []), ...request.hosts],
      defaultHosts: request.defaultHosts ?? this.config.defaultHosts ?? true,
    };
  }

  /**
   * What `wechat-unpin fix` finds and writes for the whole project as it is on disk: one scan (and one
   * fix) for every file a lint run asks about, redone when a file on disk changes.
   */
  wholeProject(state: ProjectState, request: AnalysisRequest, fixInsecure: boolean): Promise<FixOutcome> {
    const key = `${JSON.stringify([request.hosts, request.defaultHosts])}\n${this.settingsKey}\n${state.signature}`;
    const known = this.wholeFix.get(fixInsecure);
    if (known?.key === key) return known.outcome;
    const outcome = fixOutcome({ ...this.scanOptions(state.texts, request), fixInsecure });
    this.wholeFix.set(fixInsecure, { key, outcome });
    // A failure is not kept: the next request tries again (and reports it if it fails again).
    outcome.catch(() => {
      if (this.wholeFix.get(fixInsecure)?.outcome === outcome) this.wholeFix.delete(fixInsecure);
    });
    return outcome;
  }
}

/** A fix's findings by file (as the scan reported them) and the text it writes per file. */
interface FixOutcome {
  findings: Map<string, ProjectFinding[]>;
  after: Map<string, string>;
}

async function fixOutcome(options: ScanProjectOptions & { fixInsecure: boolean }): Promise<FixOutcome> {
  // Loaded on first use: the library loads the scanner (ts-morph) up front, and a project whose files
  // all fail the prefilter never needs it.
  const { fixProject } = await import('../library.ts');
  const fix = await fixProject(options);
  const findings = new Map<string, ProjectFinding[]>();
  for (const finding of fix.findings) {
    // The scan said fixable; fixProject marks what its changes remove.
    const reported = finding.status === 'fixed' ? { ...finding, status: 'fixable' as const } : finding;
    findings.set(finding.path, [...(findings.get(finding.path) ?? []), reported]);
  }
  return { findings, after: new Map(fix.changes.map((change) => [change.file, change.after])) };
}

/** Whether any source file passes the prefilter, and the JSON modules the files around those load. */
function derivedFrom(files: readonly string[], texts: ReadonlyMap<string, string>): { hasCandidates: boolean; jsonImports: string[] } {
  const candidates = files.filter((file) => texts.has(file) && mayHoldFinding(texts.get(file)!));
  if (candidates.length === 0) return { hasCandidates: false, jsonImports: [] };
  const around = neighbourhood(candidates, texts, undefined, undefined, new ImportGraph(texts));
  const jsonImports = [...new Set(around.flatMap((file) => relativeJsonImportsOf(file, texts.get(file) ?? '')))].filter((file) => !texts.has(file));
  return { hasCandidates: true, jsonImports };
}

const projects = new Map<string, Project>();

function projectOf(file: string): Project {
  const root = projectRootOf(file);
  let project = projects.get(root);
  if (!project) projects.set(root, (project = new Project(root)));
  return project;
}

/**
 * Scans (and fixes, in memory) the project of `file` ahead of any request: the worker does it on its
 * own core while ESLint lints the files that cannot hold a finding, and the first request that needs
 * it finds it done or under way.
 */
export async function prepare(request: PrepareRequest): Promise<void> {
  const project = projectOf(request.filename);
  await project.refresh(request.filename);
  const state = await project.state();
  if (state.hasCandidates) await project.wholeProject(state, { ...request, text: '' }, false);
}

/** The findings of the linted file, with the fixes and suggestions the rules offer. */
export async function analyse(request: AnalysisRequest): Promise<AnalysisResult> {
  const project = projectOf(request.filename);
  await project.refresh(request.filename);
  if (!project.includes(request.filename)) return { inScope: false, fixInsecure: project.fixInsecure, findings: [] };
  const state = await project.state();
  // An editor lints the same buffer again (on focus, on a settings change): nothing to redo while the disk is as it was.
  const key = `${JSON.stringify([request.hosts, request.defaultHosts])}\n${project.settingsKey}\n${state.signature}\n${request.text}`;
  const known = lastResults.get(request.filename);
  if (known?.key === key) return known.result;
  const result = await analyseIn(project, state, request);
  lastResults.set(request.filename, { key, result });
  // One result per file, for the files of one session: bounded so a long editor session does not grow without end.
  if (lastResults.size > MAX_REMEMBERED_FILES) lastResults.delete(lastResults.keys().next().value!);
  return result;
}

const lastResults = new Map<string, { key: string; result: AnalysisResult }>();
const MAX_REMEMBERED_FILES = 256;

async function analyseIn(project: Project, state: ProjectState, request: AnalysisRequest): Promise<AnalysisResult> {
  // The linted text as on disk (a lint run): the whole project's cached fix. Otherwise (an unsaved
  // buffer, an `eslint --fix` pass) this text alone, against the other files as they are on disk.
  const asOnDisk = state.texts.get(request.filename) === request.text;
  const texts = asOnDisk ? state.texts : new Map(state.texts).set(request.filename, request.text);
  const outcomes = new Map<boolean, Promise<FixOutcome>>();
  const outcome = (fixInsecure: boolean): Promise<FixOutcome> => {
    let found = outcomes.get(fixInsecure);
    if (!found) {
      found = asOnDisk
        ? project.wholeProject(state, request, fixInsecure)
        : fixOutcome({ ...project.scanOptions(texts, request), files: [request.filename], fixInsecure });
      outcomes.set(fixInsecure, found);
    }
    return found;
  };
  const fileFix = async (fixInsecure: boolean): Promise<Deletion[] | undefined> => {
    const after = (await outcome(fixInsecure)).after.get(request.filename);
    const deletions = after === undefined ? undefined : deletionsBetween(request.text, after);
    return deletions && deletions.length > 0 ? deletions : undefined;
  };
  const findings: LintFinding[] = [];
  for (const finding of (await outcome(false)).findings.get(request.filename) ?? []) {
    const item: LintFinding = {
      kind: finding.kind,
      status: finding.status,
      reason: finding.reason,
      line: finding.line,
      column: finding.column,
      endLine: finding.endLine,
      endColumn: finding.endColumn,
      message: finding.message,
    };
    if (finding.status === 'fixable') {
      const fix = await fileFix(finding.kind === 'insecure-tls');
      if (fix) item.fix = fix;
      // Without --fix-insecure the CLI leaves a turned-off check; the editor offers this one cut by hand.
      if (finding.kind === 'insecure-tls') {
        const suggestion = await cutOfOne(request, finding.removal);
        if (suggestion) item.suggestion = suggestion;
      }
    } else if (finding.status === 'needs-review') {
      const suggestion = await cutOfOne(request, finding.removal);
      if (suggestion) item.suggestion = suggestion;
    }
    findings.push(item);
  }
  return { inScope: true, fixInsecure: project.fixInsecure, findings };
}

/**
 * The transform's cut of one option under review (with the bindings only it used), for the user to
 * apply after checking: fix.ts's own checks apply, the project-wide re-scan does not (a review is a
 * human's call). The scanner names the range but not the node kind here, so each kind is tried: the
 * transform refuses a range that is not a node of that kind.
 */
async function cutOfOne(request: AnalysisRequest, removal: { start: number; end: number }): Promise<Deletion[] | undefined> {
  const source = { file: request.filename, text: request.text, bom: false };
  for (const kind of ['property', 'statement', 'chain-call'] as const) {
    const target = { removal: { kind, ...removal } } as unknown as RawFinding;
    const outcome = await fixFile(source, [target]);
    if ('after' in outcome) return deletionsBetween(request.text, outcome.after);
  }
  return undefined;
}
