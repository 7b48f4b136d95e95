// Offsets to 1-based lines and columns, and the offset maps that carry a position through decoding
// (a JSON string's escapes, a Dockerfile's line continuations) back to the file.

export interface Position {
  line: number;
  column: number;
}

/** offset → 1-based line and column (UTF-16 code units, as everywhere else in the tool). */
export function positionsOf(text: string): (offset: number) => Position {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset) => {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (starts[middle]! <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: offset - starts[low]! + 1 };
  };
}

/**
 * Text decoded from a source, with the source offset of each of its characters. `at(i)` maps an offset
 * into `text` back; `at(text.length)` is just past the last character's source.
 */
export class Mapped {
  constructor(
    readonly text: string,
    private readonly offsets: readonly number[],
    private readonly end: number,
  ) {}

  /** A slice of the source taken as it is. */
  static slice(source: string, start: number, end: number): Mapped {
    return new Mapped(source.slice(start, end), Array.from({ length: end - start }, (_, i) => start + i), end);
  }

  at(index: number): number {
    if (index < this.offsets.length) return this.offsets[index]!;
    return this.offsets.length === 0 ? this.end : this.offsets[this.offsets.length - 1]! + 1;
  }

  /** Moves a range found in `text` to the source. */
  range(start: number, end: number): { start: number; end: number } {
    return { start: this.at(start), end: end > start ? this.at(end - 1) + 1 : this.at(start) };
  }
}

/** Builds a Mapped one character at a time. */
export class MappedBuilder {
  private text = '';
  private readonly offsets: number[] = [];

  push(characters: string, offset: number): void {
    for (const character of characters) {
      for (let i = 0; i < character.length; i++) this.offsets.push(offset);
      this.text += character;
    }
  }

  build(end: number): Mapped {
    return new Mapped(this.text, this.offsets, end);
  }
}

const JSON_ESCAPES: Readonly<Record<string, string>> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/** A JSON string literal's content, decoded; `start` is the offset of its opening quote in `source`. */
export function decodeJsonString(source: string, start: number): Mapped {
  const out = new MappedBuilder();
  let i = start + 1;
  while (i < source.length && source[i] !== '"') {
    if (source[i] === '\\') {
      const escape = source[i + 1]!;
      if (escape === 'u') {
        out.push(String.fromCharCode(parseInt(source.slice(i + 2, i + 6), 16)), i);
        i += 6;
      } else {
        out.push(JSON_ESCAPES[escape] ?? escape, i);
        i += 2;
      }
    } else {
      out.push(source[i]!, i);
      i++;
    }
  }
  return out.build(i);
}
