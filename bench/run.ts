// `npm run bench [-- PATH] [--runs N] [--quick] [--keep]`: measures wechat-unpin against rg, ast-grep
// and the stock jscodeshift runner on a large tree of real code, a pre-commit run and a fix-heavy
// tree; prints the tables and writes them to bench/RESULTS.md. See bench/README.md.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { adversarialChecks } from './adversarial.ts';
import { ensureBuilt } from './build.ts';
import { measureEslintOverhead } from './eslint.ts';
import { buildFixHeavy, buildLargeTree, buildPreCommit, dependencyFiles, freshCopy, linkReplicas, linkSubset, MAX_COPIED_BYTES } from './corpus.ts';
import { Runner, type Command, type Measurement } from './measure.ts';
import { PLANTED_PINS, PLANTS } from './plants.ts';
import { scalingTable, scenarioTable, targetsTable, type ScalingRow, type Scenario, type TargetCheck } from './report.ts';
import { fixHeavyChecks, flatMemoryCheck, largeTreeChecks, linearityCheck, plantedCheck, preCommitChecks, SCAN } from './targets.ts';
import { astGrep, jscodeshift, nodeBaseline, ripgrep, RG_MISSING, RG_PATTERN, toolPaths, wechatUnpin, type ToolPaths } from './tools.ts';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const LARGE_FILES = 15_000;
const SCALING_SIZES = [1_000, 5_000];
const FIX_HEAVY_FILES = 500;
/** The memory check's tree: the large tree this many times over (hard links), about 60,000 files. */
const MEMORY_REPLICAS = 4;
/** jscodeshift takes minutes on thousands of files: one run above this many files keeps the bench short. */
const JSCODESHIFT_SINGLE_RUN_ABOVE = 2_000;

interface Options {
  tree: string | undefined;
  runs: number;
  quick: boolean;
  keep: boolean;
}

