// The pipeline: discover → read → prefilter → scan → fix → write. Returns a RunResult; never prints,
// never exits. Heavy modules (ts-morph, jscodeshift) load only when a file passes the prefilter.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { describeCertificate } from './certificate.ts';
import { certificateReader, type CertificateRead, type CertificateReader } from './certificate-file.ts';
import { saveCodeCache } from './compile-cache.ts';
import { findDeploymentFindings, weChatContact } from './deployment.ts';
import { discover } from './discover.ts';
import { UsageError } from './errors.ts';
import { reportedFinding, reportPath } from './findings.ts';
import type { FixAhead } from './fix-pool.ts';
import { createHostMatcher, isValidPattern, type HostMatcher } from './hosts.ts';
import { messageFor, trustStoreMessage } from './messages.ts';
import { ImportGraph, neighbourhood, relativeJsonImportsOf } from './imports.ts';
import { readSources, type ReadResult, type SourceText } from './read.ts';
import { readTree, TreeTexts } from './read-pool.ts';
import { relevantCandidates } from './relevance.ts';
import { candidatesOf, scanGuarded } from './scan-stage.ts';
import { inShard } from './shard.ts';
import { stagedFiles } from './staged.ts';
import { SuppressionLedger, unusedSuppressions } from './suppress.ts';
import type { RawFinding } from './scan/index.ts';
import type {
  CertificateInfo,
  FileChange,
  FileError,
  Finding,
  FindingKind,
  FindingStatus,
  RunOptions,
  RunResult,
} from './types.ts';
import { Workspace } from './workspace.ts';
import { writeSources } from './write.ts';

