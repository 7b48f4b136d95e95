// Variable references as shells, Docker and Compose write them: $NAME, ${NAME}, ${NAME:-default},
// ${NAME-default}, ${NAME:+alternative}, ${NAME:?message}.

/** A variable's value as far as the file says, or undefined (unset, or set where the reader cannot see). */
export type Lookup = (name: string) => string | undefined;

export const NOTHING_KNOWN: Lookup = () => undefined;

export interface Reference {
  /** The value, or undefined when it depends on a variable the file does not set. */
  value: string | undefined;
  /** How many characters of the text the reference spans, from its `$`. */
  length: number;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

/**
 * The reference starting at text[start] (a `$`), or undefined when none starts there (`$` alone, `$(`).
 * A default counts as the value when the variable is not set in the file: `${TLS:-0}` is '0' unless
 * someone sets TLS, and that is what the setting is for.
 */
export function readReference(text: string, start: number, lookup: Lookup): Reference | undefined {
  const rest = text.slice(start + 1);
  const bare = NAME.exec(rest);
  if (bare) return { value: lookup(bare[0]), length: 1 + bare[0].length };
  if (rest[0] !== '{') return undefined;
  const close = matchingBrace(rest);
  if (close < 0) return undefined;
  const body = rest.slice(1, close);
  const length = close + 2;
  const name = NAME.exec(body)?.[0];
  if (!name) return { value: undefined, length };
  const current = lookup(name);
  const operator = /^(:?[-+?=])/.exec(body.slice(name.length))?.[1];
  if (!operator) return { value: body === name ? current : undefined, length };
  const word = body.slice(name.length + operator.length);
  const set = operator.startsWith(':') ? current !== undefined && current !== '' : current !== undefined;
  switch (operator.replace(':', '')) {
    case '-':
    case '=':
      return { value: set ? current : expand(word, lookup), length };
    case '+':
      return { value: current === undefined ? undefined : set ? expand(word, lookup) : '', length };
    default: // '?': the value, or the command fails
      return { value: set ? current : undefined, length };
  }
}

/** Expands every reference in text; undefined when one of them is unknown. `$$` is a `$` when asked (Compose). */
export function expand(text: string, lookup: Lookup, options: { dollarDollar?: boolean } = {}): string | undefined {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== '$') {
      out += text[i];
      continue;
    }
    if (options.dollarDollar && text[i + 1] === '$') {
      out += '$';
      i++;
      continue;
    }
    const reference = readReference(text, i, lookup);
    if (!reference) {
      out += '$';
      continue;
    }
    if (reference.value === undefined) return undefined;
    out += reference.value;
    i += reference.length - 1;
  }
  return out;
}

/** Index of the `}` that closes the `{` at text[0], or -1. */
function matchingBrace(text: string): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return i;
  }
  return -1;
}
