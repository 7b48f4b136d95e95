// What the project's own manifests say about its code, from their text: where a bare module specifier
// leads inside the scanned tree (a workspace package of an npm/yarn/pnpm monorepo, through its
// `exports`, `main` or index; a TypeScript path alias from tsconfig/jsconfig `paths` and `baseUrl`),
// which packages are WeChat SDKs by their own account, and which files a published package hands to
// users outside the tree. No node_modules is read: a package is found by its name in a package.json of
// the tree. Text in, answers out; run.ts and library.ts find and read the files.
import path from 'node:path';
import { WECHAT_WORDS } from './hosts.ts';
import { SDK_HOSTS } from './scan/clients/wechat-sdks.ts';

/** package.json and tsconfig/jsconfig files of the tree: absolute path → text. */
export type Manifests = ReadonlyMap<string, string>;

/** The manifests this module reads, by base name. */
export function isManifest(file: string): boolean {
  const name = path.basename(file);
  return name === 'package.json' || /^(?:tsconfig.*|jsconfig)\.json$/.test(name);
}

const SOURCE_SUFFIXES = ['', '.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs', '.json', '/index.ts', '/index.tsx', '/index.js', '/index.mjs', '/index.cjs'];
/** `exports` conditions in the order a Node program that requires or imports the package meets them. */
const CONDITIONS = ['source', 'import', 'require', 'node', 'module', 'default', 'types'];

/** Where packages usually put built output, compiled from `src/`. */
const BUILD_FOLDERS = ['dist', 'lib', 'build', 'out'];

const DEPENDENCY_FIELDS = ['dependencies', 'peerDependencies', 'optionalDependencies'];

interface PackageInfo {
  directory: string;
  manifest: Record<string, unknown>;
}

interface PathAliases {
  directory: string;
  /** tsconfig.json or jsconfig.json, the config a folder's files get; tsconfig.build.json and kin are not. */
  primary: boolean;
  /** compilerOptions.outDir and rootDir (absolute): where built files come from. */
  outDir: string | undefined;
  rootDir: string | undefined;
  baseUrl: string | undefined;
  paths: ReadonlyArray<[pattern: string, targets: string[]]>;
}

export class Workspace {
  /** Packages by name; a name two folders claim resolves to neither (which one Node would load is unknown). */
  private readonly packages = new Map<string, PackageInfo | 'ambiguous'>();
  /** Every package folder, longest first: the nearest one holds a file. */
  private readonly folders: PackageInfo[] = [];
  private readonly aliases: PathAliases[] = [];

  constructor(
    manifests: Manifests,
    private readonly known: ReadonlySet<string>,
  ) {
    for (const [file, text] of manifests) {
      const name = path.basename(file);
      if (name === 'package.json') this.addPackage(file, text);
      else if (/^(?:tsconfig.*|jsconfig)\.json$/.test(name)) this.addAliases(file, text, manifests);
    }
    // Longest folder first: the nearest tsconfig and the nearest package.json win.
    this.aliases.sort((a, b) => b.directory.length - a.directory.length || Number(b.primary) - Number(a.primary));
    this.folders.sort((a, b) => b.directory.length - a.directory.length);
  }

  /** An empty workspace: a tree without manifests, or a caller that has none. */
  static readonly NONE = new Workspace(new Map(), new Set());

  /** True when no bare specifier can resolve (most single-package projects): callers skip the work. */
  get resolvesNothing(): boolean {
    return this.packages.size === 0 && !this.aliases.some((item) => item.baseUrl !== undefined || item.paths.length > 0);
  }

