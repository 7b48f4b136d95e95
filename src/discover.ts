// The only place that lists files: expands the user's paths into the JS/TS files to read.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { convertPathToPattern, globby } from 'globby';
import { UsageError } from './errors.ts';

export const SOURCE_EXTENSIONS = ['js', 'jsx', 'mjs', 'cjs', 'ts', 'tsx', 'mts', 'cts'] as const;
const SOURCE_GLOB = `**/*.{${SOURCE_EXTENSIONS.join(',')}}`;
const SOURCE_FILE = new RegExp(`\\.(${SOURCE_EXTENSIONS.join('|')})$`);

/** Test code is left out unless asked for: a pin in a test fixture is not what breaks production. */
export const TEST_GLOBS = [
  '**/test/**',
  '**/tests/**',
  '**/__tests__/**',
  '**/*.test.*',
  '**/*.spec.*',
  '**/fixtures/**',
  '**/__fixtures__/**',
  '**/__mocks__/**',
];

export interface DiscoverOptions {
  paths: string[];
  cwd: string;
  ignore: string[];
  includeTests: boolean;
  /** When set (--staged), only these absolute paths are candidates; the same filters apply. */
  only?: ReadonlySet<string>;
}

/** Absolute paths, sorted and without duplicates. Throws UsageError for a path that does not exist. */
export async function discoverFiles(options: DiscoverOptions): Promise<string[]> {
  const found = new Set<string>();
  for (const given of options.paths) {
    const absolute = path.resolve(options.cwd, given);
    const kind = await statKind(absolute, given);
    if (kind === 'file') {
      // A file named explicitly is scanned even if it looks like a test or is git-ignored.
      if (SOURCE_FILE.test(absolute) && (!options.only || options.only.has(absolute))) found.add(absolute);
      continue;
    }
    const ignore = ['**/node_modules/**', ...options.ignore, ...(options.includeTests ? [] : TEST_GLOBS)];
    // Patterns match relative to each path argument, so `fixtures/` inside the scanned project is
    // excluded, while scanning `fixtures/sample-app` itself works.
    const patterns = options.only ? literalPatternsUnder(absolute, options.only) : [SOURCE_GLOB];
    if (patterns.length === 0) continue;
    const files = await globby(patterns, {
      cwd: absolute,
      absolute: true,
      gitignore: true,
      ignore,
      dot: false,
      followSymbolicLinks: false,
    });
    for (const file of files) found.add(path.normalize(file));
  }
  return [...found].sort();
}

/** The `only` files inside `folder` that are source files, as escaped globby patterns. */
function literalPatternsUnder(folder: string, only: ReadonlySet<string>): string[] {
  const inside = [...only].filter((file) => SOURCE_FILE.test(file) && file.startsWith(folder + path.sep));
  return inside.map((file) => convertPathToPattern(path.relative(folder, file).split(path.sep).join('/')));
}

async function statKind(absolute: string, given: string): Promise<'file' | 'directory'> {
  try {
    const info = await stat(absolute);
    if (info.isDirectory()) return 'directory';
    if (info.isFile()) return 'file';
    throw new UsageError(`${given} is neither a file nor a folder. Pass source files or folders to scan.`);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`path not found: ${given} (resolved to ${absolute}). Check the path and run again.`);
  }
}
