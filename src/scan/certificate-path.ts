// Where a pinned CA is read from: the paths the `ca` value's file reads may name
// (`fs.readFileSync(path.join(__dirname, 'certs/root.pem'))`, through constants and config modules).
// Only names candidate paths; reading them is the pipeline's job.
import path from 'node:path';
import type { ts } from 'ts-morph';
import type { Analysis } from './values/analysis.ts';
import { readField } from './values/fields.ts';
import { isComplete, leadingText, type Value } from './values/lattice.ts';

/** Absolute paths the CA value may be read from, most likely first. */
export function certificatePaths(a: Analysis, value: ts.Expression, roots: readonly string[]): string[] {
  const paths: string[] = [];
  const visit = (item: Value, depth: number): void => {
    if (item.kind === 'file' && item.pathArgument) {
      const directory = path.dirname(item.call.getSourceFile().fileName);
      for (const candidate of a.evaluate(item.pathArgument)) {
        if (candidate.kind !== 'string' || !isComplete(candidate)) continue;
        const text = leadingText(candidate).replace(/^file:\/\//, '');
        paths.push(...(path.isAbsolute(text) ? [text] : [...roots.map((root) => path.resolve(root, text)), path.resolve(directory, text)]));
      }
    } else if (item.kind === 'object' && item.object.kind === 'array' && depth < 2) {
      for (const element of readField(a, [item], undefined, item.object.node)) visit(element, depth + 1);
    }
  };
  for (const item of a.evaluate(value)) visit(item, 0);
  return [...new Set(paths)];
}