  /** The file a bare specifier leads to from `from`, or undefined (an npm module, or not in the tree). */
  resolve(specifier: string, from: string): string | undefined {
    if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('node:')) return undefined;
    return this.viaAliases(specifier, from) ?? this.viaPackages(specifier);
  }

  /**
   * Does the package holding `file` say it is a WeChat SDK: its name, description or keywords, or, for
   * a published package, a dependency on a WeChat-only SDK (a kit built on one)? An application's
   * dependencies say nothing about each of its files: there the imports decide (relevance.ts).
   */
  inWeChatPackage(file: string): boolean {
    const manifest = this.packageOf(file)?.manifest;
    if (!manifest) return false;
    const keywords = Array.isArray(manifest['keywords']) ? manifest['keywords'] : [];
    if ([manifest['name'], manifest['description'], ...keywords].some((word) => typeof word === 'string' && WECHAT_WORDS.test(word))) return true;
    if (manifest['private'] === true) return false;
    return DEPENDENCY_FIELDS.some((field) => {
      const dependencies = manifest[field];
      return !!dependencies && typeof dependencies === 'object' && Object.keys(dependencies).some((name) => name in SDK_HOSTS);
    });
  }

  /**
   * Is `file` the entry of a package published for others to use (not `"private": true`)? What its
   * entry exports is called by code outside the tree, however the tree itself calls it.
   */
  isPublishedEntry(file: string): boolean {
    const info = this.packageOf(file);
    if (!info || info.manifest['private'] === true || typeof info.manifest['name'] !== 'string') return false;
    return this.entriesOf(info).includes(file);
  }

  private packageOf(file: string): PackageInfo | undefined {
    return this.folders.find((info) => file.startsWith(info.directory + path.sep));
  }

  /** The files `require(name)` and its exported subpaths lead to. */
  private entriesOf(info: PackageInfo): string[] {
    const targets = [...exportTargets(info.manifest['exports']), ...['source', 'module', 'main'].map((field) => info.manifest[field])];
    const entries = targets.flatMap((target) => (typeof target === 'string' && !target.includes('*') ? [this.entryFile(info, target)] : []));
    const index = this.file(path.join(info.directory, 'index'));
    return [...entries, ...(info.manifest['main'] === undefined && info.manifest['exports'] === undefined ? [index] : [])].filter((entry): entry is string => entry !== undefined);
  }

  private addPackage(file: string, text: string): void {
    const manifest = parseJson(text);
    if (!manifest || file.includes(`${path.sep}node_modules${path.sep}`)) return;
    const info = { directory: path.dirname(file), manifest };
    this.folders.push(info);
    const name = manifest['name'];
    if (typeof name === 'string') this.packages.set(name, this.packages.has(name) ? 'ambiguous' : info);
  }

  private addAliases(file: string, text: string, manifests: Manifests): void {
    // Kept without paths too: the nearest config governs a file, and may have none.
    const options = compilerOptionsOf(file, text, manifests, 0);
    const name = path.basename(file);
    this.aliases.push({
      directory: path.dirname(file),
      primary: name === 'tsconfig.json' || name === 'jsconfig.json',
      outDir: options.outDir,
      rootDir: options.rootDir,
      baseUrl: options.baseUrl,
      paths: Object.entries(options.paths ?? {}).map(([pattern, targets]) => [pattern, targets.map((target) => path.resolve(options.pathsBase, target))]),
    });
  }

  private viaAliases(specifier: string, from: string): string | undefined {
    const config = this.aliases.find((item) => from.startsWith(item.directory + path.sep));
    if (!config) return undefined;
    for (const [pattern, targets] of config.paths) {
      const star = pattern.indexOf('*');
      const matched = star < 0 ? (specifier === pattern ? '' : undefined) : matchWildcard(specifier, pattern.slice(0, star), pattern.slice(star + 1));
      if (matched === undefined) continue;
      for (const target of targets) {
        const found = this.file(target.replace('*', matched));
        if (found) return found;
      }
    }
    return config.baseUrl ? this.file(path.resolve(config.baseUrl, specifier)) : undefined;
  }

  private viaPackages(specifier: string): string | undefined {
    const parts = specifier.split('/');
    const nameLength = specifier.startsWith('@') ? 2 : 1;
    const info = this.packages.get(parts.slice(0, nameLength).join('/'));
    if (!info || info === 'ambiguous') return undefined;
    const subpath = parts.slice(nameLength).join('/');
    const exported = exportTarget(info.manifest['exports'], subpath === '' ? '.' : `./${subpath}`);
    for (const target of exported) {
      const found = this.entryFile(info, target);
      if (found) return found;
    }
    if (subpath !== '') return this.entryFile(info, subpath);
    for (const field of ['source', 'module', 'main']) {
      const target = info.manifest[field];
      if (typeof target === 'string') {
        const found = this.entryFile(info, target);
        if (found) return found;
      }
    }
    return this.file(path.join(info.directory, 'index'));
  }

  /**
   * The file a package's entry names, or, when it names built output that is not in the tree
   * (`main: "dist/index.js"`, dist git-ignored), the source it is built from: through the package's
   * tsconfig `outDir`/`rootDir`, else the usual `dist`/`lib`/`build` → `src`.
   */
  private entryFile(info: PackageInfo, target: string): string | undefined {
    const built = path.resolve(info.directory, target);
    const found = this.file(built);
    if (found) return found;
    const config = this.aliases.find((item) => item.primary && (info.directory === item.directory || info.directory.startsWith(item.directory + path.sep)));
    const pairs: Array<[string, string]> = [
      ...(config?.outDir ? [[config.outDir, config.rootDir ?? config.directory] as [string, string]] : []),
      ...BUILD_FOLDERS.map((folder): [string, string] => [path.join(info.directory, folder), path.join(info.directory, 'src')]),
    ];
    for (const [outDir, rootDir] of pairs) {
      if (!built.startsWith(outDir + path.sep)) continue;
      const source = this.file(path.join(rootDir, built.slice(outDir.length + 1)).replace(/\.d\.(m|c)?ts$/, ''));
      if (source) return source;
    }
    return undefined;
  }

  /** A file of the tree at `stem`, with the extensions Node and TypeScript try; `.js` may name a `.ts`. */
  private file(stem: string): string | undefined {
    for (const base of [stem, stem.replace(/\.(m|c)?js$/, '')]) {
      for (const suffix of SOURCE_SUFFIXES) if (this.known.has(base + suffix)) return base + suffix;
    }
    return undefined;
  }
}

