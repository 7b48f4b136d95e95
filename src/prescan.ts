// What the read stage learns of one file, in a worker or on the main thread alike (read-pool.ts): the
// checks of read.ts, the prefilter's verdict and the file's import specifiers. Only a candidate's
// text comes back; every other file is known by its identity and imports, and read again on the rare
// occasion its text is needed (the neighbourhood of a candidate). The record is kept small: a large
// tree holds one per file, and each crosses from a worker by copy.
import { lstatSync, readFileSync } from 'node:fs';
import { importSpecifiersOf } from './imports.ts';
import { mayHoldFinding } from './prefilter.ts';
import { decode, formatBytes } from './read.ts';
import type { FileError } from './types.ts';

export interface Prescanned {
  bom: boolean;
  /** The file's identity as read (see SourceText.identity). */
  dev: number;
  ino: number;
  /** The prefilter's verdict. */
  candidate: boolean;
  /** The text without its BOM, for a candidate only. */
  text?: string;
  /** Relative specifiers, when there are any. */
  relative?: readonly string[];
  /** Bare specifiers, when there are any and they were asked for. */
  bare?: readonly string[];
}

export interface PrescanOptions {
  maxFileBytes: number;
  /**
   * Whether bare specifiers are wanted: only a tree with manifests can resolve one (workspace.ts),
   * so without any the regex is not run.
   */
  bareSpecifiers: boolean;
}

/** Reads and checks one file as readSources does (same messages), synchronously. */
export function prescanFile(file: string, options: PrescanOptions): Prescanned | FileError {
  try {
    // lstat, not stat: see read.ts.
    const info = lstatSync(file);
    if (info.isSymbolicLink()) {
      return { file, message: 'skipped: a symbolic link; the tool does not follow links (name its target instead)' };
    }
    if (!info.isFile()) return { file, message: 'skipped: not a regular file' };
    if (info.size > options.maxFileBytes) {
      return { file, message: `skipped: ${formatBytes(info.size)} is over the ${formatBytes(options.maxFileBytes)} limit (raise it with --max-file-size)` };
    }
    const decoded = decode(file, readFileSync(file));
    if ('message' in decoded) return decoded;
    const candidate = mayHoldFinding(decoded.text);
    const record: Prescanned = { bom: decoded.bom, dev: info.dev, ino: info.ino, candidate };
    if (candidate) record.text = decoded.text;
    const { relative, bare } = importSpecifiersOf(decoded.text, options.bareSpecifiers);
    if (relative.length > 0) record.relative = relative;
    if (bare.length > 0) record.bare = bare;
    return record;
  } catch (error) {
    return { file, message: `cannot read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` };
  }
}

/**
 * The text of a file read before, read again: '' when it is no longer the same regular file (a link
 * or another file swapped in: never followed) or no longer UTF-8 text.
 */
export function rereadText(file: string, identity: { dev: number; ino: number }): string {
  try {
    const info = lstatSync(file);
    if (!info.isFile() || info.dev !== identity.dev || info.ino !== identity.ino) return '';
    const decoded = decode(file, readFileSync(file));
    return 'message' in decoded ? '' : decoded.text;
  } catch {
    return '';
  }
}
