// Checks on the command line's values that yargs does not make, all before the run starts: exit 2 must
// mean nothing was written, so a bad value is found before the first file is touched.
import { constants } from 'node:fs';
import { access, lstat, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { SOURCE_EXTENSIONS } from './discover.ts';
import { UsageError } from './errors.ts';

/** An option given twice arrives as an array; one that takes a single value says so. */
export function singleValue<T>(name: string, value: T | T[] | undefined): T | undefined {
  if (!Array.isArray(value)) return value;
  throw new UsageError(`--${name} was given ${value.length} times (${value.map((item) => JSON.stringify(item)).join(', ')}); give it once`);
}

const UNITS: Record<string, number> = { '': 1, b: 1, k: 1024, kb: 1024, kib: 1024, m: 1024 ** 2, mb: 1024 ** 2, mib: 1024 ** 2 };
const SIZE = /^(\d+)\s*([a-z]*)$/i;

/**
 * --max-file-size: a whole number of bytes, or with a unit (`512KB`, `2MB`; binary, as the report
 * prints sizes: 1 MB = 1024 KB). Anything else, zero and negative numbers included, is an error: a
 * limit that skips every file would let a CI gate pass with a pin in the code.
 */
export function parseByteSize(name: string, text: string | number): number {
  const match = SIZE.exec(String(text).trim());
  const unit = UNITS[match?.[2]?.toLowerCase() ?? ''];
  const bytes = match && unit !== undefined ? Number(match[1]) * unit : Number.NaN;
  if (!Number.isSafeInteger(bytes) || bytes < 1) {
    throw new UsageError(`${name} ${JSON.stringify(String(text))} is not a size; give bytes (4194304) or a size with a unit (4MB, 512KB)`);
  }
  return bytes;
}

/** A whole number, zero or more (--max-review N). */
export function parseCount(name: string, text: string): number {
  const count = /^\d+$/.test(text.trim()) ? Number(text.trim()) : Number.NaN;
  if (!Number.isSafeInteger(count)) throw new UsageError(`${name} ${JSON.stringify(text)} is not a count; give a whole number, 0 or more`);
  return count;
}

const SOURCE_FILE = new RegExp(`\\.(${SOURCE_EXTENSIONS.join('|')})$`, 'i');

/**
 * --output: the report replaces FILE, so FILE must be a place for a report. Not a source file (the
 * report would replace code the run scans or fixes), not a link (it could lead anywhere: a link
 * committed in the repository would make the report overwrite a file of the attacker's choosing),
 * not a folder or device, and its folder must exist and be writable. A folder inside the working
 * directory must be reached without links for the same reason. Returns the absolute path.
 */
export async function checkOutputPath(output: string, cwd: string): Promise<string> {
  const file = path.resolve(cwd, output);
  const refuse = (why: string, todo: string): never => {
    throw new UsageError(`--output ${output}: ${why}. ${todo}`);
  };
  if (output.trim() === '') refuse('empty', 'Name the report file, such as wechat-unpin.sarif');
  if (SOURCE_FILE.test(file)) refuse(`names a source file (${path.extname(file)}); the report would overwrite code`, 'Name the report file, such as wechat-unpin.sarif');
  const info = await lstat(file).catch(() => undefined);
  if (info?.isSymbolicLink()) refuse('is a symbolic link; the tool does not write through links', 'Remove the link or choose another path');
  if (info && !info.isFile()) refuse('is not a regular file', 'Choose a file path');
  if (info && (info.mode & 0o222) === 0) refuse(`is read-only (mode ${(info.mode & 0o777).toString(8).padStart(4, '0')})`, 'Make it writable or choose another path');
  const folder = path.dirname(file);
  const folderInfo = await stat(folder).catch(() => undefined);
  if (!folderInfo?.isDirectory()) refuse(`the folder ${path.dirname(output) || '.'} does not exist`, 'Create it first');
  const inside = path.relative(cwd, folder);
  if (!inside.startsWith('..') && !path.isAbsolute(inside)) {
    const [realFolder, realCwd] = await Promise.all([realpath(folder), realpath(cwd)]);
    if (realFolder !== path.join(realCwd, inside)) refuse(`the folder ${path.dirname(output)} is reached through a symbolic link`, 'Write the report to a folder that is not a link');
  }
  try {
    await access(folder, constants.W_OK);
  } catch (error) {
    refuse(`the folder ${path.dirname(output) || '.'} is not writable (${(error as NodeJS.ErrnoException).code})`, 'Choose another path');
  }
  return file;
}
