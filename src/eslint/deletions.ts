// A fix's output as ESLint fix ranges. `fix` only deletes (fix.ts checks that its output is the input
// with characters removed), so the change from `before` to `after` is a list of deletions. Pure.
import { diffChars } from 'diff';
import type { Deletion } from './protocol.ts';

/**
 * The ranges of `before` that, deleted, leave `after`; undefined when `after` is not `before` with
 * text removed. The common head and tail are set aside first, so a single cut (the usual fix) costs
 * nothing; between them a character diff finds the few cuts. Where equal characters make a cut
 * ambiguous (`a, b, c` → `a, c`) the ranges may differ from the transform's own, never the text left.
 */
export function deletionsBetween(before: string, after: string): Deletion[] | undefined {
  if (after.length > before.length) return undefined;
  let head = 0;
  while (head < after.length && before.charCodeAt(head) === after.charCodeAt(head)) head++;
  let tail = 0;
  while (tail < after.length - head && before.charCodeAt(before.length - 1 - tail) === after.charCodeAt(after.length - 1 - tail)) tail++;
  const removedEnd = before.length - tail;
  const keptMiddle = after.slice(head, after.length - tail);
  if (keptMiddle === '') return head === removedEnd ? [] : [[head, removedEnd]];
  const deletions: Deletion[] = [];
  let offset = head;
  for (const part of diffChars(before.slice(head, removedEnd), keptMiddle)) {
    if (part.added) return undefined;
    if (part.removed) deletions.push([offset, offset + part.value.length]);
    offset += part.value.length;
  }
  return deletions;
}
