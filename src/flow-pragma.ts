// Flow files: JavaScript marked `// @flow` (or `/* @flow */`, `/** @flow */`) among the comments at its
// top. One pass over the leading comments, no regex: a regex that skips "any number of comments, then
// one starting with @flow" backtracks through every way of splitting `/* */ /* */ …` into comments and
// took seconds on 26 of them (issue 11, item 4). This reads each character at most twice.

import { createRequire } from 'node:module';

const SOURCE_JS = /\.(js|jsx|mjs|cjs)$/;
const require = createRequire(import.meta.url);

/**
 * A Flow file with its type annotations blanked out by flow-remove-types, which writes spaces over
 * them: every offset, line and column stays true to the file on disk, and TypeScript's parser sees
 * plain JavaScript (the scanner and the suppression reader parse the same text). Any other file, or a
 * Flow file Flow's parser rejects, is returned as it is (TypeScript then reports the syntax error).
 * flow-remove-types loads only when a Flow file turns up.
 */
export function withoutFlowTypes(file: string, text: string): string {
  if (!isFlowFile(file, text)) return text;
  try {
    const flowRemoveTypes = require('flow-remove-types') as (source: string, options?: { all?: boolean }) => { toString(): string };
    const blanked = flowRemoveTypes(text, { all: true }).toString();
    return blanked.length === text.length ? blanked : text;
  } catch {
    return text;
  }
}

export function isFlowFile(file: string, text: string): boolean {
  return SOURCE_JS.test(file) && hasFlowPragma(text);
}

/** Whether one of the comments before the first code opens with `@flow`. */
export function hasFlowPragma(text: string): boolean {
  let index = skipWhiteSpace(text, 0);
  while (index < text.length) {
    if (text.startsWith('//', index)) {
      if (opensWithPragma(text, index + 2, true)) return true;
      index = skipWhiteSpace(text, endOfLine(text, index));
    } else if (text.startsWith('/*', index)) {
      let body = index + 2;
      while (text[body] === '*') body++;
      if (opensWithPragma(text, body, false)) return true;
      const close = text.indexOf('*/', index + 2);
      if (close === -1) return false;
      index = skipWhiteSpace(text, close + 2);
    } else {
      return false;
    }
  }
  return false;
}

/** `@flow` as a whole word after white space at `index`; in a line comment, on that line. */
function opensWithPragma(text: string, index: number, lineComment: boolean): boolean {
  let at = index;
  while (at < text.length && isWhiteSpace(text.charCodeAt(at)) && !(lineComment && isLineBreak(text.charCodeAt(at)))) at++;
  return text.startsWith('@flow', at) && !isWordCharacter(text.charCodeAt(at + 5));
}

function skipWhiteSpace(text: string, index: number): number {
  while (index < text.length && isWhiteSpace(text.charCodeAt(index))) index++;
  return index;
}

/** The index of the line break that ends the line holding `index` (or the text's end). */
function endOfLine(text: string, index: number): number {
  while (index < text.length && !isLineBreak(text.charCodeAt(index))) index++;
  return index;
}

function isLineBreak(code: number): boolean {
  return code === 0x0a || code === 0x0d || code === 0x2028 || code === 0x2029;
}

const WHITE_SPACE = /\s/;

function isWhiteSpace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x09 || code === 0x0d || (code > 0x7f || code === 0x0b || code === 0x0c ? WHITE_SPACE.test(String.fromCharCode(code)) : false);
}

function isWordCharacter(code: number): boolean {
  return (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a) || code === 0x5f;
}
