#!/usr/bin/env node
// The command line: argv → options → run() → report → process.exitCode. The only module that prints.
import path from 'node:path';
import type { Argv } from 'yargs';
import { colorWanted } from './color.ts';
import { loadConfigGroups, type LoadedConfig } from './config.ts';
import { filesInContext } from './context-root.ts';
import { DECLARATION_FILE, SOURCE_FILE } from './discover.ts';
import { doctorCommand } from './doctor/command.ts';
import { UsageError } from './errors.ts';
import { uncommittedFiles } from './git-status.ts';
import { createHostMatcher } from './hosts.ts';
import { INTERRUPTED_EXIT_CODE, interruptionMessage, watchInterrupt } from './interrupt.ts';
import { FORMATS, formatNeedsChanges, formatReport, type Format } from './report/index.ts';
import { progressLine, shouldShowProgress } from './progress.ts';
import { delayTierUp } from './tier-up.ts';
import { youngGenerationHold } from './young-generation.ts';
import { checkOutputPath, parseByteSize, parseCount, singleValue } from './options.ts';
import { reportPath, run } from './run.ts';
import { mergeResults } from './merge-results.ts';
import { printable } from './printable.ts';
import { DEFAULT_MAX_FILE_BYTES } from './read.ts';
import { parseShard } from './shard.ts';
import type { Command, ReportContext, RunOptions, RunProgress, RunResult } from './types.ts';
import { packageInfo } from './version.ts';
import { RefusedWrite, writeReport } from './write.ts';

/** As yargs hands them over: an option given twice is an array (checked in execute). */
interface CommonArgs {
  paths: string[];
  format: Format | Format[];
  output?: string | string[];
  host: string[];
  defaultHosts?: boolean;
  ignore: string[];
  includeTests?: boolean;
  config?: string | string[];
  quiet: boolean;
  color?: boolean;
  progress?: boolean;
  staged?: boolean;
  shard?: string | string[];
  maxFileSize?: string | string[];
  dryRun?: boolean;
  fixInsecure?: boolean;
  force?: boolean;
  exitZero?: boolean;
  maxReview?: string | string[];
  printConfig?: boolean;
  reportUnusedSuppressions?: boolean;
}

async function main(): Promise<number> {
  // Before anything is compiled from a code cache (tier-up.ts).
  delayTierUp();
  const info = packageInfo();
  let exitCode = 0;
  const plain = plainScanArgs(process.argv.slice(2));
  if (plain) {
    exitCode = await execute('scan', plain, info);
    return typeof process.exitCode === 'number' && process.exitCode !== 0 ? process.exitCode : exitCode;
  }
  // Loaded only for a command line plainScanArgs does not take: yargs and its help layout cost a
  // pre-commit run more than the scan of a few files does.
  const [{ default: yargs }, { hideBin }] = await Promise.all([import('yargs'), import('yargs/helpers')]);
  const parser = yargs(hideBin(process.argv))
    // `--host X src/pay`: one value per flag, so src/pay stays a path (a greedy array took it as a host,
    // and fix then wrote across the whole tree). Repeat the flag for more values.
    .parserConfiguration({ 'greedy-arrays': false })
    .scriptName(info.name)
    .usage('$0 <command> [paths..]\n\nFinds TLS CA pins aimed at WeChat hosts.')
    .example('$0 scan', 'scan this folder; exit 1 if findings are left')
    .example('$0 scan src/a.js src/b.ts', 'these files, with their repository as context')
    .example('$0 scan --staged', 'the staged content (a husky hook)')
    .example('$0 fix --dry-run', 'the diff fix would apply; nothing written')
    .example('$0 fix --max-review 1000', 'exit 0 when only reviews are left (bulk PRs)')
    .example('$0 scan --format sarif --output r.sarif', 'SARIF for GitHub code scanning')
    .example('$0 scan --print-config', 'the settings in effect, and their config file')
    .command('scan [paths..]', 'report pinned CAs and turned-off certificate checks (read only)', commonOptions, async (args) => {
      exitCode = await execute('scan', args as unknown as CommonArgs, info);
    })
    .command(
      'fix [paths..]',
      'remove what is provably safe; report what is left',
      (y) =>
        commonOptions(y)
          .option('dry-run', { type: 'boolean', default: false, describe: 'print a unified diff; write nothing' })
          .option('fix-insecure', { type: 'boolean', describe: 'also remove rejectUnauthorized: false and kin aimed at WeChat only' })
          .option('force', { type: 'boolean', default: false, describe: 'write even over files with changes git does not hold (unstaged or untracked)' }),
      async (args) => {
        exitCode = await execute('fix', args as unknown as CommonArgs, info);
      },
    )
    .command(doctorCommand)
    .demandCommand(1, 'Name a command: scan, fix or doctor.')
    .strict()
    .version(info.version)
    .help()
    .alias('h', 'help')
    .wrap(Math.min(110, process.stdout.columns || 100))
    .fail((message, error) => {
      throw error instanceof UsageError || !error ? new UsageError(message ?? 'invalid arguments') : error;
    });
  await parser.parseAsync();
  // doctor sets process.exitCode itself.
  return typeof process.exitCode === 'number' && process.exitCode !== 0 ? process.exitCode : exitCode;
}

