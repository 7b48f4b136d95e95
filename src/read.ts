// Reads each discovered file once and decides whether it is text the tool may touch. What it keeps
// (BOM, mode, the exact bytes) is what write.ts needs to put a changed file back faithfully.
import { readFile, stat } from 'node:fs/promises';
import type { FileError } from './types.ts';

export interface SourceText {
  /** Absolute path. */
  file: string;
  /** The text without its BOM: every offset the tool computes is into this string. */
  text: string;
  bom: boolean;
  /** The bytes as read, to detect a change on disk before writing. */
  bytes: Buffer;
}

export const DEFAULT_MAX_FILE_BYTES = 2 * 1024 * 1024;
const READ_CONCURRENCY = 64;
const BOM = '\uFEFF';
const utf8 = new TextDecoder('utf-8', { fatal: true });

export interface ReadResult {
  sources: SourceText[];
  errors: FileError[];
}

/** Reads files with bounded concurrency; a file that cannot be read or is not UTF-8 text goes to errors. */
export async function readSources(files: readonly string[], maxFileBytes = DEFAULT_MAX_FILE_BYTES): Promise<ReadResult> {
  const sources: Array<SourceText | undefined> = new Array(files.length);
  const errors: FileError[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < files.length) {
      const index = next++;
      const file = files[index]!;
      const outcome = await readSource(file, maxFileBytes);
      if ('message' in outcome) errors.push(outcome);
      else sources[index] = outcome;
    }
  };
  await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, files.length) }, worker));
  return { sources: sources.filter((source): source is SourceText => source !== undefined), errors };
}

async function readSource(file: string, maxFileBytes: number): Promise<SourceText | FileError> {
  try {
    const info = await stat(file);
    if (info.size > maxFileBytes) {
      return { file, message: `skipped: ${formatBytes(info.size)} is over the ${formatBytes(maxFileBytes)} limit (raise it with --max-file-size)` };
    }
    const bytes = await readFile(file);
    return decode(file, bytes);
  } catch (error) {
    return { file, message: `cannot read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` };
  }
}

export function decode(file: string, bytes: Buffer): SourceText | FileError {
  if (bytes.includes(0)) return { file, message: 'skipped: binary content (a NUL byte), not source text' };
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return { file, message: 'skipped: not valid UTF-8; the tool edits UTF-8 text only' };
  }
  const bom = text.startsWith(BOM);
  return { file, text: bom ? text.slice(1) : text, bom, bytes };
}

export function encode(source: Pick<SourceText, 'bom'>, text: string): Buffer {
  return Buffer.from(source.bom ? BOM + text : text, 'utf8');
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}
