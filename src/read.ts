// Reads each discovered file once and decides whether it is text the tool may touch. What it keeps
// (BOM, the file's identity; the exact bytes are the text re-encoded) is what write.ts needs to put a changed file back
// faithfully, and to refuse when the path now names something else.
import { lstat, readFile } from 'node:fs/promises';
import type { FileError } from './types.ts';

export interface SourceText {
  /** Absolute path. */
  file: string;
  /** The text without its BOM: every offset the tool computes is into this string. */
  text: string;
  bom: boolean;
  /** Device and inode as read: write.ts refuses a path that has since been replaced (by a link, say). */
  identity?: { dev: number; ino: number };
  /** The prefilter's verdict, when the reader ran it already (read-pool.ts). */
  readonly prefiltered?: boolean;
}

export const DEFAULT_MAX_FILE_BYTES = 2 * 1024 * 1024;
/**
 * Deeper bracket nesting than this is skipped: the parsers recurse once per level and overflow the
 * stack (the scanner's TypeScript parser near 1,000 levels, recast/Babel near 500). Real code stays
 * far below: the deepest file among this project's dependencies nests 25 deep.
 */
export const MAX_NESTING_DEPTH = 256;
const READ_CONCURRENCY = 64;
const BOM = '\uFEFF';
// ignoreBOM: keep the BOM in the decoded text, so decode() can see it and encode() put it back.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

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
    // lstat, not stat: a link could lead out of the folders the user named, and writing through it
    // would change a file the user never gave us. Discovery does not list links; this catches a link
    // named on the command line and one swapped in after discovery.
    const info = await lstat(file);
    if (info.isSymbolicLink()) {
      return { file, message: 'skipped: a symbolic link; the tool does not follow links (name its target instead)' };
    }
    if (!info.isFile()) return { file, message: 'skipped: not a regular file' };
    if (info.size > maxFileBytes) {
      return { file, message: `skipped: ${formatBytes(info.size)} is over the ${formatBytes(maxFileBytes)} limit (raise it with --max-file-size)` };
    }
    const bytes = await readFile(file);
    const decoded = decode(file, bytes);
    if ('message' in decoded) return decoded;
    return { ...decoded, identity: { dev: info.dev, ino: info.ino } };
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
  // Only the text is kept: valid UTF-8 decodes and re-encodes to the same bytes, so encode() gives
  // them back when they are needed, and a large tree is not held in memory twice.
  return { file, text: bom ? text.slice(1) : text, bom };
}

/** Why a file is too deeply nested for the parsers, or undefined. Run on the files that get parsed. */
export function tooDeep(source: SourceText): FileError | undefined {
  return nestingDepth(source.text, MAX_NESTING_DEPTH) > MAX_NESTING_DEPTH
    ? { file: source.file, message: `skipped: brackets nested over ${MAX_NESTING_DEPTH} deep; the parsers would overflow the stack on it` }
    : undefined;
}

export function encode(source: Pick<SourceText, 'bom'>, text: string): Buffer {
  return Buffer.from(source.bom ? BOM + text : text, 'utf8');
}

export function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

const enum Char {
  Tab = 9, LineFeed = 10, CarriageReturn = 13, Space = 32, DoubleQuote = 34, Dollar = 36, SingleQuote = 39,
  OpenParen = 40, CloseParen = 41, Star = 42, Slash = 47, OpenBracket = 91, Backslash = 92, CloseBracket = 93,
  Backtick = 96, OpenBrace = 123, CloseBrace = 125,
}

/** After one of these characters a `/` starts a regex literal, not a division. */
const BEFORE_REGEX = new Set([...'(,=:[!&|?{};+-*%<>~^'].map((c) => c.charCodeAt(0)));

/**
 * The deepest nesting of (), [] and {} in source text, skipping strings, comments, template text and
 * regex literals (a regex is told from a division by the character before it, the usual heuristic).
 * Stops counting once past `stopAt`. Linear, no allocation: it runs on every file read.
 */
export function nestingDepth(text: string, stopAt = Number.POSITIVE_INFINITY): number {
  const n = text.length;
  let depth = 0;
  let deepest = 0;
  let previous = -1; // last significant character; -1 at the start
  // For each template literal whose `${` is open: the depth outside it.
  const templates: number[] = [];
  let i = 0;
  /** Skips template text from i to past the closing backtick or a `${`; true when it stopped at `${`. */
  const skipTemplateText = (): boolean => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === Char.Backslash) i += 2;
      else if (c === Char.Backtick) {
        i++;
        return false;
      } else if (c === Char.Dollar && text.charCodeAt(i + 1) === Char.OpenBrace) {
        i += 2;
        return true;
      } else i++;
    }
    return false;
  };
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === Char.Space || c === Char.LineFeed || c === Char.Tab || c === Char.CarriageReturn) {
      i++;
      continue;
    }
    if (c === Char.Slash && text.charCodeAt(i + 1) === Char.Slash) {
      const end = text.indexOf('\n', i);
      i = end < 0 ? n : end;
      continue;
    }
    if (c === Char.Slash && text.charCodeAt(i + 1) === Char.Star) {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? n : end + 2;
      continue;
    }
    if (c === Char.DoubleQuote || c === Char.SingleQuote) {
      i++;
      while (i < n) {
        const s = text.charCodeAt(i);
        if (s === Char.Backslash) i += 2;
        else {
          i++;
          if (s === c || s === Char.LineFeed) break;
        }
      }
      previous = Char.DoubleQuote;
      continue;
    }
    if (c === Char.Backtick) {
      i++;
      if (skipTemplateText()) templates.push(depth++);
      previous = Char.Backtick;
      continue;
    }
    if (c === Char.Slash && (previous === -1 || BEFORE_REGEX.has(previous))) {
      i++;
      let inClass = false;
      while (i < n) {
        const r = text.charCodeAt(i);
        if (r === Char.LineFeed) break;
        if (r === Char.Backslash) i++;
        else if (r === Char.OpenBracket) inClass = true;
        else if (r === Char.CloseBracket) inClass = false;
        else if (r === Char.Slash && !inClass) break;
        i++;
      }
      i++;
      previous = Char.Slash + 1000; // a value, as after an identifier
      continue;
    }
    if (c === Char.OpenParen || c === Char.OpenBracket || c === Char.OpenBrace) {
      if (++depth > deepest) {
        deepest = depth;
        if (deepest > stopAt) return deepest;
      }
    } else if (c === Char.CloseBrace && templates.length > 0 && templates[templates.length - 1] === depth - 1) {
      // The `}` that closes a `${`: back into the template's text.
      depth = templates.pop()!;
      i++;
      if (skipTemplateText()) templates.push(depth++);
      previous = Char.Backtick;
      continue;
    } else if ((c === Char.CloseParen || c === Char.CloseBracket || c === Char.CloseBrace) && depth > 0) {
      depth--;
    }
    previous = c;
    i++;
  }
  return deepest;
}
