// The only place that writes user files. Each write is atomic (temp file + rename, by
// write-file-atomic), keeps the file's mode, and is refused when the file changed since it was read.
import { readFile } from 'node:fs/promises';
import writeFileAtomic from 'write-file-atomic';
import { encode, type SourceText } from './read.ts';
import type { FileError } from './types.ts';

export async function writeSource(source: SourceText, newText: string): Promise<FileError | undefined> {
  let current: Buffer;
  try {
    current = await readFile(source.file);
  } catch (error) {
    return { file: source.file, message: `not written: cannot read it again (${(error as NodeJS.ErrnoException).code})` };
  }
  if (!current.equals(source.bytes)) {
    return { file: source.file, message: 'not written: the file changed on disk since it was scanned; run the fix again' };
  }
  try {
    // write-file-atomic keeps the existing file's mode and owner unless told otherwise.
    await writeFileAtomic(source.file, encode(source, newText));
    return undefined;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { file: source.file, message: `not written: ${code === 'EACCES' || code === 'EPERM' ? 'permission denied (is it read-only?)' : (error as Error).message}` };
  }
}
