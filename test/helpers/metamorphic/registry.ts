// Every module under rewrites/ is a rewrite: `meta`, `generate` and `examples` side by side. They are
// discovered here, never listed by hand; the test requires each to have at least one example. A module
// may also export `knownMisses`: variants the scanner is known to get wrong (types.ts).
import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { Rewrite } from './types.ts';

const DIR = path.join(import.meta.dirname, 'rewrites');

export async function loadRewrites(): Promise<Rewrite[]> {
  const files = readdirSync(DIR).filter((file) => file.endsWith('.ts')).sort();
  const rewrites: Rewrite[] = [];
  for (const file of files) {
    const module = (await import(path.join(DIR, file))) as Partial<Rewrite>;
    if (!module.meta || !module.generate || !module.examples) throw new Error(`${file}: a rewrite module exports meta, generate and examples`);
    if (module.meta.id !== file.replace(/\.ts$/, '')) throw new Error(`${file}: meta.id is ${JSON.stringify(module.meta.id)}; name the file after it`);
    rewrites.push({ meta: module.meta, generate: module.generate, examples: module.examples, knownMisses: module.knownMisses ?? [] });
  }
  return rewrites;
}
