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
import { randomBytes } from 'node:crypto';
import { constants, type Stats } from 'node:fs';
import { lstat, open, readdir, readFile, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { encode, type SourceText } from './read.ts';
import type { FileError } from './types.ts';

/** For tests: runs after the temp file is written, before the last check and the rename. */
export interface WriteHooks {
  afterTempWritten?: () => Promise<void> | void;
}

/**
 * `swept`: folders the run has cleared of stale temp files already (each is listed once per run, not
 * once per file written in it).
 */
export async function writeSource(source: SourceText, newText: string, hooks: WriteHooks = {}, swept?: Set<string>): Promise<FileError | undefined> {
  const refused = (reason: string): FileError => ({ file: source.file, message: `not written: ${reason}` });
  const before = encode(source, source.text);
  const first = await changedOnDisk(source, before);
  if (typeof first === 'string') return refused(first);
  try {
    await writeAtomically(source.file, encode(source, newText), {
      mode: first.mode,
      owner: { uid: first.uid, gid: first.gid },
      swept,
      beforeRename: async () => {
        await hooks.afterTempWritten?.();
        const last = await changedOnDisk(source, before);
        return typeof last === 'string' ? last : undefined;
      },
    });
    return undefined;
  } catch (error) {
    if (error instanceof RefusedWrite) return refused(error.message);
    const code = (error as NodeJS.ErrnoException).code;
    return refused(code === 'EACCES' || code === 'EPERM' || code === 'EROFS' ? `permission denied (${code}); is the file or its folder read-only?` : (error as Error).message);
  }
}

/** Why the file on disk is no longer the one read (or may not be written), or its stat when it is. */
async function changedOnDisk(source: SourceText, bytes: Buffer): Promise<string | Stats> {
  let current: Buffer;
  let info: Stats;
  try {
    info = await lstat(source.file);
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
    current = await readFile(source.file);
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
  /** Folders cleared of stale temp files already in this run (see writeSource). */
  swept?: Set<string>;
}

const TEMP_SUFFIX = /^(.*)\.wechat-unpin-(\d+)-[0-9a-f]+\.tmp$/;

/**
 * Writes `bytes` to `file` by a temp file and a rename. The temp file is created exclusively, without
 * following links; it is removed on any failure. Throws RefusedWrite when `beforeRename` says no.
 */
export async function writeAtomically(file: string, bytes: Buffer, options: AtomicWriteOptions = {}): Promise<void> {
  const folder = path.dirname(file);
  if (!options.swept?.has(folder)) {
    await removeStaleTempFiles(folder);
    options.swept?.add(folder);
  }
  const temp = path.join(folder, `${path.basename(file)}.wechat-unpin-${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  const umask = process.umask();
  const mode = options.mode === undefined ? 0o666 & ~umask : options.mode & 0o7777;
  // Created with the mode it will have when the umask leaves it whole (one call fewer); fchmod is not
  // masked by the umask, and sets it exactly otherwise.
  const handle = await open(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, mode & 0o777);
  let renamed = false;
  try {
    try {
      await handle.writeFile(bytes);
      if ((mode & 0o777 & ~umask) !== mode) await handle.chmod(mode);
      if (options.owner) await handle.chown(options.owner.uid, options.owner.gid).catch(ignoreUnlessRoot);
      await handle.sync();
    } finally {
      await handle.close();
    }
    const refusal = await options.beforeRename?.();
    if (refusal) throw new RefusedWrite(refusal);
    await rename(temp, file);
    renamed = true;
  } finally {
    if (!renamed) await unlink(temp).catch(() => undefined);
  }
}

function ignoreUnlessRoot(error: unknown): void {
  // Only root may give a file away; anyone else writes it as their own, as an editor would.
  if (process.getuid?.() === 0) throw error;
}

/** Temp files a killed run left in `folder`: their process is gone. */
async function removeStaleTempFiles(folder: string): Promise<void> {
  let entries: string[];
  try {
    entries = await readdir(folder);
  } catch {
    return;
  }
  for (const entry of entries) {
    const match = TEMP_SUFFIX.exec(entry);
    if (!match || isRunning(Number(match[2]))) continue;
    await unlink(path.join(folder, entry)).catch(() => undefined);
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
