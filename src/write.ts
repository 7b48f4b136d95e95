// The only place that writes user files. Each write is atomic (temp file, fsync, rename, by
// write-file-atomic), so a run killed at any moment leaves every file either as it was or as fixed.
// A write is refused when the path no longer holds what was read: other bytes, another file (a link
// or a replacement swapped in), or a file someone made read-only.
import { lstat, readFile } from 'node:fs/promises';
import { encode, type SourceText } from './read.ts';
import type { FileError } from './types.ts';

export async function writeSource(source: SourceText, newText: string): Promise<FileError | undefined> {
  const refused = (reason: string): FileError => ({ file: source.file, message: `not written: ${reason}` });
  let current: Buffer;
  try {
    const info = await lstat(source.file);
    // write-file-atomic resolves links and would write to the link's target, wherever it is.
    if (info.isSymbolicLink()) return refused('the path is now a symbolic link; the tool does not write through links');
    if (!info.isFile()) return refused('the path is no longer a regular file');
    if (source.identity && (info.dev !== source.identity.dev || info.ino !== source.identity.ino)) {
      return refused('the file was replaced on disk since it was scanned; run the fix again');
    }
    // Root, and anyone who may write the folder, could replace a read-only file; its owner marked it
    // so for a reason, so say so instead.
    if ((info.mode & 0o222) === 0) {
      return refused(`the file is read-only (mode ${(info.mode & 0o777).toString(8).padStart(4, '0')}); make it writable and run the fix again`);
    }
    current = await readFile(source.file);
  } catch (error) {
    return refused(`cannot read it again (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  if (!current.equals(encode(source, source.text))) {
    return refused('the file changed on disk since it was scanned; run the fix again');
  }
  try {
    // write-file-atomic keeps the existing file's mode and owner unless told otherwise. Loaded here:
    // a scan never writes, and a pre-commit run should not pay for it.
    const { default: writeFileAtomic } = await import('write-file-atomic');
    await writeFileAtomic(source.file, encode(source, newText));
    return undefined;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return refused(code === 'EACCES' || code === 'EPERM' || code === 'EROFS' ? `permission denied (${code}); is the file or its folder read-only?` : (error as Error).message);
  }
}
