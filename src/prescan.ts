// What the read stage learns of one file, in a worker or on the main thread alike (read-pool.ts): the
// checks of read.ts, the prefilter's verdict and the file's import specifiers. Only a candidate's
// text comes back; every other file is known by its identity and imports, and read again on the rare
// occasion its text is needed (the neighbourhood of a candidate). The record is kept small: a large
// tree holds one per file, and each crosses from a worker by copy.
import { closeSync, lstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { importSpecifiersOf, type ImportSpecifiers } from './imports.ts';
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
  /**
   * The import specifiers, when there are any, in one string: the relative ones joined by line breaks
   * (no specifier holds one), then, when there are bare ones (and they were asked for), a NUL (no
   * text read holds one) and the bare ones joined the same way. One string per file instead of two
   * arrays of them: a record stays for every file of the tree.
   */
  specifiers?: string;
}

/** Prescanned.specifiers as lists. */
export function splitSpecifiers(joined: string | undefined): ImportSpecifiers {
  if (joined === undefined) return { relative: [], bare: [] };
  const cut = joined.indexOf('\0');
  const relative = cut < 0 ? joined : joined.slice(0, cut);
  return { relative: relative === '' ? [] : relative.split('\n'), bare: cut < 0 ? [] : joined.slice(cut + 1).split('\n') };
}

/** PrescannedBatch.flags. */
export const BOM = 1;
export const CANDIDATE = 2;
export const FAILED = 4;

/**
 * What the read stage learns of a batch of files, in columns: numbers and bytes outside the heap
 * rather than an object and a string or two per file. The main thread keeps every batch for the
 * whole run, and objects it keeps for long grow V8's young generation with the size of the tree.
 */
export interface PrescannedBatch {
  /** BOM | CANDIDATE, or FAILED (then `errors` says why), per file. */
  flags: Uint8Array;
  /** Each file's identity as read (see SourceText.identity). */
  dev: Float64Array;
  ino: Float64Array;
  /** Each file's Prescanned.specifiers ('' for none) in UTF-8, one after another; file i's end at `ends[i]`. */
  specifiers: Uint8Array;
  ends: Uint32Array;
  /**
   * The candidates' texts in UTF-8, one after another; file i's ends at `textEnds[i]` (none for a file
   * that is no candidate). Bytes, decoded when asked for: strings here would be copied twice by V8's
   * young generation, which grows by what survives it, before the run looks at most of them.
   */
  texts: Uint8Array;
  textEnds: Uint32Array;
  /** Why each FAILED file failed, in the order of the files. */
  errors: FileError[];
  /** On the thread that keeps the batch: other files' texts read again later (PrescannedSource), by place. */
  reread?: Map<number, string>;
}

const utf8 = new TextDecoder();

/** Reads and checks `files` as prescanFile does, one batch. */
export function prescanBatch(files: readonly string[], options: PrescanOptions): PrescannedBatch {
  const count = files.length;
  const batch: PrescannedBatch = {
    flags: new Uint8Array(count),
    dev: new Float64Array(count),
    ino: new Float64Array(count),
    specifiers: new Uint8Array(0),
    ends: new Uint32Array(count),
    texts: new Uint8Array(0),
    textEnds: new Uint32Array(count),
    errors: [],
  };
  const joined: string[] = [];
  let end = 0;
  const texts: string[] = [];
  let textEnd = 0;
  files.forEach((file, index) => {
    const result = prescanFile(file, options);
    if ('message' in result) {
      batch.flags[index] = FAILED;
      batch.errors.push(result);
    } else {
      batch.flags[index] = (result.bom ? BOM : 0) | (result.candidate ? CANDIDATE : 0);
      batch.dev[index] = result.dev;
      batch.ino[index] = result.ino;
      if (result.text !== undefined) {
        texts.push(result.text);
        textEnd += Buffer.byteLength(result.text);
      }
      if (result.specifiers !== undefined) {
        joined.push(result.specifiers);
        end += Buffer.byteLength(result.specifiers);
      }
    }
    batch.ends[index] = end;
    batch.textEnds[index] = textEnd;
  });
  if (joined.length > 0) batch.specifiers = new Uint8Array(Buffer.from(joined.join(''), 'utf8'));
  if (texts.length > 0) batch.texts = new Uint8Array(Buffer.from(texts.join(''), 'utf8'));
  return batch;
}

/** Decodes the texts: valid UTF-8 (decode() took them) and already without their BOM, so one that starts another U+FEFF keeps it. */
const textDecoder = new TextDecoder('utf-8', { ignoreBOM: true });

/** File `index`'s text in `batch`, when it is a candidate's; a new string at every call. */
export function batchText(batch: PrescannedBatch, index: number): string | undefined {
  if (!(batch.flags[index]! & CANDIDATE)) return undefined;
  const start = index === 0 ? 0 : batch.textEnds[index - 1]!;
  return textDecoder.decode(batch.texts.subarray(start, batch.textEnds[index]!));
}

/** File `index`'s specifiers in `batch`, as lists. */
export function batchSpecifiers(batch: PrescannedBatch, index: number): ImportSpecifiers {
  const start = index === 0 ? 0 : batch.ends[index - 1]!;
  const end = batch.ends[index]!;
  return splitSpecifiers(start === end ? undefined : utf8.decode(batch.specifiers.subarray(start, end)));
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
    const decoded = decode(file, readWhole(file, info.size));
    if ('message' in decoded) return decoded;
    const candidate = mayHoldFinding(decoded.text);
    const record: Prescanned = { bom: decoded.bom, dev: info.dev, ino: info.ino, candidate };
    if (candidate) record.text = decoded.text;
    const { relative, bare } = importSpecifiersOf(decoded.text, options.bareSpecifiers);
    if (relative.length > 0 || bare.length > 0) record.specifiers = bare.length > 0 ? `${relative.join('\n')}\0${bare.join('\n')}` : relative.join('\n');
    return record;
  } catch (error) {
    return { file, message: `cannot read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` };
  }
}

/**
 * One buffer for every file this thread reads: a buffer per file (readFileSync) leaves tens of
 * megabytes of dead buffers outside the heap between collections, in every worker.
 */
let scratch: Buffer | undefined;

/** The bytes of `file` (about `size` of them), in `scratch`: valid until the next call. */
function readWhole(file: string, size: number): Buffer {
  if (!scratch || scratch.length <= size) scratch = Buffer.allocUnsafeSlow(Math.max(64 * 1024, size + 1));
  const fd = openSync(file, 'r');
  try {
    let length = 0;
    for (;;) {
      const read = readSync(fd, scratch, length, scratch.length - length, null);
      if (read === 0) return scratch.subarray(0, length);
      length += read;
      // The file grew since it was measured: read on, as readFileSync would.
      if (length === scratch.length) {
        const larger = Buffer.allocUnsafeSlow(scratch.length * 2);
        scratch.copy(larger);
        scratch = larger;
      }
    }
  } finally {
    closeSync(fd);
  }
}

/** Lets go of the read buffer (the main thread, once a small tree is read). */
export function releaseReadBuffer(): void {
  scratch = undefined;
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