function parseOptions(): Options {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      runs: { type: 'string', default: '5' },
      quick: { type: 'boolean', default: false },
      keep: { type: 'boolean', default: false },
    },
  });
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a whole number ≥ 1, got ${JSON.stringify(values.runs)}`);
  if (positionals.length > 1) throw new Error(`give at most one tree to benchmark, got ${positionals.length}: ${positionals.join(' ')}`);
  return { tree: positionals[0] ? path.resolve(positionals[0]) : undefined, runs: values.quick ? Math.min(runs, 3) : runs, quick: values.quick, keep: values.keep };
}

function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

class Bench {
  readonly runner = new Runner();
  readonly loadAtStart = os.loadavg()[0]!;
  /** The code measured, taken when the bench starts (others may commit while it runs). */
  readonly code = describeCode();

  constructor(
    readonly tools: ToolPaths,
    readonly options: Options,
  ) {}

  jscodeshiftRuns(files: number): number {
    if (this.options.quick && files > JSCODESHIFT_SINGLE_RUN_ABOVE) return 0;
    return files > JSCODESHIFT_SINGLE_RUN_ABOVE ? 1 : this.options.runs;
  }

  /** Measures the commands in rounds; each plan's runs default to --runs, with one warm-up run. */
  measure(plans: ReadonlyArray<{ command: Command; runs?: number; warmup?: number }>): Measurement[] {
    const full = plans.map((plan) => ({ command: plan.command, runs: plan.runs ?? this.options.runs, warmup: plan.warmup ?? 1 }));
    log(`  ${full.map((plan) => `${plan.command.tool} ×${plan.runs}`).join(', ')}…`);
    const started = performance.now();
    const results = this.runner.measureRounds(full);
    for (const result of results) log(`    ${result.tool}: median ${(result.wallMs / 1000).toFixed(2)} s; ${result.result}`);
    log(`    (${((performance.now() - started) / 1000).toFixed(0)} s in all)`);
    return results;
  }

  /** scan, rg, ast-grep and jscodeshift --dry over `targets` (folders or files). */
  readOnlyTools(targets: string[], cwd: string, files: number, baseline?: Command): Measurement[] {
    const plans: Array<{ command: Command; runs?: number; warmup?: number }> = [];
    if (baseline) plans.push({ command: baseline });
    plans.push({ command: wechatUnpin(this.tools, 'scan', targets, cwd) });
    if (this.tools.rg) plans.push({ command: ripgrep(this.tools.rg, targets, cwd) });
    plans.push({ command: astGrep(this.tools, targets, cwd) });
    const jscodeshiftRuns = this.jscodeshiftRuns(files);
    // jscodeshift gets no warm-up run: the tools before it have warmed the page cache already.
    if (jscodeshiftRuns > 0) plans.push({ command: jscodeshift(this.tools, targets, cwd, true), runs: jscodeshiftRuns, warmup: 0 });
    return this.measure(plans);
  }
}

/** Findings the scan reports in planted files (untimed run). */
function plantedFound(tools: ToolPaths, tree: string): { found: number; fixable: number } {
  const scan = spawnSync(tools.node, [tools.cli, 'scan', tree, '--format', 'json'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const report = JSON.parse(scan.stdout) as { findings: Array<{ file: string; status: string }> };
  const names = new Set(PLANTS.map((plant) => plant.path));
  const planted = report.findings.filter((finding) => names.has(path.posix.basename(finding.file)));
  return { found: planted.length, fixable: planted.filter((finding) => finding.status === 'fixable').length };
}

function describeCode(): string {
  const git = (args: string[]): string => spawnSync('git', args, { cwd: REPO, encoding: 'utf8' }).stdout?.trim() ?? '';
  const head = git(['rev-parse', '--short', 'HEAD']) || 'unknown';
  const dirty = git(['status', '--porcelain', '--', 'src', 'transforms']) !== '';
  return `commit ${head}${dirty ? ' with uncommitted changes in src/ or transforms/' : ''}`;
}

function toolVersion(file: string, args: string[]): string {
  const result = spawnSync(file, args, { encoding: 'utf8' });
  return (result.stdout || result.stderr).split('\n')[0]?.trim() ?? '?';
}

function main(): void {
  const options = parseOptions();
  const built = ensureBuilt(REPO);
  if (built) log(`built dist first: ${built}`);
  const tools = toolPaths(REPO);
  if (!tools.rg) log(RG_MISSING);
  const bench = new Bench(tools, options);
  const work = path.join(os.tmpdir(), `wechat-unpin-bench-${process.pid}`);
  mkdirSync(work, { recursive: true });
  const started = performance.now();
  try {
    const report = runAll(bench, work);
    const elapsed = Math.round((performance.now() - started) / 1000);
    const text = `${report}\n\nThe bench took ${Math.floor(elapsed / 60)} min ${elapsed % 60} s.\n`;
    process.stdout.write(text);
    writeFileSync(path.join(REPO, 'bench/RESULTS.md'), text);
    log('\nwritten to bench/RESULTS.md');
  } finally {
    bench.runner.dispose();
    if (options.keep) log(`trees kept in ${work}`);
    else rmSync(work, { recursive: true, force: true });
  }
}

function runAll(bench: Bench, work: string): string {
  const { tools, options } = bench;
  const sources = dependencyFiles(path.join(REPO, 'node_modules'));
  const sections: string[] = [];
  // Issue 11, item 4: seconds of CPU in this process, before the trees are built.
  log('adversarial input');
  const checks: TargetCheck[] = adversarialChecks();

  // Large tree: generated (and then scaled down), or the user's own.
  let largeFiles: number;
  let largeRows: Measurement[];
  let largeDescription: string;
  if (options.tree) {
    log(`large tree: ${options.tree}`);
    largeRows = bench.readOnlyTools([options.tree], work, Number.POSITIVE_INFINITY);
    largeFiles = Number(/^(\d+) files?/.exec(largeRows[0]?.result ?? '')?.[1] ?? 0);
    largeDescription = `The tree given on the command line, \`${options.tree}\`.`;
  } else {
    const large = buildLargeTree(path.join(work, 'large-15k'), sources, LARGE_FILES);
    largeFiles = large.files;
    log(`large tree: ${large.files} files (${sources.length} dependency files, replicated), ${PLANTED_PINS} pins planted`);
    largeRows = bench.readOnlyTools(['large-15k'], work, large.files);
    largeDescription =
      `${large.files} files: the ${sources.length} JS/TS files of this project's node_modules (files over ` +
      `${MAX_COPIED_BYTES / 1024 / 1024} MB left out), copied into a temp folder and replicated, with ${PLANTED_PINS} WeChat pins ` +
      `of varied patterns planted in ${PLANTS.length} files (bench/plants.ts).`;
    const planted = plantedFound(tools, path.join(work, 'large-15k'));
    const check = plantedCheck(planted.found, PLANTED_PINS);
    check.measured += ` (${planted.fixable} fixable)`;
    checks.push(check);

    const scaling: ScalingRow[] = [];
    for (const size of SCALING_SIZES) {
      const subset = linkSubset(large, path.join(work, `large-${size / 1000}k`), size);
      log(`scaling: ${subset.files} files`);
      scaling.push({ files: subset.files, rows: bench.readOnlyTools([`large-${size / 1000}k`], work, subset.files) });
    }
    scaling.push({ files: large.files, rows: largeRows });
    const linear = linearityCheck(scaling);
    sections.push(
      [
        '### Scaling',
        '',
        'The same mix (an even sample of the large tree, plants included; hard links), medians. The largest row is the large-tree run above.',
        '',
        scalingTable(scaling),
      ].join('\n'),
    );
    if (linear) checks.push(linear);

    // Memory (issue 14, item 3): the large tree four times over, with its pins four times and once;
    // scan and rg only.
    const largeScan = largeRows.find((row) => row.tool === SCAN);
    for (const plantsOnce of [false, true]) {
      const folder = plantsOnce ? 'large-x4-pins-once' : 'large-x4';
      const replicas = linkReplicas(large, path.join(work, folder), MEMORY_REPLICAS, { plantsOnce });
      log(`memory: ${replicas.files} files${plantsOnce ? ', the pins once' : ''}`);
      const memoryRows = bench.measure([
        { command: wechatUnpin(tools, 'scan', [folder], work) },
        ...(tools.rg ? [{ command: ripgrep(tools.rg, [folder], work) }] : []),
      ]);
      const memoryScan = memoryRows.find((row) => row.tool === SCAN);
      const flat =
        largeScan && memoryScan ? flatMemoryCheck({ files: large.files, scan: largeScan }, { files: replicas.files, scan: memoryScan }, plantsOnce ? 'the pins once' : undefined) : undefined;
      if (flat) checks.push(flat);
      sections.push(
        scenarioTable({
          title: plantsOnce ? `Memory: the large tree ${MEMORY_REPLICAS}× over, its pins once (${replicas.files} files)` : `Memory: the large tree ${MEMORY_REPLICAS}× over (${replicas.files} files)`,
          description: plantsOnce
            ? `The same, with the planted files in the first copy only: ${MEMORY_REPLICAS}× the files, the large tree's candidates and pins. What grows here grows with the tree alone (issue 14, item 3: memory that does not grow beyond the candidates and their neighbourhood).`
            : `The large tree ${MEMORY_REPLICAS} times side by side (hard links), so ${MEMORY_REPLICAS}× the files, candidates and pins: peak RSS should stay near the large tree's (issue 14, item 3).`,
          rows: memoryRows,
          reference: SCAN,
        }),
      );
      rmSync(replicas.root, { recursive: true, force: true });
    }
  }
  checks.unshift(...largeTreeChecks(largeRows));
  const largeSection = scenarioTable({ title: `Large tree (${largeFiles} files)`, description: largeDescription, rows: largeRows, reference: SCAN });

  // Pre-commit: files named one by one, as a hook passes them.
  log('pre-commit');
  const preCommit = buildPreCommit(path.join(work, 'precommit'), sources);
  const relative = (files: string[]): string[] => files.map((file) => path.relative(work, file));
  const clean = bench.readOnlyTools(relative(preCommit.clean), work, 5, nodeBaseline(tools, work));
  const pinned = bench.readOnlyTools(relative(preCommit.pinned), work, 5, nodeBaseline(tools, work));
  checks.push(...preCommitChecks(clean, pinned));

  // Fix-heavy: every run starts from a fresh copy; jscodeshift writes too (no --dry), as fix does.
  log('fix-heavy');
  const template = path.join(work, 'fix-template');
  const pins = buildFixHeavy(template, FIX_HEAVY_FILES);
  const fixTree = path.join(work, 'fix-heavy');
  const prepare = (): void => freshCopy(template, fixTree);
  prepare();
  const fixRows = bench.measure([
    { command: wechatUnpin(tools, 'fix', ['fix-heavy'], work, prepare) },
    { command: jscodeshift(tools, ['fix-heavy'], work, false, prepare) },
  ]);
  prepare(); // rg and ast-grep only read: one fresh copy serves all their runs
  fixRows.push(...bench.measure([...(tools.rg ? [{ command: ripgrep(tools.rg, ['fix-heavy'], work) }] : []), { command: astGrep(tools, ['fix-heavy'], work) }]));
  checks.push(...fixHeavyChecks(fixRows));

  // Issue 15: the ESLint plugin next to a plain eslint run of the same 200 files.
  const eslint = measureEslintOverhead(bench.runner, work, options.runs, log);
  checks.push(eslint.check);
  sections.push(eslint.section);

  const scenarios: Scenario[] = [
    {
      title: 'Pre-commit: 5 files, no candidate',
      description: "Five real dependency files that the prefilter rejects, named on the command line as a hook passes them; `node -e ''` is Node's start-up alone.",
      rows: clean,
      reference: "node -e ''",
    },
    {
      title: 'Pre-commit: 5 files, one pin',
      description: 'Four of those files and one file with a pin for `api.weixin.qq.com`.',
      rows: pinned,
      reference: "node -e ''",
    },
    {
      title: `Fix-heavy (${FIX_HEAVY_FILES} files, ${pins} pins)`,
      description:
        'Every file holds one pin (the standalone plants in turn). `fix` and jscodeshift (without `--dry`) each write a fresh copy of the tree per run; rg and ast-grep only list files, for scale.',
      rows: fixRows,
      reference: 'wechat-unpin fix',
    },
  ];

  return [
    '# Benchmark results',
    '',
    'Written by `npm run bench` (bench/run.ts); do not edit by hand. Targets: issue 5, item 3, and issue 14.',
    '',
    environment(bench),
    '',
    '## Targets',
    '',
    targetsTable(checks),
    '',
    '## Measurements',
    '',
    largeSection,
    '',
    ...sections.flatMap((section) => [section, '']),
    ...scenarios.flatMap((scenario) => [scenarioTable(scenario), '']),
  ]
    .join('\n')
    .trimEnd();
}

