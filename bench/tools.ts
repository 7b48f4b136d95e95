// The command line of each tool the bench compares, for a set of paths. Binaries are run directly
// (not through npx) so that no tool pays for npm's start-up.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import type { Command } from './measure.ts';
import { plural } from './report.ts';

export const SOURCE_EXTENSIONS = 'js,jsx,mjs,cjs,ts,tsx,mts,cts';
/** The regex of issue 5: a WeChat host or a `ca:` option, which is what a text search would try first. */
export const RG_PATTERN = String.raw`weixin|\bca\s*:`;

export interface ToolPaths {
  repo: string;
  node: string;
  cli: string;
  astGrep: string;
  astGrepRule: string;
  jscodeshift: string;
  transform: string;
  /** Undefined when ripgrep is not installed. */
  rg: string | undefined;
}

export function toolPaths(repo: string): ToolPaths {
  return {
    repo,
    node: process.execPath,
    cli: path.join(repo, 'dist/src/cli.js'),
    astGrep: path.join(repo, 'node_modules/@ast-grep/cli/ast-grep'),
    astGrepRule: path.join(repo, 'bench/ast-grep/tls-options.yml'),
    jscodeshift: path.join(repo, 'node_modules/jscodeshift/bin/jscodeshift.js'),
    transform: path.join(repo, 'transforms/remove-pinned-ca.ts'),
    rg: findOnPath('rg'),
  };
}

function findOnPath(name: string): string | undefined {
  const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  const location = found.stdout.trim();
  return found.status === 0 && location !== '' ? location : undefined;
}

export const RG_MISSING =
  'ripgrep (rg) is not installed, so the rg column is left out. Install it with `apt-get install -y ripgrep` ' +
  '(Debian/Ubuntu), `brew install ripgrep` (macOS) or `cargo install ripgrep`, and run the bench again.';

export function nodeBaseline(tools: ToolPaths, cwd: string): Command {
  return { tool: "node -e ''", file: tools.node, args: ['-e', ''], cwd, okCodes: [0] };
}

interface JsonReport {
  summary: { filesMatched: number; filesChanged: number; byStatus: Record<string, number>; errors: number };
  findings: unknown[];
}

function summarizeReport(stdout: string): string {
  const report = JSON.parse(stdout) as JsonReport;
  const { summary } = report;
  const statuses = Object.entries(summary.byStatus)
    .filter(([, count]) => count > 0)
    .map(([status, count]) => `${count} ${status}`)
    .join(', ');
  return `${plural(summary.filesMatched, 'file')}, ${plural(report.findings.length, 'finding')} (${statuses || 'none'}), ${plural(summary.errors, 'error')}`;
}

export function wechatUnpin(tools: ToolPaths, command: 'scan' | 'fix', targets: string[], cwd: string, prepare?: () => void): Command {
  return {
    tool: `wechat-unpin ${command}`,
    file: tools.node,
    args: [tools.cli, command, ...targets, '--format', 'json'],
    cwd,
    okCodes: [0, 1],
    ...(prepare ? { prepare } : {}),
    summarize: summarizeReport,
  };
}

function filesListed(stdout: string): string {
  return `${plural(stdout.split('\n').filter((line) => line.trim() !== '').length, 'file')} matched`;
}

export function ripgrep(rg: string, targets: string[], cwd: string): Command {
  return {
    tool: `rg -l '${RG_PATTERN}'`,
    file: rg,
    args: ['-l', '-g', `*.{${SOURCE_EXTENSIONS}}`, RG_PATTERN, ...targets],
    cwd,
    okCodes: [0, 1],
    summarize: filesListed,
  };
}

export function astGrep(tools: ToolPaths, targets: string[], cwd: string): Command {
  return {
    tool: 'ast-grep scan (tls-options.yml)',
    file: tools.astGrep,
    args: ['scan', '--rule', tools.astGrepRule, '--files-with-matches', ...targets],
    cwd,
    okCodes: [0, 1],
    summarize: filesListed,
  };
}

/** The stock runner with the project's transform; `dry` false writes, as `fix` does. */
export function jscodeshift(tools: ToolPaths, targets: string[], cwd: string, dry: boolean, prepare?: () => void): Command {
  return {
    tool: `jscodeshift --cpus=2${dry ? ' --dry' : ''}`,
    file: tools.node,
    args: [
      tools.jscodeshift,
      '-t',
      tools.transform,
      '--parser=tsx',
      '--cpus=2',
      `--extensions=${SOURCE_EXTENSIONS}`,
      ...(dry ? ['--dry'] : []),
      ...targets,
    ],
    cwd,
    okCodes: [0, 1],
    ...(prepare ? { prepare } : {}),
    summarize: (stdout) => {
      const count = (label: string): string => new RegExp(`^(\\d+) ${label}`, 'm').exec(stdout)?.[1] ?? '?';
      return `${count('ok')} changed, ${count('skipped')} skipped, ${count('errors')} errors`;
    },
  };
}
