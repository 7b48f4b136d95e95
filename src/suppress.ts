// In-source suppressions (DESIGN.md): `// wechat-unpin-ignore-next-line -- reason` on the line before a
// finding, or `/* wechat-unpin-ignore-file */` among the comments at the top of a file.
import { lineText } from './line-starts.ts';
import type { ReasonCode } from './types.ts';

// `#` for deployment files (.env, YAML, Dockerfile); in JS a `#` line is no comment and cannot hold it.
const NEXT_LINE = /(?:\/[/*]|#)\s*wechat-unpin-ignore-next-line\b/;
const WHOLE_FILE = /\/[/*]\s*wechat-unpin-ignore-file\b/;
/** Comments, blank lines, a shebang and directives ('use strict') before the first code. */
const LEADING_COMMENTS = /^(?:\s+|\/\/[^\n]*|\/\*[\s\S]*?\*\/|#![^\n]*|(['"])use [a-z]+\1;?)*/;

export function suppressionOf(text: string, line: number): ReasonCode | undefined {
  const header = LEADING_COMMENTS.exec(text)?.[0] ?? '';
  if (WHOLE_FILE.test(header)) return 'suppressed-file';
  if (line < 2) return undefined;
  // The line before, as the scanner counts lines (line-starts.ts).
  return NEXT_LINE.test(lineText(text, line - 1)) ? 'suppressed-comment' : undefined;
}
