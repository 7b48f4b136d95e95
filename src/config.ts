// The optional config file: `--config FILE`, else `wechat-unpin.config.json`, else the "wechat-unpin"
// key of package.json, looked up in the working directory. Every key is checked; a bad one is a
// UsageError naming the file, the key and the value.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from './errors.ts';
import { parseByteSize } from './options.ts';

export interface FileConfig {
  hosts?: string[];
  defaultHosts?: boolean;
  ignore?: string[];
  includeTests?: boolean;
  fixInsecure?: boolean;
  maxFileSize?: number;
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

export async function loadConfig(cwd: string, explicit?: string): Promise<FileConfig> {
  if (explicit) {
    const file = path.resolve(cwd, explicit);
    const text = await readText(file);
    if (text === undefined) throw new UsageError(`config file not found: ${explicit}. Check the --config path.`);
    return validate(parseJson(text, explicit), explicit);
  }
  const defaultFile = path.join(cwd, DEFAULT_CONFIG_FILE);
  const text = await readText(defaultFile);
  if (text !== undefined) return validate(parseJson(text, DEFAULT_CONFIG_FILE), DEFAULT_CONFIG_FILE);
  const manifest = await readText(path.join(cwd, 'package.json'));
  if (manifest === undefined) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(manifest);
  } catch (error) {
    // Its "wechat-unpin" key may hold an ignore list: going on without it would scan, and fix, files
    // the user left out.
    throw new UsageError(
      `package.json is not valid JSON (${(error as Error).message}), so its "wechat-unpin" settings cannot be read. Fix package.json, or put the settings in ${DEFAULT_CONFIG_FILE}.`,
    );
  }
  const section = (parsed as Record<string, unknown> | null)?.['wechat-unpin'];
  return section === undefined ? {} : validate(section, 'package.json#wechat-unpin');
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
