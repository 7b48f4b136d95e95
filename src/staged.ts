// --staged: the files staged in git and their staged content (what the commit will hold), for
// pre-commit hooks. Asks git; runs nothing of the project's.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { UsageError } from './errors.ts';

const run = promisify(execFile);
const MAX_BUFFER = 64 * 1024 * 1024;

export interface StagedFiles {
  /** Absolute paths of staged files (added, copied, modified, renamed). */
  files: Set<string>;
  /** Reads one staged file's content from the index. */
  read(file: string): Promise<Buffer>;
}

export async function stagedFiles(cwd: string): Promise<StagedFiles> {
  let root: string;
  try {
    root = (await run('git', ['rev-parse', '--show-toplevel'], { cwd })).stdout.trim();
  } catch {
    throw new UsageError(`--staged needs a git repository, and ${cwd} is not inside one. Run it from your repository, or drop --staged.`);
  }
  const { stdout } = await run('git', ['diff', '--cached', '--name-only', '--diff-filter=ACMR', '-z'], {
    cwd: root,
    maxBuffer: MAX_BUFFER,
  });
  const files = new Set(
    stdout
      .split('\0')
      .filter((name) => name.length > 0)
      .map((name) => path.resolve(root, name)),
  );
  return {
    files,
    read: async (file) => {
      const relative = path.relative(root, file).split(path.sep).join('/');
      const result = await run('git', ['show', `:${relative}`], { cwd: root, encoding: 'buffer', maxBuffer: MAX_BUFFER });
      return result.stdout;
    },
  };
}
