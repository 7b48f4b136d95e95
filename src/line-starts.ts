// Lines as the parsers count them. TypeScript (the scanner's lines and columns), Babel and recast (the
// transform's) all end a line at \r\n, \n, a lone \r, U+2028 and U+2029. Every conversion between a
// line number and an offset goes through here: one that splits at \n alone disagrees with the parsers
// as soon as a file holds another break, and then names the wrong code.

const LF = 0x0a;
const CR = 0x0d;
const LINE_SEPARATOR = 0x2028;
const PARAGRAPH_SEPARATOR = 0x2029;

let cachedText: string | undefined;
let cachedStarts: number[] = [];

/** The offset at which each line starts; line 1 at index 0. */
export function lineStarts(text: string): number[] {
  // Several findings in one file ask for the same table in a row.
  if (text === cachedText) return cachedStarts;
  const starts = [0];
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code === CR) {
      if (text.charCodeAt(index + 1) === LF) index++;
      starts.push(index + 1);
    } else if (code === LF || code === LINE_SEPARATOR || code === PARAGRAPH_SEPARATOR) {
      starts.push(index + 1);
    }
  }
  cachedText = text;
  cachedStarts = starts;
  return starts;
}

/** The offset of a 1-based line and a 0-based column; Infinity (past any end) for a line the text lacks. */
export function offsetAt(starts: readonly number[], line: number, column: number): number {
  const start = starts[line - 1];
  return start === undefined ? Number.POSITIVE_INFINITY : start + column;
}

/** The text of a 1-based line, without its line break; '' for a line the text lacks. */
export function lineText(text: string, line: number): string {
  const starts = lineStarts(text);
  const start = starts[line - 1];
  if (start === undefined) return '';
  const next = starts[line];
  if (next === undefined) return text.slice(start);
  // Back over the break that ends the line: \r\n is two characters, the others one.
  const breakLength = text.charCodeAt(next - 1) === LF && text.charCodeAt(next - 2) === CR && next - 2 >= start ? 2 : 1;
  return text.slice(start, next - breakLength);
}

/** The 1-based line holding `offset`. */
export function lineOf(text: string, offset: number): number {
  const starts = lineStarts(text);
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (starts[middle]! <= offset) low = middle;
    else high = middle - 1;
  }
  return low + 1;
}