/**
 * `scan FILE…` with no option, as a pre-commit hook runs it: the arguments yargs would hand over
 * (every default as commonOptions sets it), or undefined for anything else, which yargs parses.
 * A word yargs treats as more than a path (`help`, `version`, `completion`) or anything that starts
 * with `-` goes to yargs.
 */
function plainScanArgs(argv: readonly string[]): CommonArgs | undefined {
  if (process.versions.electron !== undefined || argv[0] !== 'scan' || argv.length < 2) return undefined;
  const paths = argv.slice(1);
  if (paths.some((arg) => arg === '' || arg.startsWith('-') || YARGS_WORDS.has(arg))) return undefined;
  return { paths, format: 'text', host: [], ignore: [], quiet: false, exitZero: false, printConfig: false };
}

const YARGS_WORDS = new Set(['help', 'version', 'completion', 'scan', 'fix', 'doctor', '$0']);

function commonOptions(y: Argv): Argv {
  return y
    .positional('paths', { type: 'string', array: true, default: ['.'], describe: 'files or folders to scan' })
    .option('format', { choices: FORMATS, default: 'text' as Format, describe: 'report format on stdout' })
    .option('output', { type: 'string', describe: 'also write the report (in --format) to FILE' })
    .option('host', { type: 'string', array: true, default: [], describe: 'add a host pattern (suffix match)' })
    .option('default-hosts', { type: 'boolean', describe: "use WeChat's host patterns (--no-default-hosts: only --host)" })
    .option('ignore', { type: 'string', array: true, default: [], describe: 'leave files matching GLOB out' })
    .option('include-tests', { type: 'boolean', describe: 'also scan test code (test/, *.spec.*, fixtures/, …)' })
    .option('config', { type: 'string', describe: 'config file (default: the nearest wechat-unpin.config.json or package.json "wechat-unpin", from the paths upward)' })
    .option('max-file-size', { type: 'string', describe: 'skip larger files: bytes, or with a unit (4MB, 512KB); default 2MB' })
    .option('staged', { type: 'boolean', describe: 'scan the staged content of files staged in git (pre-commit)' })
    .option('shard', { type: 'string', describe: 'report only shard i of n of the files, e.g. 2/4 (for a CI matrix)' })
    .option('report-unused-suppressions', { type: 'boolean', describe: 'list wechat-unpin-ignore comments that suppressed nothing' })
    .option('exit-zero', { type: 'boolean', default: false, describe: 'exit 0 even when findings are left (2 and 130 still mean failure)' })
    .option('max-review', { type: 'string', describe: 'exit 0 when only needs-review findings are left, at most N of them' })
    .option('print-config', { type: 'boolean', default: false, describe: 'print the settings in effect as JSON and exit' })
    .option('quiet', { type: 'boolean', default: false, describe: 'print nothing when nothing is left' })
    .option('progress', { type: 'boolean', describe: 'progress on stderr for long runs in a terminal (--no-progress: never)' })
    .option('color', { type: 'boolean', describe: 'force colours on or off (NO_COLOR and FORCE_COLOR are honoured)' });
}

/** Report paths of the files written so far: a failure after a write still says what changed. */
const written: string[] = [];

interface Settings {
  format: Format;
  /** Absolute; checked to be a place for a report. */
  output?: string;
  exit: ExitPolicy;
  /** One run per config file the paths lead to (usually one), reported together. */
  runs: PlannedRun[];
}

interface PlannedRun {
  config: LoadedConfig;
  options: Omit<RunOptions, 'command'>;
}

/** What may be left without failing the run (exit 1): --exit-zero, --max-review N. */
interface ExitPolicy {
  exitZero: boolean;
  maxReview?: number;
}