export async function run(options: RunOptions): Promise<RunResult> {
  const started = performance.now();
  const invalid = options.hosts.find((pattern) => !isValidPattern(pattern));
  if (invalid !== undefined) {
    throw new UsageError(`--host ${JSON.stringify(invalid)} is not a host name; give a domain such as api.example.com`);
  }
  if (!options.defaultHosts && options.hosts.length === 0) {
    throw new UsageError('--no-default-hosts leaves no host to look for; add at least one --host PATTERN');
  }
  const matcher = createHostMatcher(options.hosts, options.defaultHosts);
  const roots = options.paths.map((given) => path.resolve(options.cwd, given));
  const progress = options.onProgress ?? (() => undefined);
  const staged = options.staged ? await stagedFiles(options.cwd) : undefined;
  // --staged, or files named with their repository as context (options.files): only these are
  // scanned and reported; the rest under `paths` is read as context when one of them needs it.
  const only = staged?.files ?? (options.files ? new Set(options.files) : undefined);
  progress({ phase: 'discover', done: 0, total: 0 });
  const unreadable: FileError[] = [];
  const discovered = await discover({ ...options, only, onUnreadable: (error) => unreadable.push(error) });
  const files = discovered.sources;
  progress({ phase: 'read', done: 0, total: files.length });
  const read = (paths: readonly string[]): Promise<ReadResult> => (staged ? staged.read(paths, options.maxFileBytes) : readSources(paths, options.maxFileBytes));
  // The tree itself through the read pool: texts of candidates kept, the others read again when needed.
  const { sources: byFile, errors } = staged ? byPath(await read(files)) : await readTree(files, options.maxFileBytes, { bareSpecifiers: discovered.manifests.length > 0 });
  errors.push(...unreadable);
  const shard = options.shard;
  const candidates = candidatesOf(
    filtered(byFile.values(), (source) => !shard || inShard(reportPath(source.file, options.cwd), shard)),
    errors,
  );
  progress({ phase: 'scan', done: 0, total: candidates.length });
  /** The candidates the scanner judged (--report-unused-suppressions looks at these only). */
  let scanned: readonly string[] = [];

  let raw: RawFinding[] = [];
  let filesParsed = 0;
  let workspace = Workspace.NONE;
  /** Candidates the relevance gate left out: nothing around them names WeChat. */
  let leftOut = 0;
  let ahead: FixAhead | undefined;
  // --staged (or options.files): the rest of the project, read once, when a listed file needs it.
  let contextRead: Promise<ProjectContext> | undefined;
  const readContextOnce = (): Promise<ProjectContext> =>
    (contextRead ??= only ? readContext(options, byFile) : Promise.resolve({ sources: [], manifests: discovered.manifests }));
  if (candidates.length > 0) {
    const context = await readContextOnce();
    const texts = context.sources.length === 0 ? TreeTexts.over(byFile) : new TreeTexts([...context.sources, ...byFile.values()]);
    workspace = await readWorkspace(context.manifests, texts, options.maxFileBytes);
    let graph = new ImportGraph(texts, workspace);
    // The graph knows only the files it was built on: build it again if JSON files joined them.
    if (await addJsonImports(candidates, texts, graph, options.maxFileBytes)) graph = new ImportGraph(texts, workspace);
    // A file named on the command line is always scanned; the others only near WeChat evidence.
    const named = options.files ? new Set(options.files) : await filesNamed(roots);
    const nearWeChat = new Set(relevantCandidates(candidates, texts, matcher, graph));
    const relevant = candidates.filter((file) => nearWeChat.has(file) || named.has(file));
    leftOut = candidates.length - relevant.length;
    if (relevant.length > 0) {
      // Enough files to fix, maybe: a worker transforms them while the values are solved (fix-pool.ts).
      // (Loaded only for a fix: a scan never needs the fix code, or what it loads.) Started before the
      // scanner loads TypeScript, so that the worker loads jscodeshift meanwhile.
      if (options.command === 'fix' || options.planFixes) {
        const pool = await import('./fix-pool.ts');
        if (relevant.length >= pool.MIN_FIX_AHEAD) ahead = pool.FixAhead.start(texts, options.fixInsecure);
      }
      const { scanFiles } = await import('./scan/index.ts');
      const scan = scanGuarded(scanFiles, { texts, candidates: relevant, matcher, roots, graph, onSites: ahead?.offer });
      raw = scan.findings;
      filesParsed = scan.parsed;
      scanned = relevant;
      errors.push(...scan.errors);
    }
  }

  const findings: Array<{ raw: RawFinding; finding: Finding }> = [];
  const idCounts = new Map<string, number>();
  const suppressions = new SuppressionLedger();
  const certificates = onceEach(certificateReader(await containmentRoots(roots)));
  for (const item of raw) {
    findings.push({ raw: item, finding: reportedFinding(item, byFile.get(item.file)!.text, options.cwd, idCounts, suppressions) });
  }
  // All at once, not one await after the other: a fix-heavy run has hundreds of findings.
  await Promise.all(
    findings.map(async ({ raw: item, finding }) => {
      const certificate = await certificateOf(item.certificatePaths, options.cwd, certificates);
      if (certificate) finding.certificate = certificate;
    }),
  );

  const deployment = await findDeploymentFindings(
    discovered.deployment.filter((file) => !shard || inShard(reportPath(file, options.cwd), shard)),
    byFile,
    async () => weChatContact(new TreeTexts([...(await readContextOnce()).sources, ...byFile.values()]), matcher),
    read,
  );
  errors.push(...deployment.errors);
  const deploymentSources = deployment.texts;
  const reported = deployment.findings.map((item) => reportedFinding(item, deploymentSources.get(item.file)!.text, options.cwd, idCounts, suppressions));

  const { changes, interrupted } = await applyFixes(findings, byFile, { options, matcher, roots, raw, workspace, ahead }, errors);
  progress({ phase: 'done', done: files.length, total: files.length });
  saveCodeCache();
  const result: RunResult = {
    command: options.command,
    dryRun: options.dryRun,
    summary: summarize(files.length, filesParsed, leftOut, [...findings.map((item) => item.finding), ...reported], errors, started),
    findings: [...findings.map((item) => item.finding), ...reported],
    errors: errors.map((error) => ({ ...error, file: reportPath(error.file, options.cwd) })).sort(byFileName),
    changes: changes.map((change) => ({ ...change, file: reportPath(change.file, options.cwd) })),
    unusedCertificates: options.command === 'fix' ? unusedCertificates(findings.map((item) => item.finding), byFile, changes) : [],
    sources: Object.fromEntries(
      [
        ...[...new Set(raw.map((item) => item.file))].map((file) => byFile.get(file)!),
        ...[...new Set(deployment.findings.map((item) => item.file))].map((file) => deploymentSources.get(file)!),
      ].map((source) => [reportPath(source.file, options.cwd), withBom(source, source.text)]),
    ),
    notes: deployment.notes.map((note) => ({ file: reportPath(note.file, options.cwd), line: note.line, column: note.column, message: trustStoreMessage(note) })),
  };
  if (options.command === 'fix' && !options.dryRun) result.summary.filesChanged = changes.length;
  if (interrupted) result.interrupted = interrupted;
  if (shard) result.shard = shard;
  if (options.reportUnusedSuppressions) {
    // Only files the scan judged: a suppression in a file never scanned (or that did not parse) cannot be called unused.
    const judged = [...scanned.map((file) => byFile.get(file)!), ...deploymentSources.values()].filter(
      (source) => !errors.some((error) => error.file === source.file),
    );
    const files = judged.map((source) => ({ file: source.file, text: source.text, reportFile: reportPath(source.file, options.cwd) }));
    result.unusedSuppressions = unusedSuppressions(files, suppressions);
  }
  return result;
}