function matchWildcard(specifier: string, prefix: string, suffix: string): string | undefined {
  if (!specifier.startsWith(prefix) || !specifier.endsWith(suffix) || specifier.length < prefix.length + suffix.length) return undefined;
  return specifier.slice(prefix.length, specifier.length - suffix.length);
}

/** Every target a package's `exports` names, whatever the subpath. */
function exportTargets(exports: unknown): string[] {
  if (typeof exports === 'string') return [exports];
  if (Array.isArray(exports)) return exports.flatMap(exportTargets);
  if (!exports || typeof exports !== 'object') return [];
  return Object.values(exports as Record<string, unknown>).flatMap(exportTargets);
}

/** The targets a package's `exports` gives a subpath, in condition order (`"./*"` patterns included). */
function exportTarget(exports: unknown, subpath: string): string[] {
  if (exports === undefined || exports === null) return [];
  if (typeof exports === 'string') return subpath === '.' ? [exports] : [];
  if (Array.isArray(exports)) return exports.flatMap((item) => exportTarget(item, subpath));
  if (typeof exports !== 'object') return [];
  const entries = Object.entries(exports as Record<string, unknown>);
  // Either a map of subpaths ("./x") or, for ".", a map of conditions.
  if (entries.every(([key]) => !key.startsWith('.'))) return subpath === '.' ? conditionTargets(exports) : [];
  for (const [key, value] of entries) {
    if (key === subpath) return conditionTargets(value);
    const star = key.indexOf('*');
    const matched = star < 0 ? undefined : matchWildcard(subpath, key.slice(0, star), key.slice(star + 1));
    if (matched !== undefined) return conditionTargets(value).map((target) => target.replace('*', matched));
  }
  return [];
}

function conditionTargets(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(conditionTargets);
  if (!value || typeof value !== 'object') return [];
  const record = value as Record<string, unknown>;
  const keys = [...CONDITIONS.filter((key) => key in record), ...Object.keys(record).filter((key) => !CONDITIONS.includes(key))];
  return keys.flatMap((key) => conditionTargets(record[key]));
}

interface CompilerOptions {
  baseUrl?: string;
  outDir?: string;
  rootDir?: string;
  paths?: Record<string, string[]>;
  /** The folder of the config that declared `paths`. */
  pathsFrom: string;
  /** Where `paths` targets are relative to: the baseUrl in effect, else pathsFrom. */
  pathsBase: string;
}

/** compilerOptions.baseUrl and paths, following `extends` to configs of the tree. */
function compilerOptionsOf(file: string, text: string, manifests: Manifests, depth: number): CompilerOptions {
  const config = parseJson(stripJsonComments(text)) ?? {};
  const directory = path.dirname(file);
  let inherited: CompilerOptions = { pathsFrom: directory, pathsBase: directory };
  const extendsValue = config['extends'];
  if (typeof extendsValue === 'string' && extendsValue.startsWith('.') && depth < 8) {
    const parent = path.resolve(directory, extendsValue.endsWith('.json') ? extendsValue : `${extendsValue}.json`);
    const parentText = manifests.get(parent);
    if (parentText !== undefined) inherited = compilerOptionsOf(parent, parentText, manifests, depth + 1);
  }
  const options = (config['compilerOptions'] ?? {}) as Record<string, unknown>;
  const baseUrl = typeof options['baseUrl'] === 'string' ? path.resolve(directory, options['baseUrl']) : inherited.baseUrl;
  const outDir = typeof options['outDir'] === 'string' ? path.resolve(directory, options['outDir']) : inherited.outDir;
  const rootDir = typeof options['rootDir'] === 'string' ? path.resolve(directory, options['rootDir']) : inherited.rootDir;
  const ownPaths = options['paths'] && typeof options['paths'] === 'object' ? (options['paths'] as Record<string, string[]>) : undefined;
  const pathsFrom = ownPaths ? directory : inherited.pathsFrom;
  return { baseUrl, outDir, rootDir, paths: ownPaths ?? inherited.paths, pathsFrom, pathsBase: baseUrl ?? pathsFrom };
}

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(text) as unknown;
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** tsconfig files allow comments and trailing commas; strings are kept as they are. */
function stripJsonComments(text: string): string {
  let out = '';
  let index = 0;
  while (index < text.length) {
    const char = text[index]!;
    if (char === '"') {
      const start = index++;
      while (index < text.length && text[index] !== '"') index += text[index] === '\\' ? 2 : 1;
      out += text.slice(start, ++index);
    } else if (text.startsWith('//', index)) {
      while (index < text.length && text[index] !== '\n') index++;
    } else if (text.startsWith('/*', index)) {
      const end = text.indexOf('*/', index + 2);
      index = end < 0 ? text.length : end + 2;
    } else {
      out += char;
      index++;
    }
  }
  return out.replace(/,(\s*[}\]])/g, '$1');
}
