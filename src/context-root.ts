// Files named on the command line (by pre-commit, lint-staged, an editor) are scanned with their
// repository as context, as --staged scans the staged files: a pin whose host constant lives in a
// module nobody named still resolves, and the named files pass the same filters as in a scan of the
// whole repository (test code left out unless --include-tests, ignore globs). The context root of a
// file is the git work tree holding it, else the folder of the config file in use when the file is
// under it; a file with neither is scanned alone, as before.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { gitRootOf, isInside } from './repository.ts';

export interface FilesInContext {
  /** What run() walks for context: the context roots, and any file that has none. */
  paths: string[];
  /** Absolute paths of the named files: the only ones scanned and reported. */
  files: string[];
}

/**
 * When every path names a regular file: the roots to read as context and the files to report.
 * Undefined when any path is a folder (or missing: discovery reports that), so folder scans are as
 * they were.
 */
export async function filesInContext(paths: readonly string[], cwd: string, configFile?: string): Promise<FilesInContext | undefined> {
  if (paths.length === 0) return undefined;
  const files = paths.map((given) => path.resolve(cwd, given));
  const kinds = await Promise.all(files.map(async (file) => (await stat(file).catch(() => undefined))?.isFile()));
  if (!kinds.every(Boolean)) return undefined;
  const configFolder = configFile === undefined ? undefined : path.dirname(configFile);
  const roots = new Set<string>();
  for (const file of files) {
    const root = gitRootOf(path.dirname(file)) ?? (configFolder !== undefined && isInside(file, configFolder) ? configFolder : file);
    roots.add(root);
  }
  // A root inside another one (a nested package with its own .git) is walked by the outer one already.
  const outer = [...roots].filter((root) => ![...roots].some((other) => other !== root && isInside(root, other)));
  return { paths: outer, files: [...new Set(files)] };
}