function environment(bench: Bench): string {
  const { tools, options } = bench;
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const lines = [
    `- Code: ${bench.code}, built to dist/.`,
    `- Machine: ${os.cpus().length} cores (${cpu.trim()}), ${Math.round(os.totalmem() / 1024 ** 3)} GiB, ${os.platform()} ${os.release()}; Node ${process.version}.`,
    `- Tools: ${tools.rg ? toolVersion(tools.rg, ['--version']) : 'ripgrep not installed'}; ${toolVersion(tools.astGrep, ['--version'])}; ` +
      `jscodeshift ${toolVersion(tools.node, [tools.jscodeshift, '--version']).replace(/^jscodeshift:\s*/, '')} with transforms/remove-pinned-ca.ts, \`--parser=tsx --cpus=2\` (on 2 cores that is one worker).`,
    `- Method: wall time around each process (spawn to exit), medians of ${options.runs} runs after one untimed warm-up run, the tools of a table run in rounds (A B C, A B C, …); ` +
      `jscodeshift: no warm-up, and 1 run above ${JSCODESHIFT_SINGLE_RUN_ABOVE} files (minutes each)` +
      `${options.quick ? ', and none above that in this --quick run' : ''}.`,
    `- ${bench.runner.describeMethod()}.`,
    `- Load average (1 min) at the start and end of the bench: ${bench.loadAtStart.toFixed(2)}, ${os.loadavg()[0]!.toFixed(2)} (other work on the machine slows every tool alike; the rounds keep the ratios fair).`,
    `- rg: \`rg -l -g '*.{js,…,cts}' '${RG_PATTERN}'\`, the text search a user would try first. ast-grep: \`ast-grep scan --rule bench/ast-grep/tls-options.yml\`, the TLS options the scanner looks at, by syntax alone.`,
  ];
  return lines.join('\n');
}

main();
