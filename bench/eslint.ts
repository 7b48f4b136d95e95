// Issue 15, item 6: what the ESLint plugin adds to a plain `eslint` run of a 200-file project. The
// project is the bench's planted WeChat modules plus real JavaScript from node_modules, with a
// package.json at its root (the plugin's project root). Both runs lint the same files with ESLint's
// own recommended rules; the plugin's run adds wechat-unpin's recommended config. Run alone with
// `node --import tsx bench/eslint.ts [--runs N]`; `npm run bench` runs it as one of its scenarios.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { ensureBuilt } from './build.ts';
import { dependencyFiles, visiblePath, type SourceFile } from './corpus.ts';
import { median, Runner, type Command, type Measurement } from './measure.ts';
import { PLANTS } from './plants.ts';
import { formatSeconds, scenarioTable, type TargetCheck } from './report.ts';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const ESLINT_PROJECT_FILES = 200;
/** Issue 15's target: the plugin adds at most this share to a plain eslint run. */
const MAX_OVERHEAD = 0.3;
const PLAIN = 'eslint (js recommended)';
const WITH_PLUGIN = 'eslint + wechat-unpin';

/**
 * A project of `count` source files: the plants in src/wechat/ and, for the rest, ordinary JavaScript
 * modules (2–40 KB, as hand-written code is) sampled evenly from node_modules into src/lib/.
 */
export function buildEslintProject(root: string, sources: readonly SourceFile[], count: number): void {
  rmSync(root, { recursive: true, force: true });
  const put = (relative: string, text: string): void => {
    mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
    writeFileSync(path.join(root, relative), text);
  };
  put('package.json', '{ "name": "bench-eslint-app", "private": true }\n');
  for (const plant of PLANTS) put(path.join('src', 'wechat', plant.path), plant.text);
  const ordinary = sources.filter((source) => /\.(js|cjs)$/.test(source.relative) && source.size > 2_000 && source.size < 40_000);
  const wanted = count - PLANTS.length;
  if (ordinary.length < wanted) throw new Error(`found ${ordinary.length} ordinary JavaScript files in node_modules; need ${wanted}`);
  for (let index = 0; index < wanted; index++) {
    const source = ordinary[Math.floor((index * ordinary.length) / wanted)]!;
    put(path.join('src', 'lib', visiblePath(source.relative)), readFileSync(source.absolute, 'utf8'));
  }
  const js = pathToFileURL(path.join(REPO, 'node_modules', '@eslint', 'js', 'src', 'index.js')).href;
  const plugin = pathToFileURL(path.join(REPO, 'dist', 'src', 'eslint', 'index.js')).href;
  // .js and .cjs files here are CommonJS (the plants' .mjs are modules, ESLint's default); no-undef noise is not what is measured.
  const base = "{ files: ['**/*.js', '**/*.cjs'], languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable', exports: 'writable', process: 'readonly', __dirname: 'readonly', Buffer: 'readonly', console: 'readonly' } } }";
  put('eslint.plain.mjs', `import js from ${JSON.stringify(js)};\nexport default [js.configs.recommended, ${base}];\n`);
  put(
    'eslint.plugin.mjs',
    `import js from ${JSON.stringify(js)};\nimport wechatUnpin from ${JSON.stringify(plugin)};\nexport default [js.configs.recommended, ${base}, wechatUnpin.configs.recommended];\n`,
  );
}

function eslintCommand(tool: string, config: string, root: string): Command {
  return {
    tool,
    file: process.execPath,
    args: [path.join(REPO, 'node_modules', 'eslint', 'bin', 'eslint.js'), '--config', config, '--format', 'json', '--no-warn-ignored', 'src'],
    cwd: root,
    okCodes: [0, 1],
    summarize: (stdout) => {
      const results = JSON.parse(stdout) as Array<{ messages: Array<{ ruleId: string | null }> }>;
      const ours = results.flatMap((result) => result.messages).filter((message) => message.ruleId?.startsWith('wechat-unpin/')).length;
      return `${results.length} files linted, ${ours} wechat-unpin problems`;
    },
  };
}

export interface EslintOverhead {
  section: string;
  check: TargetCheck;
}