/**
 * Certificate files a fix stopped reading that no source file names any more. Listed, never deleted:
 * a deploy script or a test outside the scan may still use them.
 */
function unusedCertificates(findings: Finding[], byFile: ReadonlyMap<string, SourceText>, changes: FileChange[]): string[] {
  const removed = new Set(
    findings
      .filter((finding) => finding.certificate && (finding.status === 'fixed' || changes.some((change) => change.file.endsWith(finding.file))))
      .map((finding) => finding.certificate!.file),
  );
  if (removed.size === 0) return [];
  const after = new Map(changes.map((change) => [change.file, change.after]));
  const texts = [...byFile.values()].map((source) => after.get(source.file) ?? source.text);
  return [...removed].filter((file) => !texts.some((text) => text.includes(path.posix.basename(file)))).sort();
}

/**
 * What the first readable certificate file among the candidates holds. The paths come from the
 * scanned code: the reader keeps to the scanned folders and to regular files of certificate size.
 */
async function certificateOf(candidates: readonly string[], cwd: string, reader: CertificateReader): Promise<CertificateInfo | undefined> {
  for (const candidate of candidates) {
    const read = await reader.read(candidate);
    if (!('bytes' in read)) continue;
    const info = describeCertificate(read.bytes, reportPath(candidate, cwd));
    if (info) return info;
  }
  return undefined;
}

/** Reads each certificate path once per run: many findings name the same file (one CA for every client). */
function onceEach(reader: CertificateReader): CertificateReader {
  const reads = new Map<string, Promise<CertificateRead>>();
  return {
    read: (file) => {
      let read = reads.get(file);
      if (!read) reads.set(file, (read = reader.read(file)));
      return read;
    },
  };
}

/** The paths the user named that are files (not folders). */
async function filesNamed(roots: readonly string[]): Promise<Set<string>> {
  const stats = await Promise.all(roots.map(async (root) => ((await stat(root).catch(() => undefined))?.isFile() ? [root] : [])));
  return new Set(stats.flat());
}

/** The folders certificate files may be read from: each folder scanned, and the folder of each file named. */
async function containmentRoots(roots: readonly string[]): Promise<string[]> {
  return Promise.all(roots.map(async (root) => ((await stat(root).catch(() => undefined))?.isFile() ? path.dirname(root) : root)));
}

/** Which findings the fix removes: pinned CAs, and insecure settings only under --fix-insecure. */
function isSelectedForFix(finding: Finding, options: RunOptions): boolean {
  return finding.status === 'fixable' && (finding.kind === 'pinned-ca' || options.fixInsecure);
}

async function applyFixes(
  findings: Array<{ raw: RawFinding; finding: Finding }>,
  byFile: ReadonlyMap<string, SourceText>,
  context: { options: RunOptions; matcher: HostMatcher; roots: string[]; raw: RawFinding[]; workspace: Workspace; ahead: FixAhead | undefined },
  errors: FileError[],
): Promise<{ changes: FileChange[]; interrupted?: RunResult['interrupted'] }> {
  const { options } = context;
  const wantChanges = options.command === 'fix' || options.planFixes;
  if (!wantChanges) {
    context.ahead?.close();
    return { changes: [] };
  }
  // Loaded here: a scan never needs the fix code (or what it loads).
  const { verifyFixes } = await import('./fix.ts');
  const { fixFiles } = await import('./fix-pool.ts');
  const perFile = new Map<string, Array<{ raw: RawFinding; finding: Finding }>>();
  for (const item of findings) {
    if (!isSelectedForFix(item.finding, options)) continue;
    const list = perFile.get(item.raw.file);
    if (list) list.push(item);
    else perFile.set(item.raw.file, [item]);
  }
  // Fix every file in memory first, then re-scan the project as it will be, then write.
  const fixed = new Map<string, { after: string; removed: RawFinding[] }>();
  const jobs = [...perFile].map(([file, items]) => ({ source: byFile.get(file)!, findings: items.map((item) => item.raw) }));
  options.onProgress?.({ phase: 'fix', done: 0, total: jobs.length });
  const outcomes = await fixFiles(jobs, context.ahead, (done) => options.onProgress?.({ phase: 'fix', done, total: jobs.length }));
  outcomes.forEach((outcome, index) => {
    const { source, findings: removed } = jobs[index]!;
    if ('error' in outcome) errors.push({ file: source.file, message: outcome.error });
    else fixed.set(source.file, { after: outcome.after, removed });
  });
  const texts = new TreeTexts(byFile.values());
  const problems = await verifyFixes({ texts, fixed, findings: context.raw, matcher: context.matcher, roots: context.roots, workspace: context.workspace });
  for (const [file, message] of problems) {
    errors.push({ file, message });
    fixed.delete(file);
  }
  const writing = options.command === 'fix' && !options.dryRun;
  const change = (file: string, after: string): FileChange => {
    const source = byFile.get(file)!;
    return { file, before: withBom(source, source.text), after: withBom(source, after), fixes: perFile.get(file)!.map((item) => item.finding.id) };
  };
  if (!writing) return { changes: [...fixed].map(([file, { after }]) => change(file, after)) };
  if (fixed.size > 0) options.beforeWrites?.();
  const changes: FileChange[] = [];
  const { failures, stopped } = await writeSources(
    [...fixed].map(([file, { after }]) => ({ source: byFile.get(file)!, newText: after })),
    {
      // Ctrl-C: nothing more is renamed; the files renamed before it are fixed whole.
      signal: options.signal,
      onWritten: (file) => {
        for (const item of perFile.get(file)!) {
          item.finding.status = 'fixed';
          item.finding.message = messageFor(item.finding);
        }
        changes.push(change(file, fixed.get(file)!.after));
        options.onWritten?.(file);
      },
    },
  );
  errors.push(...failures);
  return stopped ? { changes, interrupted: { filesWritten: changes.length, filesLeft: fixed.size - changes.length } } : { changes };
}

