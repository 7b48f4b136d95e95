// TypeScript on demand, for code outside the scanner that parses now and then (suppress.ts reads
// comments with it): the same TypeScript the scanner uses (scan/typescript.ts), from the same code
// cache, loaded on the first call rather than at import.
import { createRequire } from 'node:module';
import path from 'node:path';
import type { ts as TypeScript } from 'ts-morph';
import { requireCached } from './compile-cache.ts';

const require = createRequire(import.meta.url);
let loaded: typeof TypeScript | undefined;

/** The TypeScript that ts-morph bundles (@ts-morph/common/dist/typescript.js), found from ts-morph itself. */
export function typeScriptFile(): string {
  const common = createRequire(require.resolve('ts-morph')).resolve('@ts-morph/common');
  return path.join(path.dirname(common), 'typescript.js');
}

export function loadTypeScript(): typeof TypeScript {
  return (loaded ??= requireCached(typeScriptFile()) as typeof TypeScript);
}
