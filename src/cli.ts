#!/usr/bin/env node
// The command line: argv → options → run() → report → process.exitCode. The only module that prints.
import pc from 'picocolors';
import yargs, { type Argv } from 'yargs';
import { hideBin } from 'yargs/helpers';
import { loadConfig } from './config.ts';
import { doctorCommand } from './doctor/command.ts';
import { UsageError } from './errors.ts';
import { INTERRUPTED_EXIT_CODE, interruptionMessage, watchInterrupt } from './interrupt.ts';
import { FORMATS, formatNeedsChanges, formatReport, type Format } from './report/index.ts';
import { progressLine, shouldShowProgress } from './progress.ts';
import { checkOutputPath, parseByteSize, singleValue } from './options.ts';
import { reportPath, run } from './run.ts';
import { printable } from './printable.ts';
import { parseShard } from './shard.ts';
import type { Command, ReportContext, RunOptions, RunResult } from './types.ts';
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
  reportUnusedSuppressions?: boolean;
}

async function main(argv: string[]): Promise<number> {
  const info = packageInfo();
  let exitCode = 0;
  const parser = yargs(argv)
    // `--host X src/pay`: one value per flag, so src/pay stays a path (a greedy array took it as a host,
    // and fix then wrote across the whole tree). Repeat the flag for more values.
    .parserConfiguration({ 'greedy-arrays': false })
    .scriptName(info.name)
    .usage('$0 <command> [paths..]\n\nFinds TLS CA pins aimed at WeChat hosts.')
    .command('scan [paths..]', 'report pinned CAs and turned-off certificate checks (read only)', commonOptions, async (args) => {
      exitCode = await execute('scan', args as unknown as CommonArgs, info);
    })
    .command(
      'fix [paths..]',
      'remove what is provably safe; report what is left',
      (y) =>
        commonOptions(y)
          .option('dry-run', { type: 'boolean', default: false, describe: 'print a unified diff; write nothing' })
          .option('fix-insecure', { type: 'boolean', describe: 'also remove rejectUnauthorized: false and kin aimed at WeChat only' }),
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

function commonOptions(y: Argv): Argv {
  return y
    .positional('paths', { type: 'string', array: true, default: ['.'], describe: 'files or folders to scan' })
    .option('format', { choices: FORMATS, default: 'text' as Format, describe: 'report format on stdout' })
    .option('output', { type: 'string', describe: 'also write the report (in --format) to FILE' })
    .option('host', { type: 'string', array: true, default: [], describe: 'add a host pattern (suffix match)' })
    .option('default-hosts', { type: 'boolean', describe: "use WeChat's host patterns (--no-default-hosts: only --host)" })
    .option('ignore', { type: 'string', array: true, default: [], describe: 'leave files matching GLOB out' })
    .option('include-tests', { type: 'boolean', describe: 'also scan test code (test/, *.spec.*, fixtures/, …)' })
    .option('config', { type: 'string', describe: 'config file (default: wechat-unpin.config.json or package.json "wechat-unpin")' })
    .option('max-file-size', { type: 'string', describe: 'skip larger files: bytes, or with a unit (4MB, 512KB); default 2MB' })
    .option('staged', { type: 'boolean', describe: 'scan the staged content of files staged in git (pre-commit)' })
    .option('shard', { type: 'string', describe: 'report only shard i of n of the files, e.g. 2/4 (for a CI matrix)' })
    .option('report-unused-suppressions', { type: 'boolean', describe: 'list wechat-unpin-ignore comments that suppressed nothing' })
    .option('quiet', { type: 'boolean', default: false, describe: 'print nothing on success' })
    .option('progress', { type: 'boolean', describe: 'progress on stderr for long runs in a terminal (--no-progress: never)' })
    .option('color', { type: 'boolean', describe: 'force colours on or off (NO_COLOR is honoured)' });
}

/** Report paths of the files written so far: a failure after a write still says what changed. */
const written: string[] = [];

interface Settings {
  format: Format;
  /** Absolute; checked to be a place for a report. */
  output?: string;
  options: Omit<RunOptions, 'command'>;
}

/** Every option and the config checked and settled, before anything runs: exit 2 = nothing written. */
async function settle(command: Command, args: CommonArgs, cwd: string): Promise<Settings> {
  const format = singleValue('format', args.format) ?? 'text';
  const output = singleValue('output', args.output);
  const shard = singleValue('shard', args.shard);
  const maxFileSize = singleValue('max-file-size', args.maxFileSize);
  const config = await loadConfig(cwd, singleValue('config', args.config));
  const dryRun = command === 'fix' && (args.dryRun ?? false);
  return {
    format,
    output: output === undefined ? undefined : await checkOutputPath(output, cwd),
    options: {
      paths: args.paths.length > 0 ? args.paths : ['.'],
      cwd,
      hosts: [...(config.hosts ?? []), ...args.host],
      defaultHosts: args.defaultHosts ?? config.defaultHosts ?? true,
      ignore: [...(config.ignore ?? []), ...args.ignore],
      includeTests: args.includeTests ?? config.includeTests ?? false,
      dryRun,
      fixInsecure: args.fixInsecure ?? config.fixInsecure ?? false,
      planFixes: formatNeedsChanges(format) || dryRun,
      maxFileBytes: maxFileSize === undefined ? config.maxFileSize : parseByteSize('--max-file-size', maxFileSize),
      staged: args.staged ?? false,
      reportUnusedSuppressions: args.reportUnusedSuppressions ?? false,
      shard: shard === undefined ? undefined : parseShard(shard),
    },
  };
}

async function execute(command: Command, args: CommonArgs, info: { name: string; version: string }): Promise<number> {
  const cwd = process.cwd();
  const settings = await settle(command, args, cwd);
  const progress = shouldShowProgress(process.stderr, process.env, args.progress) && !args.quiet ? progressLine(process.stderr) : undefined;
  // Not armed yet: until the first write a signal ends the process at once (see interrupt.ts).
  const interrupt = watchInterrupt(undefined, { armed: false });
  try {
    const result = await run({
      ...settings.options,
      command,
      onProgress: progress?.update,
      signal: interrupt.signal,
      beforeWrites: interrupt.arm,
      onWritten: (file) => written.push(reportPath(file, cwd)),
    }).finally(() => progress?.clear());
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
    color: args.color ?? (pc.isColorSupported && process.stdout.isTTY === true),
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
  const exitCode = exitCodeFor(result);
  if (!(args.quiet && exitCode === 0)) process.stdout.write(await formatReport(terminalFormat, result, context));
  if (result.interrupted) {
    process.stderr.write(`wechat-unpin: ${interruptionMessage(result.interrupted)}\n`);
    return INTERRUPTED_EXIT_CODE;
  }
  return exitCode;
}

/**
 * DESIGN.md's exit codes: 1 when something is left for the user. Under scan that is any finding not
 * suppressed; under fix, whatever was not fixed (needs-review, an insecure setting left without
 * --fix-insecure, and under --dry-run every change that would be made, since nothing was).
 */
function exitCodeFor(result: RunResult): number {
  const open = result.findings.filter((finding) => finding.status !== 'suppressed' && finding.status !== 'fixed');
  return open.length > 0 ? 1 : 0;
}

async function start(): Promise<void> {
  try {
    process.exitCode = await main(hideBin(process.argv));
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
