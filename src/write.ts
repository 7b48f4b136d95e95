// The only place that writes user files. Each write is atomic: the new bytes go to a temp file beside
// the target (same mode and owner, fsync'd), then a rename replaces the target, so a run killed at any
// moment leaves every file either as it was or as fixed. A write is refused when the path no longer
// holds what was read: other bytes, another file (a link or a replacement swapped in), or a file someone
// made read-only. The content is checked twice: before the temp file is written and again right before
// the rename, so an editor's save during the write is not lost. What is left is the time between that
// last check and the rename (a few system calls; README, "What fix guarantees").
//
// Temp files are named `<name>.wechat-unpin-<pid>-<random>.tmp`. One left by a killed run (kill -9,
// power loss) is removed by the next run that writes in its folder, once no process of that pid is
// running.
//
// Files are written a batch at a time (writeSources): temp files, then their fsyncs together, then
// the renames.
import { close, closeSync, constants, fchmodSync, fchownSync, fsync, lstatSync, openSync, readdirSync, readFileSync, renameSync, unlinkSync, writeFileSync, type Stats } from 'node:fs';
import { lstat } from 'node:fs/promises';
import path from 'node:path';
import { nodeCrypto } from './lazy-crypto.ts';
import { encode, type SourceText } from './read.ts';
import type { FileError } from './types.ts';

/** For tests: runs after the temp file is written, before the last check and the rename. */
export interface WriteHooks {
  afterTempWritten?: () => Promise<void> | void;
}

export async function writeSource(source: SourceText, newText: string, hooks: WriteHooks = {}): Promise<FileError | undefined> {
  const { failures } = await writeSources([{ source, newText }], { hooks });
  return failures[0];
}

/** Files written together: their temp files, then their fsyncs at once, then their renames. */
const WRITE_BATCH = 64;

export interface SourceWrite {
  source: SourceText;
  newText: string;
}

export interface WriteOptions {
  hooks?: WriteHooks;
  /** Asked between batches: once aborted, nothing more is renamed (the batch's temp files go). */
  signal?: AbortSignal | undefined;
  /** Told of each file written, in the order of the items. */
  onWritten?: ((file: string) => void) | undefined;
}

/**
 * Writes fixed texts, WRITE_BATCH at a time: a batch's temp files are checked and written, then
 * fsync'd together, then each renamed after its last check. Measured on the bench's 500-file fix:
 * ~150 ms, against ~300 ms for one file after the other eight at a time (its system calls went
 * through the thread pool one by one, and files created while other fsyncs ran waited for the
 * journal). Returns the writes refused, and whether a signal stopped the run before the end.
 */
export async function writeSources(items: readonly SourceWrite[], options: WriteOptions = {}): Promise<{ failures: FileError[]; stopped: boolean }> {
  const failures: FileError[] = [];
  const swept = new Set<string>();
  for (let start = 0; start < items.length; start += WRITE_BATCH) {
    if (options.signal?.aborted) return { failures, stopped: true };
    const staged: Array<{ source: SourceText; before: Buffer; temp: string; synced: Promise<void> }> = [];
    for (const { source, newText } of items.slice(start, start + WRITE_BATCH)) {
      const before = encode(source, source.text);
      const first = changedOnDisk(source, before);
      if (typeof first === 'string') {
        failures.push(refused(source, first));
        continue;
      }
      try {
        const temp = writeTempFile(source.file, encode(source, newText), { mode: first.mode, owner: { uid: first.uid, gid: first.gid } }, swept);
        staged.push({ source, before, ...temp });
      } catch (error) {
        failures.push(refused(source, reasonOf(error)));
      }
    }
    const synced = await Promise.allSettled(staged.map(({ synced }) => synced));
    const stop = options.signal?.aborted === true;
    for (const [index, { source, before, temp }] of staged.entries()) {
      const sync = synced[index]!;
      let reason = stop ? 'stopped' : sync.status === 'rejected' ? reasonOf(sync.reason) : undefined;
      if (reason === undefined) {
        await options.hooks?.afterTempWritten?.();
        const last = changedOnDisk(source, before);
        if (typeof last === 'string') reason = last;
      }
      if (reason === undefined) {
        try {
          renameSync(temp, source.file);
          options.onWritten?.(source.file);
          continue;
        } catch (error) {
          reason = reasonOf(error);
        }
      }
      removeQuietly(temp);
      if (!stop) failures.push(refused(source, reason));
    }
    if (stop) return { failures, stopped: true };
  }
  return { failures, stopped: false };
}

function refused(source: SourceText, reason: string): FileError {
  return { file: source.file, message: `not written: ${reason}` };
}

function reasonOf(error: unknown): string {
  if (error instanceof RefusedWrite) return error.message;
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'EACCES' || code === 'EPERM' || code === 'EROFS' ? `permission denied (${code}); is the file or its folder read-only?` : (error as Error).message;
}

function removeQuietly(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // Gone already.
  }
}

/**
 * Why the file on disk is no longer the one read (or may not be written), or its stat when it is.
 * Synchronous: a stat and a read of a file the run read already.
 */
