// Drives the jscodeshift transform with the scanner's findings and checks its output before anyone
// writes it. jscodeshift is loaded only when there is something to fix.
import type { API, FileInfo } from 'jscodeshift';
import type { RemovalTarget } from '../transforms/remove-pinned-ca.ts';
import type { RawFinding } from './scan/index.ts';
import type { SourceText } from './read.ts';

export type FixOutcome = { file: string; after: string } | { file: string; error: string };

type Parser = 'babel' | 'ts' | 'tsx';

export function parserFor(file: string): Parser {
  if (/\.tsx$/.test(file)) return 'tsx';
  if (/\.(ts|mts|cts)$/.test(file)) return 'ts';
  return 'babel';
}

/** Applies the removals of one file's findings; the result is re-parsed before it is returned. */
export async function fixFile(source: SourceText, findings: readonly RawFinding[]): Promise<FixOutcome> {
  const [{ default: jscodeshift }, { default: transform }] = await Promise.all([
    import('jscodeshift'),
    import('../transforms/remove-pinned-ca.ts'),
  ]);
  const j = jscodeshift.withParser(parserFor(source.file));
  const api: API = { jscodeshift: j, j, stats: () => undefined, report: () => undefined };
  const fileInfo: FileInfo = { path: source.file, source: source.text };
  const targets: RemovalTarget[] = findings.map((finding) => ({ ...finding.removal }));
  try {
    const output = transform(fileInfo, api, { targets });
    if (output === undefined) return { file: source.file, error: 'the fix changed nothing; the finding is left as it is' };
    try {
      j(output);
    } catch (error) {
      return { file: source.file, error: `the fixed text does not parse (${(error as Error).message}); nothing written` };
    }
    return { file: source.file, after: output };
  } catch (error) {
    return { file: source.file, error: `the fix failed: ${(error as Error).message}` };
  }
}
