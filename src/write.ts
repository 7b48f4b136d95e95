// The only place that writes user files. Each write is atomic: the new bytes go to a temp file beside
// the target (same mode and owner, fsync'd), then a rename replaces the target, so a run killed at any
// moment leaves every file either as it was or as fixed. A write is refused when the path no longer
// holds what was read: other bytes, another file (a link or a replacement swapped in), or a file someone
// made read-only. The content is checked twice: before the temp file is written and again right before
// the rename, so an editor's save during the write is not lost. What is left is the time between that
// last check and the rename (a few system calls; README, "What fix guarantees").
//
// Temp files are named `<name>.wechat-unpin-<pid>-<random>.tmp`. One left by a killed run (kill -9,
// power loss) is removed by the next run that writes in its folder once no process of that pid is
// running.
//
// A fix's temp file is written and its fsync started first (stageWrite); the rename waits for the
// fsync and the last check. The caller goes on meanwhile: the disk's wait overlaps run.ts's
// verification of the fixes, not the run's time.
import { randomBytes } from 'node:crypto';
import { close, closeSync, constants, fchmodSync, fchownSync, fsync, lstatSync, openSync, readdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { lstat } from 'node:fs/promises';
import path from 'node:path';
import { encode, type SourceText } from './read.ts';
import type { FileError } from './types.ts';

/** For tests: runs after the temp file is written, before the last check and the rename. */
export interface WriteHooks {
  afterTempWritten?: () => Promise<void> | void;
}

export async function writeSource(source: SourceText, newText: string, hooks: WriteHooks = {}): Promise<FileError | undefined> {
  const staged = stageWrite(source, newText, hooks);
  return 'commit' in staged ? staged.commit() : staged;
}

/**
 * A fixed text in its temp file beside the target: `commit` renames it over the target once it is on
 * disk and the target is still what was read; `discard` removes it and leaves the target as it is.
 */
export interface StagedWrite {
  /** Settles once the temp file is on disk (or its fsync failed, which `commit` reports). */
  ready: Promise<unknown>;
  commit(): Promise<FileError | undefined>;
  discard(): Promise<void>;
}

/**
 * Writes the temp file of a fix now, and starts its fsync (the slow part, which the disk does while
 * the caller goes on: run.ts verifies the fixes meanwhile). The target is not touched until `commit`.
 * `swept`: folders already cleared of stale temp files in this run (each is listed once).
 */
export function stageWrite(source: SourceText, newText: string, hooks: WriteHooks = {}, swept = new Set<string>()): StagedWrite | FileError {
  const refused = (reason: string): FileError => ({ file: source.file, message: `not written: ${reason}` });
  const before = encode(source, source.text);
  const first = changedOnDisk(source, before);
  if (first) return refused(first);
  let temp: TempFile;
  try {
    const info = lstatSync(source.file);
    temp = writeTempFile(source.file, encode(source, newText), { mode: info.mode, owner: { uid: info.uid, gid: info.gid } }, swept);
  } catch (error) {
    return refused(reasonOf(error));
  }
  return {
    ready: temp.synced.catch(() => undefined),
    commit: async () => {
      try {
        await temp.synced;
        await hooks.afterTempWritten?.();
        const last = changedOnDisk(source, before);
        if (last) throw new RefusedWrite(last);
        renameSync(temp.path, source.file);
        return undefined;
      } catch (error) {
        temp.remove();
        return refused(error instanceof RefusedWrite ? error.message : reasonOf(error));
      }
    },
    discard: async () => {
      await temp.synced.catch(() => undefined);
      temp.remove();
    },
  };
}

function reasonOf(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'EACCES' || code === 'EPERM' || code === 'EROFS' ? `permission denied (${code}); is the file or its folder read-only?` : (error as Error).message;
}

/**
 * Why the file on disk is no longer the one read (or may not be written), or undefined. Synchronous:
 * a stat and a read of a file the run has read already.
 */
function changedOnDisk(source: SourceText, bytes: Buffer): string | undefined {
  let current: Buffer;
  try {
    const info = lstatSync(source.file);
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
  return current.equals(bytes) ? undefined : 'the file changed on disk since it was scanned; run the fix again';
}

/** A refused write, with the reason as the message. */
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
  const temp = writeTempFile(file, bytes, options);
  let renamed = false;
  try {
    await temp.synced;
    const refusal = await options.beforeRename?.();
    if (refusal) throw new RefusedWrite(refusal);
    renameSync(temp.path, file);
    renamed = true;
  } finally {
    if (!renamed) temp.remove();
  }
}

interface TempFile {
  path: string;
  /** Settles once the bytes are on disk (fsync) and the file is closed. */
  synced: Promise<void>;
  remove(): void;
}

/**
 * The temp file beside `file`, written and its fsync started. The writes themselves are synchronous:
 * they go to the page cache at once, and the fsync, which waits for the disk, runs in the background.
 */
function writeTempFile(file: string, bytes: Buffer, options: Pick<AtomicWriteOptions, 'mode' | 'owner'>, swept?: Set<string>): TempFile {
  const folder = path.dirname(file);
  if (!swept?.has(folder)) {
    removeStaleTempFiles(folder);
    swept?.add(folder);
  }
  const temp = path.join(folder, `${path.basename(file)}.wechat-unpin-${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  const remove = (): void => {
    try {
      unlinkSync(temp);
    } catch {
      // Gone already.
    }
  };
  const fd = openSync(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
  try {
    writeFileSync(fd, bytes);
    // fchmod is not masked by the umask: the mode is exactly the old file's.
    fchmodSync(fd, options.mode === undefined ? 0o666 & ~process.umask() : options.mode & 0o7777);
    if (options.owner) {
      try {
        fchownSync(fd, options.owner.uid, options.owner.gid);
      } catch (error) {
        ignoreUnlessRoot(error);
      }
    }
  } catch (error) {
    closeSync(fd);
    remove();
    throw error;
  }
  const synced = new Promise<void>((resolve, reject) => {
    fsync(fd, (error) => {
      close(fd, () => (error ? reject(error) : resolve()));
    });
  });
  // A failed fsync is the commit's to report; until someone awaits it, it is not unhandled.
  synced.catch(() => undefined);
  return { path: temp, synced, remove };
}

function ignoreUnlessRoot(error: unknown): void {
  // Only root may give a file away; anyone else writes it as their own, as an editor would.
  if (process.getuid?.() === 0) throw error;
}

/** Temp files in `folder` that a killed run left: their process is gone. */
function removeStaleTempFiles(folder: string): void {
  let entries: string[];
  try {
    entries = readdirSync(folder);
  } catch {
    return;
  }
  for (const entry of entries) {
    const match = TEMP_SUFFIX.exec(entry);
    if (!match || isRunning(Number(match[2]))) continue;
    try {
      unlinkSync(path.join(folder, entry));
    } catch {
      // Gone already, or not ours to remove.
    }
  }
}

/**
 * Whether a process of this pid is running. Ours is: its temp files may be waiting for their rename
 * (one an earlier process of the same pid left waits for a later run).
 */
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
