// --staged: the files staged in git and their staged content (what the commit will hold), for
// pre-commit hooks. Asks git and runs nothing of the project's: every git call turns the repository's
// fsmonitor hook off (`-c core.fsmonitor=false`) and takes no optional lock (GIT_OPTIONAL_LOCKS=0: a
// pre-commit hook runs while git holds the index lock). Sizes come first (`git cat-file
// --batch-check`), so a staged file over the limit is reported, never read; the rest are read through
// one `git cat-file --batch` process, not one `git show` per file.
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import { UsageError } from './errors.ts';
import { decode, DEFAULT_MAX_FILE_BYTES, formatBytes, type ReadResult } from './read.ts';

/** node:child_process when git first runs: only --staged and fix's look at uncommitted files do (2 ms of a pre-commit run's start-up otherwise). */
const childProcess = (): typeof import('node:child_process') => createRequire(import.meta.url)('node:child_process') as typeof import('node:child_process');
/** Git's own output (names, ids, sizes), never file content: generous, since paths are many. */
const MAX_LIST_BUFFER = 256 * 1024 * 1024;
const GIT_CONFIG = ['-c', 'core.fsmonitor=false'];
const GIT_ENV = { ...process.env, GIT_OPTIONAL_LOCKS: '0' };

/** A regular file's mode in git's index; links (120000) and submodules (160000) are something else. */
const REGULAR_FILE = /^100[0-7]{3}$/;

interface StagedEntry {
  mode: string;
  blob: string;
}

export interface StagedFiles {
  /** Absolute paths of staged files (added, copied, modified, renamed). */
  files: Set<string>;
  /** Reads the staged content of these files, those over `maxFileBytes` skipped with a notice. */
  read(files: readonly string[], maxFileBytes?: number): Promise<ReadResult>;
}

/** One git command, with the hook-safe settings above. */
export function git(args: readonly string[], cwd: string): Promise<{ stdout: string }> {
  return promisify(childProcess().execFile)('git', [...GIT_CONFIG, ...args], { cwd, env: GIT_ENV, maxBuffer: MAX_LIST_BUFFER });
}

export async function stagedFiles(cwd: string): Promise<StagedFiles> {
  let root: string;
  try {
    root = (await git(['rev-parse', '--show-toplevel'], cwd)).stdout.trim();
  } catch {
    throw new UsageError(`--staged needs a git repository, and ${cwd} is not inside one. Run it from your repository, or drop --staged.`);
  }
  // `:<old mode> <new mode> <old id> <new id> <status>\0<path>\0` per file; no renames, so one path each.
  const { stdout } = await git(['diff', '--cached', '--raw', '-z', '--no-renames', '--no-abbrev', '--diff-filter=ACMR'], root);
  const entries = new Map<string, StagedEntry>();
  const fields = stdout.split('\0');
  for (let index = 0; index + 1 < fields.length; index += 2) {
    const [, mode, , blob] = fields[index]!.split(' ');
    const name = fields[index + 1]!;
    if (mode && blob && name) entries.set(path.resolve(root, name), { mode, blob });
  }
  return { files: new Set(entries.keys()), read: (files, maxFileBytes) => readStaged(root, entries, files, maxFileBytes) };
}

async function readStaged(root: string, entries: ReadonlyMap<string, StagedEntry>, files: readonly string[], maxFileBytes = DEFAULT_MAX_FILE_BYTES): Promise<ReadResult> {
  const result: ReadResult = { sources: [], errors: [] };
  const regular: Array<{ file: string; blob: string }> = [];
  for (const file of files) {
    const entry = entries.get(file);
    if (!entry) continue;
    if (REGULAR_FILE.test(entry.mode)) regular.push({ file, blob: entry.blob });
    else result.errors.push({ file, message: 'skipped: staged as a symbolic link (or a submodule), not a file; the tool does not follow links' });
  }
  if (regular.length === 0) return result;
  const sizes = parseSizes(await batch(root, '--batch-check', regular.map((item) => item.blob)));
  const wanted = regular.filter(({ file, blob }) => {
    const size = sizes.get(blob) ?? 0;
    if (size <= maxFileBytes) return true;
    result.errors.push({ file, message: `skipped: ${formatBytes(size)} is over the ${formatBytes(maxFileBytes)} limit (raise it with --max-file-size)` });
    return false;
  });
  const contents = parseContents(await batch(root, '--batch', [...new Set(wanted.map((item) => item.blob))]));
  for (const { file, blob } of wanted) {
    const bytes = contents.get(blob);
    if (!bytes) {
      result.errors.push({ file, message: 'cannot read: git cat-file did not return the staged content' });
      continue;
    }
    const outcome = decode(file, bytes);
    if ('message' in outcome) result.errors.push(outcome);
    else result.sources.push(outcome);
  }
  return result;
}

/** One `git cat-file <mode>` process: the object ids on stdin, its whole answer back. */
function batch(root: string, mode: '--batch' | '--batch-check', ids: readonly string[]): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = childProcess().spawn('git', [...GIT_CONFIG, 'cat-file', mode], { cwd: root, env: GIT_ENV, stdio: ['pipe', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(Buffer.concat(chunks));
      else reject(new Error(`git cat-file ${mode} failed (exit ${code}): ${stderr.trim()}`));
    });
    child.stdin.end(ids.map((id) => `${id}\n`).join(''));
  });
}

/** `<id> blob <size>` lines → size by id. */
function parseSizes(output: Buffer): Map<string, number> {
  const sizes = new Map<string, number>();
  for (const line of output.toString('latin1').split('\n')) {
    const [id, type, size] = line.split(' ');
    if (id && type === 'blob' && size !== undefined) sizes.set(id, Number(size));
  }
  return sizes;
}

/** `<id> blob <size>\n<size bytes>\n` records → content by id. */
function parseContents(output: Buffer): Map<string, Buffer> {
  const contents = new Map<string, Buffer>();
  let at = 0;
  while (at < output.length) {
    const headerEnd = output.indexOf(0x0a, at);
    if (headerEnd === -1) break;
    const [id, type, size] = output.toString('latin1', at, headerEnd).split(' ');
    if (type !== 'blob' || !id || size === undefined) {
      at = headerEnd + 1; // `<id> missing`
      continue;
    }
    const start = headerEnd + 1;
    const end = start + Number(size);
    contents.set(id, output.subarray(start, end));
    at = end + 1;
  }
  return contents;
}