/** Every option and the config checked and settled, before anything runs: exit 2 = nothing written. */
async function settle(command: Command, args: CommonArgs, cwd: string): Promise<Settings> {
  const format = singleValue('format', args.format) ?? 'text';
  const output = singleValue('output', args.output);
  const shard = singleValue('shard', args.shard);
  const maxFileSize = singleValue('max-file-size', args.maxFileSize);
  const maxReview = singleValue('max-review', args.maxReview);
  const paths = args.paths.length > 0 ? args.paths : ['.'];
  const dryRun = command === 'fix' && (args.dryRun ?? false);
  const staged = args.staged ?? false;
  const maxFileBytes = maxFileSize === undefined ? undefined : parseByteSize('--max-file-size', maxFileSize);
  const parsedShard = shard === undefined ? undefined : parseShard(shard);
  const runs: PlannedRun[] = [];
  for (const group of await loadConfigGroups(cwd, singleValue('config', args.config), paths)) {
    const loaded = group.config;
    const config = loaded.config;
    // Files named (by pre-commit, lint-staged): scanned with their repository as context.
    const inContext = staged ? undefined : await filesInContext(group.paths, cwd, loaded.file);
    runs.push({
      config: loaded,
      options: {
        paths: inContext?.paths ?? group.paths,
        files: inContext?.files,
        cwd,
        hosts: [...(config.hosts ?? []), ...args.host],
        defaultHosts: args.defaultHosts ?? config.defaultHosts ?? true,
        ignore: args.ignore,
        configIgnore: loaded.ignore,
        includeTests: args.includeTests ?? config.includeTests ?? false,
        dryRun,
        fixInsecure: args.fixInsecure ?? config.fixInsecure ?? false,
        planFixes: formatNeedsChanges(format) || dryRun,
        maxFileBytes: maxFileBytes ?? config.maxFileSize,
        staged,
        reportUnusedSuppressions: args.reportUnusedSuppressions ?? false,
        shard: parsedShard,
      },
    });
  }
  return {
    format,
    output: output === undefined ? undefined : await checkOutputPath(output, cwd),
    exit: { exitZero: args.exitZero ?? false, maxReview: maxReview === undefined ? undefined : parseCount('--max-review', maxReview) },
    runs,
  };
}

async function execute(command: Command, args: CommonArgs, info: { name: string; version: string }): Promise<number> {
  const cwd = process.cwd();
  const settings = await settle(command, args, cwd);
  if (args.printConfig) {
    const printed = settings.runs.map((planned) => effectiveConfig(planned, cwd));
    process.stdout.write(`${JSON.stringify(printed.length === 1 ? printed[0] : printed, null, 2)}\n`);
    return 0;
  }
  if (command === 'fix' && !args.dryRun && !args.staged && !args.force) {
    await refuseUncommitted(settings.runs.flatMap((planned) => planned.options.files ?? planned.options.paths), cwd);
  }
  const progress = shouldShowProgress(process.stderr, process.env, args.progress) && !args.quiet ? progressLine(process.stderr) : undefined;
  // Not armed yet: until the first write a signal ends the process at once (see interrupt.ts).
  const interrupt = watchInterrupt(undefined, { armed: false });
  const youngGeneration = youngGenerationHold();
  const onProgress = (phase: RunProgress): void => {
    youngGeneration(phase);
    progress?.update(phase);
  };
  try {
    const results: RunResult[] = [];
    try {
      for (const planned of settings.runs) {
        // Ctrl-C during one run's writes: the runs after it do not start.
        if (results.at(-1)?.interrupted) break;
        results.push(
          await run({
            ...planned.options,
            command,
            onProgress,
            signal: interrupt.signal,
            beforeWrites: interrupt.arm,
            onWritten: (file) => written.push(reportPath(file, cwd)),
          }),
        );
      }
    } finally {
      progress?.clear();
    }
    const result = mergeResults(results);
    if (result.interrupted) result.interrupted.filesWritten = written.length;
    // Writing the report is a write too: from here a signal waits for it to finish.
    interrupt.arm();
    return await report(settings, args, info, result, cwd);
  } finally {
    interrupt.dispose();
  }
}

/** Writes the report (to --output and stdout) and returns the exit code. */
async function report(settings: Settings, args: CommonArgs, info: { name: string; version: string }, result: RunResult, cwd: string): Promise<number> {
  const context: ReportContext = {
    toolName: info.name,
    toolVersion: info.version,
    cwd,
    color: colorWanted(args.color, process.env, process.stdout.isTTY === true),
  };
  // With --output the file gets the chosen format and the terminal keeps the text report.
  const terminalFormat: Format = settings.output ? 'text' : settings.format;
  if (settings.output) {
    const text = await formatReport(settings.format, result, { ...context, color: false });
    try {
      await writeReport(settings.output, text);
    } catch (error) {
      const reason = error instanceof RefusedWrite ? error.message : ((error as NodeJS.ErrnoException).code ?? (error as Error).message);
      throw new UsageError(`cannot write the report to ${reportPath(settings.output, cwd)}: ${reason}`);
    }
  }
  // Under --dry-run the diff comes first in the text report: it is what the user asked to see.
  if (result.dryRun && terminalFormat === 'text') process.stdout.write(await formatReport('diff', result, { ...context, color: false }));
  const exitCode = exitCodeFor(result, settings.exit);
  // --quiet: silent only when nothing is left, whatever --exit-zero or --max-review make of the rest.
  if (!(args.quiet && exitCodeFor(result) === 0)) process.stdout.write(await formatReport(terminalFormat, result, context));
  const left = leftOut(settings, result);
  if (left > 0 && !args.quiet) {
    process.stderr.write(
      `wechat-unpin: ${left} of the files named ${left === 1 ? 'was' : 'were'} left out, as in a scan of the whole repository: test code (--include-tests scans it) or an ignore glob\n`,
    );
  }
  if (result.interrupted) {
    process.stderr.write(`wechat-unpin: ${interruptionMessage(result.interrupted)}\n`);
    return INTERRUPTED_EXIT_CODE;
  }
  return exitCode;
}

