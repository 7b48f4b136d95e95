// The only place that lists files: expands the user's paths into the JS/TS files to read, and the
// deployment files (package.json, .env, Dockerfile, Compose, pm2, Kubernetes YAML) to read beside them.
import { readdirSync, type Dirent } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { rebaseGlobs, type ConfigIgnore } from './config-ignore.ts';
import { deploymentKindOf } from './deploy/files.ts';
import { UsageError } from './errors.ts';
import { GitignoreRules } from './gitignore.ts';
import { isManifest } from './workspace.ts';
import type { FileError } from './types.ts';

export const SOURCE_EXTENSIONS = ['js', 'jsx', 'mjs', 'cjs', 'ts', 'tsx', 'mts', 'cts'] as const;
export const SOURCE_FILE = new RegExp(`\\.(${SOURCE_EXTENSIONS.join('|')})$`);

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
export const DECLARATION_FILE = /\.d\.(ts|mts|cts)$/;

export interface DiscoverOptions {
  paths: string[];
  cwd: string;
  ignore: string[];
  includeTests: boolean;
  /** The config file's ignore globs, relative to its folder rather than to each path. */
  configIgnore?: ConfigIgnore;
  /** When set (--staged), only these absolute paths are candidates; the same filters apply. */
  only?: ReadonlySet<string>;
  /** Told of each folder that could not be read (nothing under it is scanned). */
  onUnreadable?: (error: FileError) => void;
}

/** What discovery found: absolute paths, each list sorted and without duplicates. */
export interface DiscoveredFiles {
  /** JS/TS files to scan. */
  sources: string[];
  /** Deployment files (deploy/files.ts names them) whose settings are read beside the code. */
  deployment: string[];
  /** package.json, tsconfig and jsconfig files: how bare specifiers resolve in the tree (workspace.ts). */
  manifests: string[];
}

/** How a file's base name sorts it; undefined for a file discovery does not take. */
type FileRole = (name: string) => 'source' | 'deployment' | 'manifest' | undefined;

/**
 * Expands the user's paths into the files to read, in one walk. Throws UsageError for a path that
 * does not exist. A file named explicitly is taken even if it looks like a test or is git-ignored.
 */
export async function discover(options: DiscoverOptions): Promise<DiscoveredFiles> {
  const roleOf: FileRole = (name) => {
    if (SOURCE_FILE.test(name) && !DECLARATION_FILE.test(name)) {
      // pm2's ecosystem.config.js is both: code to scan and a deployment file to read.
      return name.startsWith('.') ? undefined : 'source';
    }
    if (deploymentKindOf(name) !== undefined) return 'deployment';
    return isManifest(name) ? 'manifest' : undefined;
  };
  // Lists, sorted and rid of duplicates at the end, rather than sets: a set of a large tree's paths
  // grows by copies of its table, and each copy outlived V8's young generation and grew it.
  const sources: string[] = [];
  const deployment: string[] = [];
  const manifests: string[] = [];
  const take = (file: string, named: boolean): void => {
    const name = path.basename(file);
    // Named explicitly, a dotfile of source is scanned too.
    if (named ? SOURCE_FILE.test(name) && !DECLARATION_FILE.test(name) : roleOf(name) === 'source') sources.push(file);
    if (deploymentKindOf(name) !== undefined) deployment.push(file);
    if (isManifest(name)) manifests.push(file);
  };
  for (const given of options.paths) {
    const absolute = path.resolve(options.cwd, given);
    const kind = await statKind(absolute, given);
    if (kind === 'file') {
      if (!options.only || options.only.has(absolute)) take(absolute, true);
      continue;
    }
    // Patterns match relative to each path argument, so `fixtures/` inside the scanned project is
    // excluded, while scanning `fixtures/sample-app` itself works.
    const ignore = ['**/node_modules/**', ...DECLARATION_GLOBS, ...options.ignore, ...(await rebaseGlobs(options.configIgnore, absolute)), ...(options.includeTests ? [] : TEST_GLOBS)];
    // The walk's paths are normal already (path.normalize would build each one again, piece by piece).
    const files = options.only ? (await filterListed(absolute, options.only, ignore, roleOf)).map((file) => path.normalize(file)) : await walk(absolute, ignore, roleOf, options.onUnreadable);
    for (const file of files) take(file, false);
  }
  return { sources: sortedOnce(sources), deployment: sortedOnce(deployment), manifests: sortedOnce(manifests) };
}

