// RunResult → one git-style unified diff of every change (`fix --dry-run`), for `git apply` or review.
//
// Text goes through as it is: jsdiff splits lines on LF only, so a CRLF file's CR stays part of each
// line and the patch carries it byte for byte, as `git diff` does for such files; a BOM is part of the
// first line's text; a last line without a newline gets `\ No newline at end of file`. Paths get git's
// C-style quoting when they need it (jsdiff's formatPatch does this for `isGit` patches).
import { formatPatch, structuredPatch } from 'diff';
import type { StructuredPatch } from 'diff';
import type { FileChange, ReportContext, RunResult } from '../types.ts';

/** git diff's default; more context only makes `git apply` stricter. */
const CONTEXT_LINES = 3;

export function formatDiff(result: RunResult, _context: ReportContext): string {
  const patches = [...result.changes]
    .filter((c) => c.before !== c.after)
    .sort((a, b) => compareCodeUnits(a.file, b.file))
    .map(filePatch);
  // formatPatch ends each file's text with a newline; joining adds none in between.
  return patches.map((p) => formatPatch(p)).join('');
}

function filePatch(change: FileChange): StructuredPatch {
  const { file, before, after } = change;
  const patch = structuredPatch(`a/${file}`, `b/${file}`, before, after, undefined, undefined, { context: CONTEXT_LINES });
  // `diff --git a/x b/x`, then `--- a/x` / `+++ b/x`: what `git apply` expects from a git diff.
  return { ...patch, isGit: true };
}

/** Git orders paths by bytes; for the ASCII paths that matter this is the same as code-unit order. */
function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
