// Shared by the safety tests: run the built CLI in a child process, make throwaway projects, and
// snapshot a folder's bytes so a test can prove that nothing was written.
import { spawn, spawnSync } from 'node:child_process';
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = fileURLToPath(new URL('../..', import.meta.url));
/** The built CLI (`npm run build` first); WECHAT_UNPIN_CLI points the tests at another build. */
export const CLI = process.env.WECHAT_UNPIN_CLI ?? path.join(REPO, 'dist/src/cli.js');

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI to completion with a clean environment (no NODE_OPTIONS, no colour). */
export function runCli(args: string[], cwd: string, options: { uid?: number; gid?: number; timeoutMs?: number } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawnCli(args, cwd, options);
    let stdout = '';
    let stderr = '';
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

export function spawnCli(args: string[], cwd: string, options: { uid?: number; gid?: number; timeoutMs?: number } = {}) {
  return spawn(process.execPath, [CLI, ...args], {
    cwd,
    env: { PATH: process.env.PATH, NO_COLOR: '1', HOME: tmpdir() },
    timeout: options.timeoutMs ?? 60_000,
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(options.uid === undefined ? {} : { uid: options.uid, gid: options.gid ?? options.uid }),
  });
}

/** The JSON report of a run made with `--format json`. */
export interface JsonReport {
  summary: { filesMatched: number; filesParsed: number; filesChanged: number; errors: number; byStatus: Record<string, number> };
  findings: Array<{ file: string; kind: string; status: string; line: number }>;
  errors: Array<{ file: string; message: string }>;
}

export function jsonOf(result: CliResult): JsonReport {
  try {
    return JSON.parse(result.stdout) as JsonReport;
  } catch {
    throw new Error(`not a JSON report (exit ${result.code}):\n${result.stdout.slice(0, 2000)}\n--- stderr ---\n${result.stderr.slice(0, 4000)}`);
  }
}

/** A fresh folder under the system temp dir; `files` maps relative paths to text or bytes. */
export function makeProject(files: Record<string, string | Buffer> = {}, prefix = 'wechat-unpin-safety-'): string {
  const root = mkdtempSync(path.join(tmpdir(), prefix));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), content);
  }
  return root;
}

export function removeProject(root: string): void {
  rmSync(root, { recursive: true, force: true });
}

/** Every entry under `root` (links not followed): path → bytes, link target or 'dir'. */
export function snapshot(root: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      const rel = path.relative(root, full);
      const info = lstatSync(full);
      if (info.isSymbolicLink()) out.set(rel, `link → ${readlinkSync(full)}`);
      else if (info.isDirectory()) {
        out.set(rel, 'dir');
        walk(full);
      } else if (info.mode & 0o444) out.set(rel, `${(info.mode & 0o777).toString(8)} ${readFileSync(full).toString('base64')}`);
      else out.set(rel, `${(info.mode & 0o777).toString(8)} (unreadable)`);
    }
  };
  walk(root);
  return out;
}

/**
 * A self-contained file the fix changes: an https.Agent that pins a CA and serves only a WeChat
 * host. `name` keeps each file's text distinct.
 */
export function pinnedFile(name: string, eol = '\n'): string {
  return [
    "const https = require('https');",
    `// ${name}: pinned after the 2018 certificate change`,
    'const agent = new https.Agent({',
    '  keepAlive: true,',
    `  ca: 'PINNED ${name}',`,
    '});',
    `https.get('https://api.weixin.qq.com/cgi-bin/token?name=${name}', { agent });`,
    '',
  ].join(eol);
}

/** pinnedFile after the fix. */
export function pinnedFileFixed(name: string, eol = '\n'): string {
  return pinnedFile(name, eol).replace(`  ca: 'PINNED ${name}',${eol}`, '');
}

/** Whether this process may create a child as another user (root on Linux), for permission tests. */
export function canDropPrivileges(): boolean {
  if (process.platform === 'win32' || process.getuid?.() !== 0) return false;
  return spawnSync(process.execPath, ['-e', '0'], { uid: NOBODY, gid: NOBODY }).status === 0;
}

export const NOBODY = 65534;
