// Runs a command several times and keeps the medians of wall time and peak RSS. Peak RSS comes from
// GNU time (`/usr/bin/time -f %M`: the child's ru_maxrss, which for a child that forks workers is the
// largest of it and its waited-for workers) or, where that is missing, from a preload that makes every
// Node process of the run append `process.resourceUsage().maxRSS` to a file (non-Node tools: n/a).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';

export interface Command {
  /** Row label, e.g. `wechat-unpin scan`. */
  tool: string;
  file: string;
  args: string[];
  cwd: string;
  /** Exit codes that mean the tool ran (rg exits 1 when nothing matched; scan exits 1 on a finding). */
  okCodes: readonly number[];
  /** Untimed, before each run (a fresh copy of the tree for `fix`). */
  prepare?: () => void;
  /** What the run found, from its output: shown beside the figures so a wrong result is seen. */
  summarize?: (stdout: string) => string;
}

export interface Measurement {
  tool: string;
  runs: number;
  wallMs: number;
  /** Median peak RSS in KiB; undefined when it cannot be measured for this tool. */
  rssKb: number | undefined;
  result: string;
}

export type RssMethod = 'gnu-time' | 'node-preload';

const GNU_TIME = '/usr/bin/time';

export class Runner {
  readonly method: RssMethod;
  private readonly scratch: string;
  private readonly probe: string;

  constructor() {
    this.scratch = mkdtempSync(path.join(os.tmpdir(), 'wechat-unpin-measure-'));
    this.method = hasGnuTime() ? 'gnu-time' : 'node-preload';
    this.probe = path.join(this.scratch, 'rss-probe.mjs');
    // Every Node process of the run (workers too: they inherit NODE_OPTIONS) reports its own peak.
    writeFileSync(
      this.probe,
      `import { appendFileSync } from 'node:fs';\n` +
        `process.on('exit', () => { try { appendFileSync(process.env.BENCH_RSS_FILE, process.resourceUsage().maxRSS + '\\n'); } catch {} });\n`,
    );
  }

  describeMethod(): string {
    return this.method === 'gnu-time'
      ? 'peak RSS is GNU time\'s %M (ru_maxrss of the child; for a tool that forks workers, the largest single process)'
      : 'peak RSS is the largest `process.resourceUsage().maxRSS` of the Node processes of a run (GNU time not found; n/a for rg and ast-grep)';
  }

  /** `warmup` untimed runs, then `runs` timed ones. */
  measure(command: Command, runs: number, warmup = 1): Measurement {
    return this.measureRounds([{ command, runs, warmup }])[0]!;
  }

  /**
   * Several commands in rounds (A B C, A B C, …) rather than one after the other, so that a change
   * in the machine's load during the bench falls on every tool alike and the ratios stay fair.
   */
  measureRounds(plans: ReadonlyArray<{ command: Command; runs: number; warmup: number }>): Measurement[] {
    for (const plan of plans) for (let index = 0; index < plan.warmup; index++) this.once(plan.command);
    const samples = plans.map(() => ({ walls: [] as number[], peaks: [] as number[], stdout: '' }));
    const rounds = Math.max(0, ...plans.map((plan) => plan.runs));
    for (let round = 0; round < rounds; round++) {
      plans.forEach((plan, index) => {
        if (round >= plan.runs) return;
        const sample = this.once(plan.command);
        const kept = samples[index]!;
        kept.walls.push(sample.wallMs);
        if (sample.rssKb !== undefined) kept.peaks.push(sample.rssKb);
        kept.stdout = sample.stdout;
      });
    }
    return plans.map((plan, index) => {
      const kept = samples[index]!;
      return {
        tool: plan.command.tool,
        runs: plan.runs,
        wallMs: median(kept.walls),
        rssKb: kept.peaks.length === plan.runs ? median(kept.peaks) : undefined,
        result: plan.command.summarize ? plan.command.summarize(kept.stdout) : '',
      };
    });
  }

  dispose(): void {
    rmSync(this.scratch, { recursive: true, force: true });
  }

  private once(command: Command): { wallMs: number; rssKb: number | undefined; stdout: string } {
    command.prepare?.();
    const rssFile = path.join(this.scratch, 'rss.txt');
    rmSync(rssFile, { force: true });
    const [file, args, env] =
      this.method === 'gnu-time'
        ? [GNU_TIME, ['-f', '%M', '-o', rssFile, command.file, ...command.args], process.env]
        : [
            command.file,
            command.args,
            {
              ...process.env,
              BENCH_RSS_FILE: rssFile,
              NODE_OPTIONS: `${process.env['NODE_OPTIONS'] ?? ''} --import=${pathToFileURL(this.probe).href}`.trim(),
            },
          ];
    const started = performance.now();
    const child = spawnSync(file, args, { cwd: command.cwd, env, encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
    const wallMs = performance.now() - started;
    if (child.error) throw new Error(`${command.tool}: could not run ${command.file}: ${child.error.message}`);
    const status = child.status ?? -1;
    if (!command.okCodes.includes(status)) {
      throw new Error(
        `${command.tool} exited with ${status} (expected ${command.okCodes.join(' or ')}): ${command.file} ${command.args.join(' ')}\n` +
          `${child.stderr.slice(-2000)}`,
      );
    }
    return { wallMs, rssKb: readPeak(rssFile), stdout: child.stdout };
  }
}

/** The largest number in the file (GNU time writes one, possibly after a "Command exited…" line). */
function readPeak(file: string): number | undefined {
  if (!existsSync(file)) return undefined;
  const numbers = readFileSync(file, 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => /^\d+$/.test(line))
    .map(Number);
  return numbers.length > 0 ? Math.max(...numbers) : undefined;
}

function hasGnuTime(): boolean {
  if (!existsSync(GNU_TIME)) return false;
  const probe = spawnSync(GNU_TIME, ['-f', '%M', 'true'], { encoding: 'utf8' });
  return probe.status === 0 && /^\d+\s*$/m.test(probe.stderr);
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
