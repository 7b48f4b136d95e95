// A config file's `ignore` globs are relative to the config file's folder (as in ESLint and
// .gitignore); discovery matches globs against paths relative to each scanned path. rebaseGlobs turns
// the one into the other, segment by segment:
//   config in /repo, glob `src/legacy/**`, scanning /repo/src      → `legacy/**`
//   config in /repo, glob `**/gen/**`,     scanning /repo/src      → `**/gen/**`
//   config in /repo, glob `src`,           scanning /repo/src/app  → `**` (an ancestor folder is ignored)
//   config in /repo/pkg, glob `dist/**`,   scanning /repo          → `pkg/dist/**`
//   config in /repo/pkg, any glob,         scanning /repo/other    → nothing (it cannot match there)

import path from 'node:path';

export interface ConfigIgnore {
  /** Absolute: the folder of the config file the globs come from. */
  base: string;
  globs: readonly string[];
}

type Matcher = (name: string, glob: string) => boolean;

/** The globs of `ignore`, relative to `root` (absolute) instead of to `ignore.base`. */
export async function rebaseGlobs(ignore: ConfigIgnore | undefined, root: string): Promise<string[]> {
  if (!ignore || ignore.globs.length === 0) return [];
  const globs = ignore.globs.map(tidy);
  const down = path.relative(ignore.base, root);
  if (down === '') return globs;
  if (down.startsWith('..') || path.isAbsolute(down)) {
    const up = path.relative(root, ignore.base);
    if (up.startsWith('..') || path.isAbsolute(up)) return [];
    const prefix = up.split(path.sep).map(escapeGlob).join('/');
    return globs.map((glob) => `${prefix}/${glob}`);
  }
  // Loaded here, as in discover.ts: a run whose config ignores nothing never needs it.
  const { default: picomatch } = await import('picomatch');
  const matches: Matcher = (name, glob) => picomatch.isMatch(name, glob, { dot: true });
  const folders = down.split(path.sep);
  return [...new Set(globs.flatMap((glob) => strip(segments(glob), folders, matches)))];
}

/** `./src/x` and `/src/x` mean `src/x` in a config file. */
function tidy(glob: string): string {
  return glob.replace(/^(\.\/)+/, '').replace(/^\/+/, '');
}

/** Splits at `/` outside `{…}` and `[…]`, where a `/` belongs to the alternative. */
function segments(glob: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of glob) {
    if (char === '{' || char === '[') depth++;
    else if ((char === '}' || char === ']') && depth > 0) depth--;
    if (char === '/' && depth === 0) {
      parts.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  parts.push(current);
  return parts.filter((part) => part !== '');
}

/** The patterns that match, below `folders`, what `glob` matches below their common top. */
function strip(glob: readonly string[], folders: readonly string[], matches: Matcher): string[] {
  if (folders.length === 0) return glob.length === 0 ? [] : [glob.join('/')];
  // The glob is used up on an ancestor of the scanned folder: that folder is never entered.
  if (glob.length === 0) return ['**'];
  const [head, ...rest] = glob;
  if (head === '**') {
    // `**` takes no folder, or the next one and stays.
    return [...strip(rest, folders, matches), ...strip(glob, folders.slice(1), matches)];
  }
  return matches(folders[0]!, head!) ? strip(rest, folders.slice(1), matches) : [];
}

function escapeGlob(name: string): string {
  return name.replace(/[\\*?[\]{}()!+@]/g, '\\$&');
}
