// The bench measures dist/, so it builds first when dist is missing or older than its sources.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const INPUTS = ['src', 'transforms', 'tsconfig.json', 'package.json', 'package-lock.json'];

function newestMtime(entry: string): number {
  if (!existsSync(entry)) return 0;
  const info = statSync(entry);
  if (!info.isDirectory()) return info.mtimeMs;
  return readdirSync(entry).reduce((newest, name) => Math.max(newest, newestMtime(path.join(entry, name))), info.mtimeMs);
}

/** Runs `npm run build` when dist/src/cli.js is missing or older than any input; returns why it built. */
export function ensureBuilt(repo: string): string | undefined {
  const output = path.join(repo, 'dist/src/cli.js');
  const built = existsSync(output) ? statSync(output).mtimeMs : 0;
  const newest = Math.max(...INPUTS.map((input) => newestMtime(path.join(repo, input))));
  if (built >= newest) return undefined;
  const reason = built === 0 ? 'dist is missing' : 'dist is older than its sources';
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const build = spawnSync(npm, ['run', 'build'], { cwd: repo, stdio: 'inherit' });
  if (build.status !== 0) throw new Error(`npm run build failed (exit ${build.status ?? build.signal}); fix the build and run the bench again`);
  return reason;
}
