// Cutting exact ranges out of source text, line-aware, so that the user's formatting, comments and
// line endings survive everything the fix does not remove. No AST is reprinted.
import { lineStarts, offsetAt } from '../../src/line-starts.ts';

export interface Cut {
  start: number;
  end: number;
}

const HORIZONTAL_SPACE = /[ \t]/;

export function lineStartOf(text: string, index: number): number {
  // lastIndexOf clamps a negative start to 0, which would find a newline at index 0 itself.
  return index <= 0 ? 0 : text.lastIndexOf('\n', index - 1) + 1;
}

/** Index just past the newline that ends the line holding `index` (or the text's end). */
export function nextLineStartOf(text: string, index: number): number {
  const newline = text.indexOf('\n', index);
  return newline === -1 ? text.length : newline + 1;
}

export function isBlank(text: string): boolean {
  return text.trim().length === 0;
}

/** Only white space (or a trailing line comment) between `index` and the end of its line? */
export function restOfLineIsEmpty(text: string, index: number): boolean {
  const rest = text.slice(index, nextLineStartOf(text, index));
  return isBlank(rest) || /^\s*\/\/.*\r?\n?$/.test(rest) || /^\s*\/\*.*\*\/\s*\r?\n?$/.test(rest);
}

export function startsItsLine(text: string, index: number): boolean {
  return isBlank(text.slice(lineStartOf(text, index), index));
}

/** The whole lines from `start`'s to `end`'s, plus a comment line right above (no blank between). */
export function wholeLinesCut(text: string, start: number, end: number): Cut {
  let from = lineStartOf(text, start);
  const to = nextLineStartOf(text, end);
  if (from > 0) {
    const previousStart = lineStartOf(text, from - 1);
    const previous = text.slice(previousStart, from).trim();
    if (previous.startsWith('//') && !/wechat-unpin-ignore/.test(previous)) from = previousStart;
  }
  return { start: from, end: to };
}

/** Extends a cut over the spaces and tabs that follow it on the same line. */
export function withTrailingSpace(text: string, cut: Cut): Cut {
  let end = cut.end;
  while (end < text.length && HORIZONTAL_SPACE.test(text[end]!)) end++;
  return { start: cut.start, end };
}

/**
 * Removes the cuts (overlaps merged) and collapses a run of blank lines that a cut created into one;
 * a blank line a cut leaves at the top of the file goes too.
 */
export function applyCuts(text: string, cuts: readonly Cut[]): string {
  const merged = mergeCuts(cuts);
  let output = '';
  let cursor = 0;
  const joins: number[] = [];
  for (const cut of merged) {
    output += text.slice(cursor, cut.start);
    joins.push(output.length);
    cursor = cut.end;
  }
  output += text.slice(cursor);
  for (let index = joins.length - 1; index >= 0; index--) output = collapseBlankLinesAt(output, joins[index]!);
  return output;
}

function mergeCuts(cuts: readonly Cut[]): Cut[] {
  const sorted = [...cuts].sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: Cut[] = [];
  for (const cut of sorted) {
    const last = merged[merged.length - 1];
    if (last && cut.start <= last.end) last.end = Math.max(last.end, cut.end);
    else merged.push({ ...cut });
  }
  return merged;
}

function collapseBlankLinesAt(text: string, join: number): string {
  if (join !== lineStartOf(text, join)) return text;
  const lineEnd = nextLineStartOf(text, join);
  const line = text.slice(join, lineEnd);
  if (!isBlank(line) || lineEnd === join) return text;
  const atTop = join === 0;
  const previousBlank = join > 0 && isBlank(text.slice(lineStartOf(text, join - 1), join));
  return atTop || previousBlank ? text.slice(0, join) + text.slice(lineEnd) : text;
}

/**
 * Offsets into the original text from recast's line/column positions. recast parses a normalised
 * copy of the source, so a node's `start` is not an offset into the file: every line break becomes
 * \n, and each line's indentation is reprinted as spaces, one per column it spans. Parsed with
 * tabWidth 1, a tab spans one column, like a space; a vertical tab, form feed or U+FEFF spans none,
 * so on a line indented with one the columns after it are short by one each. Lines are counted as
 * the parsers count them (line-starts.ts), never by \n alone.
 */
export function offsetMapper(text: string): (position: { line: number; column: number }) => number {
  const starts = lineStarts(text);
  // Per line, how many indentation characters recast counted as no column; -1 while unknown.
  const missing = new Int32Array(starts.length).fill(-1);
  const missingOn = (line: number): number => {
    if (missing[line - 1] !== -1) return missing[line - 1]!;
    let count = 0;
    for (let index = starts[line - 1]!; index < text.length; index++) {
      const char = text[index]!;
      if (char === '\v' || char === '\f' || char === '\uFEFF') count++;
      else if (!/\s/.test(char) || char === '\n' || char === '\r' || char === '\u2028' || char === '\u2029') break;
    }
    missing[line - 1] = count;
    return count;
  };
  return ({ line, column }) => {
    if (line < 1 || line > starts.length) return text.length + column;
    return offsetAt(starts, line, column) + missingOn(line);
  };
}
