// Which git work tree a path belongs to, found on the file system (the nearest folder upward holding a
// `.git` folder or file: a worktree's and a submodule's `.git` is a file). No git process: a pre-commit
// run naming hundreds of files in as many folders asks this once per folder.
import { statSync } from 'node:fs';
import path from 'node:path';

const roots = new Map<string, string | undefined>();

/** The root of the work tree holding `folder` (absolute; a file works too), or undefined outside git. */
export function gitRootOf(folder: string): string | undefined {
  const seen: string[] = [];
  let current = path.resolve(folder);
  let found: string | undefined;
  for (;;) {
    if (roots.has(current)) {
      found = roots.get(current);
      break;
    }
    seen.push(current);
    if (hasGitEntry(current)) {
      found = current;
      break;
    }
    const parent = path.dirname(current);
    if (parent === current) break;
    current = parent;
  }
  for (const folder of seen) roots.set(folder, found);
  return found;
}

function hasGitEntry(folder: string): boolean {
  try {
    return statSync(path.join(folder, '.git'), { throwIfNoEntry: false }) !== undefined;
  } catch {
    return false; // ENOTDIR: `folder` is a file
  }
}

/** True when `inner` is `outer` or below it (both absolute). */
export function isInside(inner: string, outer: string): boolean {
  const relative = path.relative(outer, inner);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}