/** Measures both runs in rounds and returns the Markdown section and the target check. */
export function measureEslintOverhead(runner: Runner, work: string, runs: number, log: (line: string) => void): EslintOverhead {
  const root = path.join(work, 'eslint-200');
  buildEslintProject(root, dependencyFiles(path.join(REPO, 'node_modules')), ESLINT_PROJECT_FILES);
  log(`eslint: ${ESLINT_PROJECT_FILES} files, plain and with the plugin ×${runs}…`);
  const rows: Measurement[] = runner.measureRounds([
    { command: eslintCommand(PLAIN, 'eslint.plain.mjs', root), runs, warmup: 1 },
    { command: eslintCommand(WITH_PLUGIN, 'eslint.plugin.mjs', root), runs, warmup: 1 },
  ]);
  for (const row of rows) log(`    ${row.tool}: median ${formatSeconds(row.wallMs)}; ${row.result}`);
  const [plain, withPlugin] = rows as [Measurement, Measurement];
  const overhead = withPlugin.wallMs / plain.wallMs - 1;
  const cpu = cpuMedians([eslintCommand(PLAIN, 'eslint.plain.mjs', root), eslintCommand(WITH_PLUGIN, 'eslint.plugin.mjs', root)], runs);
  const cpuNote = cpu
    ? ` CPU time (user + system, GNU time, medians of ${runs}): ${formatSeconds(cpu[0]!)} plain, ${formatSeconds(cpu[1]!)} with the plugin (+${((cpu[1]! / cpu[0]! - 1) * 100).toFixed(0)}%); ` +
      'the scanner runs in a worker thread, so on an idle second core the wall-time cost is lower than the CPU cost, and on a busy machine it approaches it.'
    : '';
  if (cpu) log(`    CPU: ${formatSeconds(cpu[0]!)} plain, ${formatSeconds(cpu[1]!)} with the plugin`);
  const check: TargetCheck = {
    target: `ESLint plugin on ${ESLINT_PROJECT_FILES} files adds ≤ ${MAX_OVERHEAD * 100}% to plain eslint (issue 15)`,
    measured: `+${(overhead * 100).toFixed(0)}% (${formatSeconds(withPlugin.wallMs)} vs ${formatSeconds(plain.wallMs)})`,
    factor: overhead <= MAX_OVERHEAD ? `${(MAX_OVERHEAD / Math.max(overhead, 0.001)).toFixed(1)}× under` : `${(overhead / MAX_OVERHEAD).toFixed(1)}× over`,
    pass: overhead <= MAX_OVERHEAD,
  };
  const section = scenarioTable({
    title: `ESLint plugin (${ESLINT_PROJECT_FILES} files)`,
    description:
      `\`eslint src\` over a project of ${ESLINT_PROJECT_FILES} files (the ${PLANTS.length} planted WeChat modules, the rest ordinary JavaScript from node_modules), ` +
      "with ESLint's own recommended rules, and the same with `wechat-unpin/eslint`'s recommended config added (bench/eslint.ts). " +
      `The plugin adds ${(overhead * 100).toFixed(0)}% wall time.${cpuNote}`,
    rows,
    reference: PLAIN,
  });
  return { section, check };
}

const GNU_TIME = '/usr/bin/time';

/**
 * Median CPU seconds (user + system, children included) of each command, in rounds; undefined without
 * GNU time. Wall time is the target, but on a shared machine it moves with other work: CPU time shows
 * what the plugin itself costs.
 */
function cpuMedians(commands: readonly Command[], runs: number): number[] | undefined {
  if (!existsSync(GNU_TIME)) return undefined;
  const samples = commands.map(() => [] as number[]);
  const output = path.join(os.tmpdir(), `wechat-unpin-bench-cpu-${process.pid}.txt`);
  for (let round = 0; round < runs; round++) {
    commands.forEach((command, index) => {
      spawnSync(GNU_TIME, ['-f', '%U %S', '-o', output, command.file, ...command.args], { cwd: command.cwd, stdio: 'ignore' });
      const [user, system] = (readFileSync(output, 'utf8').trim().split('\n').at(-1) ?? '').split(' ').map(Number);
      if (Number.isFinite(user) && Number.isFinite(system)) samples[index]!.push((user! + system!) * 1000);
    });
  }
  rmSync(output, { force: true });
  return samples.every((list) => list.length > 0) ? samples.map(median) : undefined;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' } } });
  const built = ensureBuilt(REPO);
  if (built) process.stderr.write(`built dist first: ${built}\n`);
  const work = path.join(os.tmpdir(), `wechat-unpin-bench-eslint-${process.pid}`);
  const runner = new Runner();
  try {
    const { section, check } = measureEslintOverhead(runner, work, Number(values.runs), (line) => process.stderr.write(`${line}\n`));
    process.stdout.write(`${section}\n\n${check.pass ? 'PASS' : 'MISS'}: ${check.target}: ${check.measured}\n`);
  } finally {
    runner.dispose();
    rmSync(work, { recursive: true, force: true });
  }
}