/** `list` sorted, each name once (in place). */
function sortedOnce(list: string[]): string[] {
  list.sort();
  let kept = 0;
  for (const item of list) if (kept === 0 || item !== list[kept - 1]) list[kept++] = item;
  list.length = kept;
  return list;
}

/** The JS/TS files to scan (see discover). */
export async function discoverFiles(options: DiscoverOptions): Promise<string[]> {
  return (await discover(options)).sources;
}

/** The deployment files to read (see discover). */
export async function discoverDeploymentFiles(options: DiscoverOptions): Promise<string[]> {
  return (await discover(options)).deployment;
}

/**
 * Every file under `folder` that `roleOf` takes, .gitignore files honoured, nested ones too. A plain
 * readdir walk rather than globby: globby's matching drops names that hold a line break (`\r` at the
 * start of a name, `\n` in a folder's) and its absolute paths turn a backslash in a name into a folder
 * separator. Links are never followed, folders whose names start with a dot (.git) are not entered
 * (dotfiles are taken only where `roleOf` says, as `.env`), and a folder an ignore glob matches is not entered.
 */
async function walk(folder: string, ignore: string[], roleOf: FileRole, onUnreadable: DiscoverOptions['onUnreadable']): Promise<string[]> {
  const ignored = await globMatcher(ignore);
  const taken: string[] = [];
  const gitignores: string[] = [];
  // Absolute paths in one piece: path.join builds its result from one slice per segment, and 60,000
  // of those pieces outlive the young generation and swell the heap while the tree is listed. (A
  // join, not `+`: `+` makes a pair of strings that stays a pair beside the flat copy made later.)
  const prefix = folder.endsWith(path.sep) ? folder : folder + path.sep;
  const absolute = (below: string): string => [prefix, path.sep === '/' ? below : below.replaceAll('/', path.sep)].join('');
  // Folders to read, as `/`-separated paths below `folder` ('' is the folder itself).
  const pending: string[] = [''];
  const visit = (relative: string): void => {
    let entries: Dirent[];
    try {
      entries = readdirSync(relative === '' ? folder : path.join(folder, relative), { withFileTypes: true });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // Gone since its parent was listed: nothing to say. Unreadable: say so, or a pin there would pass unseen.
      if (code !== 'ENOENT') onUnreadable?.({ file: path.join(folder, relative), message: `cannot read this folder (${code}); nothing under it was scanned` });
      return;
    }
    for (const entry of entries) {
      const name = entry.name;
      const below = relative === '' ? name : `${relative}/${name}`;
      if (entry.isDirectory()) {
        if (!name.startsWith('.') && !ignored(below)) pending.push(below);
      } else if (!entry.isFile()) {
        continue;
      } else if (name === '.gitignore') {
        gitignores.push(absolute(below));
      } else if (roleOf(name) !== undefined && !ignored(below)) {
        taken.push(absolute(below));
      }
    }
  };
  // One folder after another, synchronously: each readdir is one system call, and going through the
  // thread pool for it (16 at a time, as this walk did) cost more than the calls themselves: 2.4x the
  // time on a 60,000-file tree. Nothing else runs while the tree is listed.
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) visit(next);
  if (gitignores.length === 0) return taken;
  const rules = await GitignoreRules.load(gitignores);
  return taken.filter((file) => !rules.ignores(folder, file));
}

/**
 * A predicate for `/`-separated relative paths matching any of `globs`. picomatch's expressions use
 * `.`, which stops at a line break: compiled again with the `s` flag, a name holding one is matched
 * like any other (otherwise `legacy/**` would let `legacy/a\nb.js` through).
 */
async function globMatcher(globs: readonly string[]): Promise<(relative: string) => boolean> {
  if (globs.length === 0) return () => false;
  // Loaded here: a pre-commit run that names its files never needs it.
  const { default: picomatch } = await import('picomatch');
  const expressions = globs.map((glob) => {
    const compiled = picomatch.makeRe(glob, { dot: true });
    return new RegExp(compiled.source, compiled.flags.includes('s') ? compiled.flags : `${compiled.flags}s`);
  });
  return (relative) => expressions.some((expression) => expression.test(relative));
}

/**
 * --staged: the listed files under `folder` that pass the same filters. Staged files are tracked, so
 * .gitignore has no say; the glob matcher is enough.
 */
async function filterListed(folder: string, listed: ReadonlySet<string>, ignore: string[], roleOf: FileRole): Promise<string[]> {
  const ignored = await globMatcher(ignore);
  return [...listed].filter((file) => {
    if (!file.startsWith(folder + path.sep) || roleOf(path.basename(file)) === undefined) return false;
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
