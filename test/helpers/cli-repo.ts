// Temp folders (git repositories or not) for the CLI tests, and the built CLI run in them.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after } from 'node:test';

export const ROOT = path.join(import.meta.dirname, '..', '..');
export const CLI = path.join(ROOT, 'dist', 'src', 'cli.js');
export const NO_CLI = !existsSync(CLI) && 'dist/src/cli.js is missing: run npm run build';

const temps: string[] = [];
after(() => temps.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A fresh folder holding `files`; a git repository with them committed when `git` is true. */
export function tempProject(files: Record<string, string>, options: { git?: boolean } = {}): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'wechat-unpin-integ-'));
  temps.push(dir);
  writeFiles(dir, files);
  if (options.git) {
    git(dir, 'init', '-q');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'initial');
  }
  return dir;
}

export function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
}

export function read(dir: string, name: string): string {
  return readFileSync(path.join(dir, name), 'utf8');
}

export const GIT_ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 'test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
};

export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'init.defaultBranch=main', ...args], { cwd, encoding: 'utf8', env: GIT_ENV });
}

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function cli(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}): CliRun {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

export interface JsonFinding {
  file: string;
  line: number;
  column: number;
  kind: string;
  status: string;
}

/** `scan --format json`'s findings, reduced to what the tests compare. */
export function findingsOf(run: CliRun): Array<Pick<JsonFinding, 'file' | 'line' | 'kind' | 'status'>> {
  const report = JSON.parse(run.stdout) as { findings: JsonFinding[] };
  return report.findings.map(({ file, line, kind, status }) => ({ file, line, kind, status }));
}

/** A pin whose host lives in another module (src/hosts.js): found only with that module as context. */
export const SPLIT_PIN: Record<string, string> = {
  'src/hosts.js': "exports.WX_API = 'https://api.weixin.qq.com';\n",
  'src/client.js': [
    "const https = require('https');",
    "const fs = require('fs');",
    "const { WX_API } = require('./hosts');",
    "const agent = new https.Agent({ ca: fs.readFileSync('wx-root.pem') });",
    'https.get(`${WX_API}/cgi-bin/token`, { agent });',
    '',
  ].join('\n'),
};

/** The same client with the fix applied: the `ca` and the `fs` import it alone used are gone. */
export const SPLIT_PIN_FIXED = [
  "const https = require('https');",
  "const { WX_API } = require('./hosts');",
  'const agent = new https.Agent({});',
  'https.get(`${WX_API}/cgi-bin/token`, { agent });',
  '',
].join('\n');
