// The only place that lists files: expands the user's paths into the JS/TS files to read.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from './errors.ts';
import { GitignoreRules } from './gitignore.ts';

export const SOURCE_EXTENSIONS = ['js', 'jsx', 'mjs', 'cjs', 'ts', 'tsx', 'mts', 'cts'] as const;
const SOURCE_GLOB = `**/*.{${SOURCE_EXTENSIONS.join(',')}}`;
const GITIGNORE_GLOB = '**/.gitignore';
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

/**
 * Declaration files hold no code that runs, and their `declare module 'https'` blocks would capture
 * the scanner's module resolution: never scanned, not even as context.
 */
const DECLARATION_GLOBS = ['**/*.d.ts', '**/*.d.mts', '**/*.d.cts'];
const DECLARATION_FILE = /\.d\.(ts|mts|cts)$/;

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
      if (SOURCE_FILE.test(absolute) && !DECLARATION_FILE.test(absolute) && (!options.only || options.only.has(absolute))) found.add(absolute);
      continue;
    }
    // Patterns match relative to each path argument, so `fixtures/` inside the scanned project is
    // excluded, while scanning `fixtures/sample-app` itself works.
    const ignore = ['**/node_modules/**', ...DECLARATION_GLOBS, ...options.ignore, ...(options.includeTests ? [] : TEST_GLOBS)];
    const files = options.only ? await filterListed(absolute, options.only, ignore) : await walk(absolute, ignore);
    for (const file of files) found.add(path.normalize(file));
  }
  return [...found].sort();
}

/** Every source file under `folder`, .gitignore files honoured, nested ones too (globby walks). */
async function walk(folder: string, ignore: string[]): Promise<string[]> {
  const { globby } = await import('globby');
  const found = await globby([SOURCE_GLOB, GITIGNORE_GLOB], { cwd: folder, absolute: true, ignore, dot: false, followSymbolicLinks: false });
  const gitignores = found.filter((file) => path.basename(file) === '.gitignore');
  const sources = found.filter((file) => path.basename(file) !== '.gitignore');
  if (gitignores.length === 0) return sources;
  const rules = await GitignoreRules.load(gitignores);
  return sources.filter((file) => !rules.ignores(folder, file));
}

/**
 * --staged: the listed files under `folder` that pass the same filters. Staged files are tracked, so
 * .gitignore has no say; a glob matcher is enough, and a pre-commit run skips globby's start-up.
 */
async function filterListed(folder: string, listed: ReadonlySet<string>, ignore: string[]): Promise<string[]> {
  const { default: picomatch } = await import('picomatch');
  const ignored = picomatch(ignore, { dot: true });
  return [...listed].filter((file) => {
    if (!file.startsWith(folder + path.sep) || !SOURCE_FILE.test(file)) return false;
    return !ignored(path.relative(folder, file).split(path.sep).join('/'));
  });
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
