// The optional config file: `--config FILE`, else the nearest `wechat-unpin.config.json` or package.json
// with a "wechat-unpin" key, looked up from each scanned path's folder upward. The search stops at the
// first folder that has one (as ESLint's flat config does) and never goes above the git work tree the
// path is in: a config outside the repository is not the repository's, and CI (which checks out only
// the repository) would not see it. Paths that lead to different config files are run separately
// (a monorepo's packages), each with its own. Every key is checked; a bad one is a UsageError naming the file,
// the key and the value. schema/config.schema.json describes the same keys for editors.
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { ConfigIgnore } from './config-ignore.ts';
import { UsageError } from './errors.ts';
import { parseByteSize } from './options.ts';
import { gitRootOf } from './repository.ts';

export interface FileConfig {
  hosts?: string[];
  defaultHosts?: boolean;
  ignore?: string[];
  includeTests?: boolean;
  fixInsecure?: boolean;
  maxFileSize?: number;
}

/** A config and where it came from. */
export interface LoadedConfig {
  config: FileConfig;
  /** Absolute path of the file read (package.json for its "wechat-unpin" key); undefined when none. */
  file?: string;
  /** How messages name it: `wechat-unpin.config.json`, `packages/a/package.json#wechat-unpin`. */
  label?: string;
  /** The config's `ignore` globs with the folder they are relative to. */
  ignore?: ConfigIgnore;
}

const KEYS: Record<keyof FileConfig, 'string[]' | 'boolean' | 'size'> = {
  hosts: 'string[]',
  defaultHosts: 'boolean',
  ignore: 'string[]',
  includeTests: 'boolean',
  fixInsecure: 'boolean',
  maxFileSize: 'size',
};

export const DEFAULT_CONFIG_FILE = 'wechat-unpin.config.json';

/** Paths that share a config (or share having none). */
export interface ConfigGroup {
  config: LoadedConfig;
  /** As given, in the order given. */
  paths: string[];
}

/**
 * `explicit` (--config, relative to cwd) wins: one group of every path. Otherwise each of `paths`
 * (relative to cwd) is looked up from its folder, and paths are grouped by the config file they
 * lead to (a monorepo's packages each with their own): one run per group, in the order first seen.
 */
export async function loadConfigGroups(cwd: string, explicit: string | undefined, paths: readonly string[]): Promise<ConfigGroup[]> {
  if (explicit) return [{ config: await loadConfig(cwd, explicit), paths: [...paths] }];
  const groups = new Map<string, ConfigGroup>();
  for (const given of paths) {
    const config = (await findConfig(await folderOf(path.resolve(cwd, given)), cwd)) ?? { config: {} };
    const key = config.file ?? '';
    const group = groups.get(key);
    if (group) group.paths.push(given);
    else groups.set(key, { config, paths: [given] });
  }
  return [...groups.values()];
}

/** The config for a folder (relative to cwd): `explicit`, else the nearest one (see findConfig). */
export async function loadConfig(cwd: string, explicit?: string, folder = '.'): Promise<LoadedConfig> {
  if (explicit) {
    const file = path.resolve(cwd, explicit);
    const text = await readText(file);
    if (text === undefined) throw new UsageError(`config file not found: ${explicit}. Check the --config path.`);
    return loaded(validate(parseJson(text, explicit), explicit), file, explicit);
  }
  return (await findConfig(await folderOf(path.resolve(cwd, folder)), cwd)) ?? { config: {} };
}

/** The folder a path's config search starts in: the path itself for a folder, else its folder. */
async function folderOf(absolute: string): Promise<string> {
  const info = await stat(absolute).catch(() => undefined);
  return info?.isDirectory() ? absolute : path.dirname(absolute);
}

const searched = new Map<string, Promise<LoadedConfig | undefined>>();

/** The nearest config from `folder` upward, stopping at the git work tree's root. */
async function findConfig(folder: string, cwd: string): Promise<LoadedConfig | undefined> {
  const top = gitRootOf(folder);
  for (let current = folder; ; current = path.dirname(current)) {
    const key = `${current}\0${cwd}`;
    let here = searched.get(key);
    if (!here) searched.set(key, (here = configIn(current, cwd)));
    const config = await here;
    if (config) return config;
    if (current === top || path.dirname(current) === current) return undefined;
  }
}

/** The config file of one folder, if it has one. */
async function configIn(folder: string, cwd: string): Promise<LoadedConfig | undefined> {
  const file = path.join(folder, DEFAULT_CONFIG_FILE);
  const label = (name: string): string => path.relative(cwd, name).split(path.sep).join('/') || name;
  const text = await readText(file);
  if (text !== undefined) return loaded(validate(parseJson(text, label(file)), label(file)), file, label(file));
  const manifestFile = path.join(folder, 'package.json');
  const manifest = await readText(manifestFile);
  if (manifest === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(manifest);
  } catch (error) {
    // Its "wechat-unpin" key may hold an ignore list: going on without it would scan, and fix, files
    // the user left out.
    throw new UsageError(
      `${label(manifestFile)} is not valid JSON (${(error as Error).message}), so its "wechat-unpin" settings cannot be read. Fix ${label(manifestFile)}, or put the settings in ${DEFAULT_CONFIG_FILE}.`,
    );
  }
  const section = (parsed as Record<string, unknown> | null)?.['wechat-unpin'];
  if (section === undefined) return undefined;
  const where = `${label(manifestFile)}#wechat-unpin`;
  return loaded(validate(section, where), manifestFile, where);
}

function loaded(config: FileConfig, file: string, label: string): LoadedConfig {
  const result: LoadedConfig = { config, file, label };
  if (config.ignore && config.ignore.length > 0) result.ignore = { base: path.dirname(file), globs: config.ignore };
  return result;
}

async function readText(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
}

function parseJson(text: string, where: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${where} is not valid JSON (${(error as Error).message}). Fix the file or pass another with --config.`);
  }
}

function validate(value: unknown, where: string): FileConfig {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new UsageError(`${where}: expected an object of settings, got ${JSON.stringify(value)}`);
  }
  const config: Record<string, unknown> = {};
  for (const [key, setting] of Object.entries(value)) {
    if (key === '$schema') continue;
    const expected = KEYS[key as keyof FileConfig];
    if (!expected) {
      throw new UsageError(`${where}: unknown key "${key}"; known keys are ${Object.keys(KEYS).join(', ')}`);
    }
    if (expected === 'size') {
      // Bytes, or a size with a unit, as on the command line.
      if (typeof setting !== 'number' && typeof setting !== 'string') {
        throw new UsageError(`${where}: "${key}" must be a size (4194304 or "4MB"), got ${JSON.stringify(setting)}`);
      }
      config[key] = parseByteSize(`${where}: "${key}"`, setting);
      continue;
    }
    const ok = expected === 'string[]' ? Array.isArray(setting) && setting.every((item) => typeof item === 'string') : typeof setting === expected;
    if (!ok) throw new UsageError(`${where}: "${key}" must be ${describe(expected)}, got ${JSON.stringify(setting)}`);
    config[key] = setting;
  }
  return config as FileConfig;
}

function describe(type: string): string {
  return type === 'string[]' ? 'an array of strings' : `a ${type}`;
}
