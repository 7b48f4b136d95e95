// V8's code cache for the few large CommonJS scripts a run loads, on Node versions without a compile
// cache of their own. TypeScript's compiler is one 9 MB script that V8 compiles afresh on every run:
// on Node 20 that alone is a third of a pre-commit run that scans one file. Node ≥ 22.1 caches
// compiled code itself (module.enableCompileCache), and is simply asked to.
//
// The cache lives in the user's cache folder (XDG_CACHE_HOME or ~/.cache), never in the scanned tree;
// NODE_DISABLE_COMPILE_CACHE=1 turns it off, as it does Node's own. V8 checks each cache against the
// script and its own version and flags and rejects one that does not fit: then the script compiles
// as usual and the cache is written anew. Any failure here only means compiling as usual.
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import { tierUpSet } from './tier-up.ts';

interface Compiled {
  /** The script's base name, which starts the names of its cache files. */
  name: string;
  script: vm.Script;
  cacheFile: string;
  /** A cache was read and V8 took it: nothing to write. */
  fromCache: boolean;
}

const compiled: Compiled[] = [];
let nodeCache: boolean | undefined;

/**
 * `require(file)` for an absolute path, with the script compiled from (and later saved to) the code
 * cache. The module goes into require's cache under its own name, so a later `require` of it, from
 * anywhere, gets this instance.
 */
export function requireCached(file: string): unknown {
  const statics = Module as unknown as ModuleStatics;
  const cached = statics._cache[file];
  if (cached) return cached.exports;
  if (useNodeCache() || process.env.NODE_DISABLE_COMPILE_CACHE) return createRequire(file)(file);
  let folder: string;
  try {
    folder = cacheFolder();
  } catch {
    return createRequire(file)(file);
  }
  const info = statSync(file);
  // One cache file per script version. V8 checks a cache against the script's length only, not its
  // text, so the name holds what tells versions apart: the version of the package the script comes
  // from (npm gives every file the same time stamp), its size and time stamp (a script edited in place).
  const cacheFile = path.join(folder, `${path.basename(file, '.js')}-${packageVersionOf(file)}-${info.size}-${Math.floor(info.mtimeMs)}.cache`);
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const script = new vm.Script(statics.wrap(readFileSync(file, 'utf8')), { filename: file, cachedData });
  // What Module._load does for a file, less the compiling.
  const module = new Module(file) as CommonJsModule;
  module.filename = file;
  module.paths = statics._nodeModulePaths(path.dirname(file));
  statics._cache[file] = module;
  try {
    const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
    wrapper.call(module.exports, module.exports, createRequire(file), module, file, path.dirname(file));
    module.loaded = true;
  } catch (error) {
    delete statics._cache[file];
    throw error;
  }
  compiled.push({ name: path.basename(file, '.js'), script, cacheFile, fromCache: cachedData !== undefined && !script.cachedDataRejected });
  return module.exports;
}

/**
 * Writes the cache of each script compiled without one. Called after the work: V8's cache then
 * holds the functions the run compiled too, not only the top level.
 */
export function saveCodeCache(): void {
  for (const item of compiled.splice(0)) {
    if (item.fromCache) continue;
    try {
      const temporary = `${item.cacheFile}.${process.pid}.tmp`;
      writeFileSync(temporary, item.script.createCachedData(), { mode: 0o600 });
      renameSync(temporary, item.cacheFile);
      // The caches of other versions of the script are of no more use.
      const folder = path.dirname(item.cacheFile);
      for (const name of readdirSync(folder)) {
        if (name.startsWith(`${item.name}-`) && name.endsWith('.cache') && name !== path.basename(item.cacheFile)) unlinkSync(path.join(folder, name));
      }
    } catch {
      // A read-only home: the next run compiles again.
    }
  }
}

/**
 * Node ≥ 22.1: its own compile cache, switched on once (it honours NODE_DISABLE_COMPILE_CACHE itself).
 * Node keeps one folder per Node version whatever the flags, so the command line's tier-up flag gets a
 * folder of its own beside Node's default one (unless NODE_COMPILE_CACHE had Node switch it on already).
 */
function useNodeCache(): boolean {
  if (nodeCache === undefined) {
    const enable = (Module as unknown as { enableCompileCache?: (folder?: string) => unknown }).enableCompileCache;
    nodeCache = typeof enable === 'function';
    if (nodeCache) {
      try {
        enable!(tierUpSet === undefined ? undefined : path.join(os.tmpdir(), 'node-compile-cache', `wechat-unpin${flagsSuffix()}`));
      } catch {
        // Compiling as usual.
      }
    }
  }
  return nodeCache;
}

/** The version in the nearest package.json above `file`, or 'unknown'. */
function packageVersionOf(file: string): string {
  for (let folder = path.dirname(file); folder !== path.dirname(folder); folder = path.dirname(folder)) {
    let version: unknown;
    try {
      version = (JSON.parse(readFileSync(path.join(folder, 'package.json'), 'utf8')) as { version?: unknown }).version;
    } catch {
      continue;
    }
    return typeof version === 'string' ? version.replace(/[^\w.+-]/g, '_') : 'unknown';
  }
  return 'unknown';
}

/**
 * The command line's tier-up flag (tier-up.ts) is part of what V8 checks a cache against: its caches
 * live apart from a library caller's, so that the two do not reject and rewrite each other's.
 */
function flagsSuffix(): string {
  return tierUpSet === undefined ? '' : `-${tierUpSet.replace(/[^\w]+/g, '-').replace(/^-|-$/g, '')}`;
}

function cacheFolder(): string {
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  const folder = path.join(base, 'wechat-unpin', `v8-${process.versions.v8}-${process.arch}${flagsSuffix()}`);
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  return folder;
}

type CommonJsModule = Module & { filename: string; paths: string[]; loaded: boolean };
type ModuleStatics = { _cache: Record<string, Module | undefined>; _nodeModulePaths(folder: string): string[]; wrap(source: string): string };
