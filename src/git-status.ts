// `fix` refuses to write over work git cannot give back (as react-codemod's checkGitStatus does): a
// file under the fixed paths with changes that are not staged, or a file git does not track. Staged
// changes are fine: the index keeps them, so `git diff` shows exactly what the fix changed and
// `git restore <file>` undoes it (this is what lets the fix run inside pre-commit and lint-staged,
// which stage the files they pass). Outside a git work tree there is nothing to check.
import path from 'node:path';
import { UsageError } from './errors.ts';
import { gitRootOf } from './repository.ts';
import { git } from './staged.ts';

export interface UncommittedFile {
  /** Relative to the working directory, `/`-separated. */
  file: string;
  state: 'modified' | 'deleted' | 'untracked' | 'changed';
}

/** Files under `paths` (relative to cwd) whose work-tree state git does not hold. */
export async function uncommittedFiles(paths: readonly string[], cwd: string): Promise<UncommittedFile[]> {
  const byRoot = new Map<string, string[]>();
  for (const given of paths) {
    const absolute = path.resolve(cwd, given);
    const root = gitRootOf(absolute);
    if (!root) continue;
    const relative = path.relative(root, absolute).split(path.sep).join('/');
    const specs = byRoot.get(root) ?? [];
    specs.push(`:(literal)${relative === '' ? '.' : relative}`);
    byRoot.set(root, specs);
  }
  const found: UncommittedFile[] = [];
  for (const [root, specs] of byRoot) {
    // `XY path\0` per entry; Y is the work tree against the index, `??` an untracked file.
    let stdout: string;
    try {
      ({ stdout } = await git(['status', '--porcelain=v1', '-z', '--untracked-files=all', '--no-renames', '--', ...specs], root));
    } catch (error) {
      const reason = (error as { stderr?: string }).stderr?.trim() || (error as Error).message;
      throw new UsageError(`fix checks that git holds the files it may write, and git status failed in ${root}: ${reason}. Fix that, or pass --force.`);
    }
    for (const entry of stdout.split('\0')) {
      if (entry.length < 4) continue;
      const x = entry[0];
      const y = entry[1];
      const file = path.relative(cwd, path.join(root, entry.slice(3))).split(path.sep).join('/');
      if (x === '?' && y === '?') found.push({ file, state: 'untracked' });
      else if (y === 'M') found.push({ file, state: 'modified' });
      else if (y === 'D') found.push({ file, state: 'deleted' });
      else if (y !== ' ') found.push({ file, state: 'changed' });
    }
  }
  return found;
}