function changedOnDisk(source: SourceText, bytes: Buffer): string | Stats {
  let current: Buffer;
  let info: Stats;
  try {
    info = lstatSync(source.file);
    // A rename would replace the link itself; writing through it would change a file elsewhere.
    if (info.isSymbolicLink()) return 'the path is now a symbolic link; the tool does not write through links';
    if (!info.isFile()) return 'the path is no longer a regular file';
    if (source.identity && (info.dev !== source.identity.dev || info.ino !== source.identity.ino)) {
      return 'the file was replaced on disk since it was scanned; run the fix again';
    }
    // Root, and anyone who may write the folder, could replace a read-only file; its owner marked it
    // so for a reason, so say so instead.
    if ((info.mode & 0o222) === 0) {
      return `the file is read-only (mode ${(info.mode & 0o777).toString(8).padStart(4, '0')}); make it writable and run the fix again`;
    }
    current = readFileSync(source.file);
  } catch (error) {
    return `cannot read it again (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`;
  }
  return current.equals(bytes) ? info : 'the file changed on disk since it was scanned; run the fix again';
}

/** A write refused by a check, with the reason as the message. */
export class RefusedWrite extends Error {
  override readonly name = 'RefusedWrite';
}

export interface AtomicWriteOptions {
  /** The file's mode; default 0o666 less the umask, as for any new file. */
  mode?: number;
  /** Kept when the process may set it (root); otherwise the writer's own. */
  owner?: { uid: number; gid: number };
  /** Last word before the rename: a reason to refuse, or undefined to go ahead. */
  beforeRename?: () => Promise<string | undefined>;
}

const TEMP_SUFFIX = /^(.*)\.wechat-unpin-(\d+)-[0-9a-f]+\.tmp$/;

/**
 * Writes `bytes` to `file` by a temp file and a rename. The temp file is created exclusively, without
 * following links; it is removed on any failure. Throws RefusedWrite when `beforeRename` says no.
 */
export async function writeAtomically(file: string, bytes: Buffer, options: AtomicWriteOptions = {}): Promise<void> {
  const { temp, synced } = writeTempFile(file, bytes, options, new Set());
  let renamed = false;
  try {
    await synced;
    const refusal = await options.beforeRename?.();
    if (refusal) throw new RefusedWrite(refusal);
    renameSync(temp, file);
    renamed = true;
  } finally {
    if (!renamed) removeQuietly(temp);
  }
}

/**
 * The temp file beside `file`, written now and its fsync started (settling once the file is on disk
 * and closed). The writes are synchronous: they reach the page cache at once; the fsync, which waits
 * for the disk, runs in the thread pool. `swept`: folders cleared of stale temp files in this run.
 */
function writeTempFile(file: string, bytes: Buffer, options: Pick<AtomicWriteOptions, 'mode' | 'owner'>, swept: Set<string>): { temp: string; synced: Promise<void> } {
  const folder = path.dirname(file);
  if (!swept.has(folder)) {
    removeStaleTempFiles(folder);
    swept.add(folder);
  }
  const temp = path.join(folder, `${path.basename(file)}.wechat-unpin-${process.pid}-${nodeCrypto().randomBytes(4).toString('hex')}.tmp`);
  const umask = process.umask();
  const mode = options.mode === undefined ? 0o666 & ~umask : options.mode & 0o7777;
  // Created with the mode it will have when the umask leaves it whole (one call fewer); fchmod is not
  // masked by the umask, and sets it exactly otherwise.
  const fd = openSync(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, mode & 0o777);
  try {
    writeFileSync(fd, bytes);
    if ((mode & 0o777 & ~umask) !== mode) fchmodSync(fd, mode);
    if (options.owner) {
      try {
        fchownSync(fd, options.owner.uid, options.owner.gid);
      } catch (error) {
        ignoreUnlessRoot(error);
      }
    }
  } catch (error) {
    closeSync(fd);
    removeQuietly(temp);
    throw error;
  }
  const synced = new Promise<void>((resolve, reject) => fsync(fd, (error) => close(fd, () => (error ? reject(error) : resolve()))));
  // Awaited by the caller; until then a failed fsync is not an unhandled rejection.
  synced.catch(() => undefined);
  return { temp, synced };
}

function ignoreUnlessRoot(error: unknown): void {
  // Only root may give a file away; anyone else writes it as their own, as an editor would.
  if (process.getuid?.() === 0) throw error;
}

/** Temp files a killed run left in `folder`: their process is gone. */
function removeStaleTempFiles(folder: string): void {
  let entries: string[];
  try {
    entries = readdirSync(folder);
  } catch {
    return;
  }
  for (const entry of entries) {
    const match = TEMP_SUFFIX.exec(entry);
    if (match && !isRunning(Number(match[2]))) removeQuietly(path.join(folder, entry));
  }
}

/** Whether a process of this pid is running. Ours is: its other writes may be under way in the folder. */
function isRunning(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The report of --output, written atomically; an existing report keeps its mode. Throws RefusedWrite
 * when the path became a link or something other than a file since the options were checked (a rename
 * would replace the link, not follow it, but the user asked for a file).
 */
export async function writeReport(file: string, text: string): Promise<void> {
  const info = await lstat(file).catch(() => undefined);
  if (info?.isSymbolicLink()) throw new RefusedWrite('the path is now a symbolic link; the tool does not write through links');
  if (info && !info.isFile()) throw new RefusedWrite('the path is no longer a regular file');
  await writeAtomically(file, Buffer.from(text, 'utf8'), { mode: info?.mode });
}
