// The only place that lists files: expands the user's paths into the JS/TS files to read, and the
// deployment files (package.json, .env, Dockerfile, Compose, pm2, Kubernetes YAML) to read beside them.
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
    const isSource = (file: string): boolean => SOURCE_FILE.test(file);
    const files = options.only ? await filterListed(absolute, options.only, ignore, isSource) : await walk(absolute, [SOURCE_GLOB], ignore);
    for (const file of files) found.add(path.normalize(file));
  }
  return [...found].sort();
}

/**
 * The deployment files under the paths (deploy/files.ts says which names), by the same rules as
 * discoverFiles: .gitignore honoured, node_modules never entered, --ignore and test globs applied, a
 * file named explicitly always taken. `.env` files are found though dot folders (.git) are still not
 * entered: a glob segment that starts with a dot matches dotfiles without globby's `dot` option.
 */
export async function discoverDeploymentFiles(options: DiscoverOptions): Promise<string[]> {
  const { DEPLOYMENT_GLOBS, deploymentKindOf } = await import('./deploy/files.ts');
  const isDeployment = (file: string): boolean => deploymentKindOf(file) !== undefined;
  const found = new Set<string>();
  for (const given of options.paths) {
    const absolute = path.resolve(options.cwd, given);
    if ((await statKind(absolute, given)) === 'file') {
      if (isDeployment(absolute) && (!options.only || options.only.has(absolute))) found.add(absolute);
      continue;
    }
    const ignore = ['**/node_modules/**', ...options.ignore, ...(options.includeTests ? [] : TEST_GLOBS)];
    const files = options.only ? await filterListed(absolute, options.only, ignore, isDeployment) : await walk(absolute, DEPLOYMENT_GLOBS, ignore);
    for (const file of files) if (isDeployment(file)) found.add(path.normalize(file));
  }
  return [...found].sort();
}

/** Every file matching `patterns` under `folder`, .gitignore files honoured, nested ones too (globby walks). */
async function walk(folder: string, patterns: readonly string[], ignore: string[]): Promise<string[]> {
  const { globby } = await import('globby');
  const found = await globby([...patterns, GITIGNORE_GLOB], { cwd: folder, absolute: true, ignore, dot: false, followSymbolicLinks: false });
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
async function filterListed(folder: string, listed: ReadonlySet<string>, ignore: string[], wanted: (file: string) => boolean): Promise<string[]> {
  const { default: picomatch } = await import('picomatch');
  const ignored = picomatch(ignore, { dot: true });
  return [...listed].filter((file) => {
    if (!file.startsWith(folder + path.sep) || !wanted(file)) return false;
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