/**
 * docs/contract.md's exit codes: 1 when something is left for the user. Under scan that is any finding
 * not suppressed; under fix, whatever was not fixed (needs-review, an insecure setting left without
 * --fix-insecure, and under --dry-run every change that would be made, since nothing was).
 * --exit-zero: 0 whatever is left. --max-review N: needs-review findings, up to N of them, do not
 * count; anything else left (a fixable finding under scan, an unfixed one under fix) still does.
 */
function exitCodeFor(result: RunResult, policy: ExitPolicy = { exitZero: false }): number {
  if (policy.exitZero) return 0;
  const open = result.findings.filter((finding) => finding.status !== 'suppressed' && finding.status !== 'fixed');
  if (policy.maxReview !== undefined) {
    const review = open.filter((finding) => finding.status === 'needs-review').length;
    if (review <= policy.maxReview && review === open.length) return 0;
  }
  return open.length > 0 ? 1 : 0;
}

/** How many source files named on the command line discovery left out (test code, ignore globs). */
function leftOut(settings: Settings, result: RunResult): number {
  if (settings.runs.some((planned) => !planned.options.files)) return 0;
  const named = settings.runs.flatMap((planned) => planned.options.files ?? []).filter((file) => SOURCE_FILE.test(file) && !DECLARATION_FILE.test(file)).length;
  return Math.max(0, named - result.summary.filesMatched);
}

/** fix without --force: exit 2, nothing written, when it could write over work git does not hold. */
async function refuseUncommitted(paths: readonly string[], cwd: string): Promise<void> {
  const dirty = await uncommittedFiles(paths, cwd);
  if (dirty.length === 0) return;
  const shown = dirty.slice(0, 5).map((item) => `${item.file} (${item.state})`).join(', ');
  const more = dirty.length > 5 ? ` and ${dirty.length - 5} more` : '';
  throw new UsageError(
    `fix would write where git cannot give the old text back: ${shown}${more}. Commit or stage these files first (then git diff shows what the fix changed), or pass --force.`,
  );
}

/** --print-config: the settings a run would use, and where they came from. */
function effectiveConfig(planned: PlannedRun, cwd: string): Record<string, unknown> {
  const { options, config } = planned;
  const relative = (file: string): string => path.relative(cwd, file).split(path.sep).join('/') || '.';
  return {
    configFile: config.label ?? null,
    hosts: options.hosts,
    defaultHosts: options.defaultHosts,
    hostPatterns: createHostMatcher(options.hosts, options.defaultHosts).patterns,
    ignore: config.ignore ? { relativeTo: relative(config.ignore.base), globs: config.ignore.globs } : null,
    cliIgnore: options.ignore,
    includeTests: options.includeTests,
    fixInsecure: options.fixInsecure,
    maxFileSize: options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES,
    paths: options.paths.map(relative),
    files: options.files?.map(relative) ?? null,
  };
}

async function start(): Promise<void> {
  try {
    process.exitCode = await main();
  } catch (error) {
    // Messages quote paths and values as given: shown without their control characters.
    if (error instanceof UsageError) {
      process.stderr.write(`wechat-unpin: ${printable(error.message)}\n`);
    } else {
      const { version } = packageInfo();
      const stack = ((error as Error).stack ?? String(error)).split('\n').map(printable).join('\n');
      process.stderr.write(`wechat-unpin ${version}: unexpected error; please report it with this output.\n${stack}\n`);
    }
    // Exit 2 promises nothing was written; when that is no longer true, say what was.
    if (written.length > 0) {
      const files = written.map(printable).join(', ');
      process.stderr.write(`wechat-unpin: before the error, ${written.length} file${written.length === 1 ? ' was' : 's were'} fixed (each written whole): ${files}\n`);
    }
    process.exitCode = 2;
  }
}

// A reader that goes away (`wechat-unpin fix | head -1`) is not a failure of the run: the files are
// written whole either way, and the exit code still says what was left. Stop writing to it.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
});

await start();
