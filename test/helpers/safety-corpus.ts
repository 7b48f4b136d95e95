// Real code no one here wrote: the JS/TS files of the project's installed dependencies, copied into
// a temp folder (not named node_modules, no .gitignore) so discovery enters it.
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { REPO, makeProject } from './safety-cli.ts';

const SOURCE = /\.(js|jsx|mjs|cjs|ts|tsx|mts|cts)$/;

/** Relative paths of every JS/TS file under node_modules (links not followed), sorted. */
export function dependencyFiles(): string[] {
  const base = path.join(REPO, 'node_modules');
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && SOURCE.test(entry.name)) out.push(path.relative(base, full));
    }
  };
  walk(base);
  return out.sort();
}

/** A deterministic sample: mulberry32 with a fixed seed, then a partial Fisher–Yates shuffle. */
export function sample<T>(items: readonly T[], size: number, seed: number): T[] {
  let state = seed >>> 0;
  const random = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const copy = [...items];
  const n = Math.min(size, copy.length);
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(random() * (copy.length - i));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy.slice(0, n).sort();
}

/**
 * Copies the files into a new temp folder; every `node_modules` and dot-named path segment is renamed
 * so discovery sees them all. Returns the folder and the copied relative paths (in the copy).
 */
export function copyCorpus(files: readonly string[]): { root: string; copied: string[] } {
  const root = makeProject({}, 'wechat-unpin-corpus-');
  const base = path.join(REPO, 'node_modules');
  const copied: string[] = [];
  for (const file of files) {
    const target = file
      .split(path.sep)
      .map((segment) => (segment === 'node_modules' ? '_nm' : segment.startsWith('.') ? `_${segment.slice(1)}` : segment))
      .join('/');
    mkdirSync(path.dirname(path.join(root, target)), { recursive: true });
    copyFileSync(path.join(base, file), path.join(root, target));
    copied.push(target);
  }
  return { root, copied };
}