/**
 * JSON files the candidates' neighbourhoods load (`require('./config.json')`): a base URL there is
 * a host like any other. Read here, only these, and added to the texts the scanner sees.
 */
async function addJsonImports(
  candidates: readonly string[],
  texts: Map<string, string>,
  graph: ImportGraph,
  maxFileBytes?: number,
): Promise<boolean> {
  const around = neighbourhood(candidates, texts, undefined, undefined, graph);
  const wanted = [...new Set(around.flatMap((file) => relativeJsonImportsOf(file, texts.get(file) ?? '')))].filter((file) => !texts.has(file));
  if (wanted.length === 0) return false;
  const { sources } = await readSources(wanted, maxFileBytes);
  for (const source of sources) texts.set(source.file, source.text);
  return sources.length > 0;
}

/**
 * --staged: the rest of the project, as on disk, so that a staged file's host constants and call
 * sites in unstaged modules still resolve. Read only when a staged file is a candidate.
 */
async function readContext(options: RunOptions, staged: ReadonlyMap<string, SourceText>): Promise<ProjectContext> {
  const all = await discover(options);
  const { sources } = await readSources(all.sources.filter((file) => !staged.has(file)), options.maxFileBytes);
  return { sources, manifests: all.manifests };
}

/** What a candidate is scanned with besides the files read: the rest of the project (--staged) and its manifests. */
interface ProjectContext {
  sources: SourceText[];
  manifests: string[];
}

/**
 * The project's package.json and tsconfig files, read when a candidate needs them: where its bare
 * specifiers lead (workspace packages, path aliases), which packages are WeChat SDKs, which are published.
 */
async function readWorkspace(manifests: readonly string[], texts: ReadonlyMap<string, string>, maxFileBytes?: number): Promise<Workspace> {
  if (manifests.length === 0) return Workspace.NONE;
  const { sources } = await readSources(manifests, maxFileBytes);
  return new Workspace(new Map(sources.map((source) => [source.file, source.text])), new Set(texts.keys()));
}

/** Sources by path, in the order read. */
function byPath({ sources, errors }: ReadResult): { sources: ReadonlyMap<string, SourceText>; errors: FileError[] } {
  const byFile = new Map<string, SourceText>();
  for (const source of sources) byFile.set(source.file, source);
  return { sources: byFile, errors };
}

/** The items `keep` keeps, one at a time (a read tree makes each source when it is asked for). */
function* filtered<T>(items: Iterable<T>, keep: (item: T) => boolean): Generator<T> {
  for (const item of items) if (keep(item)) yield item;
}

function withBom(source: SourceText, text: string): string {
  return source.bom ? `\uFEFF${text}` : text;
}

function summarize(
  filesMatched: number,
  filesParsed: number,
  filesWithoutWeChatEvidence: number,
  findings: Finding[],
  errors: FileError[],
  started: number,
): RunResult['summary'] {
  const byKind: Record<FindingKind, number> = { 'pinned-ca': 0, 'insecure-tls': 0 };
  const byStatus: Record<FindingStatus, number> = { fixable: 0, fixed: 0, 'needs-review': 0, suppressed: 0 };
  for (const finding of findings) {
    byKind[finding.kind]++;
    byStatus[finding.status]++;
  }
  return {
    filesMatched,
    filesParsed,
    filesWithoutWeChatEvidence,
    filesChanged: 0,
    findings: byKind,
    byStatus,
    errors: errors.length,
    durationMs: Math.round(performance.now() - started),
  };
}

export { reportPath };

function byFileName(a: FileError, b: FileError): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : 0;
}
