// The ESLint plugin end to end, through the eslint CLI and the built package: on copies of the sample
// app, `eslint` with the recommended config reports what `wechat-unpin scan` reports (rule, line,
// column, end), and `eslint --fix` writes what `wechat-unpin fix` writes, byte for byte.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';

const ROOT = path.join(import.meta.dirname, '..');
const CLI = path.join(ROOT, 'dist', 'src', 'cli.js');
const PLUGIN = path.join(ROOT, 'dist', 'src', 'eslint', 'index.js');
const ESLINT = path.join(ROOT, 'node_modules', 'eslint', 'bin', 'eslint.js');
const SAMPLE = path.join(ROOT, 'fixtures', 'sample-app');
const RULE_KIND: Record<string, string> = { 'wechat-unpin/no-pinned-ca': 'pinned-ca', 'wechat-unpin/no-insecure-tls': 'insecure-tls' };

/**
 * The sample app has a .ts file, and ESLint's own parser reads JavaScript only. typescript-eslint's
 * parser would be the user's choice, but it needs TypeScript's JavaScript API, which this repository's
 * TypeScript 7 no longer has. The rules read only the text and the file name, so for .ts files this
 * test gives ESLint an empty program of the right extent (no comments: no eslint-disable in them).
 */
const TEXT_ONLY_PARSER = `
export function parseForESLint(text) {
  const lines = text.split(/\\r\\n|[\\r\\n\\u2028\\u2029]/);
  const loc = { start: { line: 1, column: 0 }, end: { line: lines.length, column: lines.at(-1).length } };
  return { ast: { type: 'Program', sourceType: 'module', body: [], range: [0, text.length], loc, tokens: [], comments: [] } };
}
`;

const temps: string[] = [];
after(() => temps.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A copy of the sample app at `<temp>/app`, with the ESLint config beside it (outside the tree both tools compare). */
function copySample(ruleOptions: object = {}): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'wechat-unpin-eslint-'));
  temps.push(dir);
  cpSync(SAMPLE, path.join(dir, 'app'), { recursive: true });
  writeFileSync(path.join(dir, 'text-only-parser.mjs'), TEXT_ONLY_PARSER);
  writeFileSync(
    path.join(dir, 'eslint.config.mjs'),
    [
      `import wechatUnpin from ${JSON.stringify(pathToFileURL(PLUGIN).href)};`,
      "import * as textOnly from './text-only-parser.mjs';",
      'export default [',
      '  wechatUnpin.configs.recommended,',
      "  { files: ['**/*.ts'], languageOptions: { parser: textOnly } },",
      `  { rules: { 'wechat-unpin/no-insecure-tls': ['error', ${JSON.stringify(ruleOptions)}] } },`,
      '];',
      '',
    ].join('\n'),
  );
  return path.join(dir, 'app');
}

function run(cwd: string, args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, args, { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function eslint(app: string, ...args: string[]): ReturnType<typeof run> {
  return run(app, [ESLINT, '--config', path.join(app, '..', 'eslint.config.mjs'), '--no-warn-ignored', ...args, '.']);
}

type Place = [file: string, kind: string, line: number, column: number, endLine: number, endColumn: number];

function eslintFindings(app: string): Place[] {
  const { stdout, stderr } = eslint(app, '-f', 'json');
  const results = JSON.parse(stdout || '[]') as Array<{ filePath: string; messages: Array<{ ruleId: string | null; message: string; line: number; column: number; endLine: number; endColumn: number }> }>;
  return results
    .flatMap((result) =>
      result.messages.map((message): Place => {
        assert.ok(message.ruleId && RULE_KIND[message.ruleId], `only the plugin's rules report (got ${message.ruleId}: ${message.message}; ${stderr})`);
        return [path.relative(app, result.filePath).split(path.sep).join('/'), RULE_KIND[message.ruleId]!, message.line, message.column, message.endLine, message.endColumn];
      }),
    )
    .sort();
}

function scanFindings(app: string): Place[] {
  const report = JSON.parse(run(app, [CLI, 'scan', '--format', 'json']).stdout) as { findings: Array<{ file: string; kind: string; status: string; line: number; column: number; endLine: number; endColumn: number }> };
  return report.findings
    .filter((finding) => finding.status !== 'suppressed')
    .map((finding): Place => [finding.file, finding.kind, finding.line, finding.column, finding.endLine, finding.endColumn])
    .sort();
}

/** Every file under `dir`, relative path → bytes as text. */
function tree(dir: string, below = ''): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of readdirSync(path.join(dir, below), { withFileTypes: true })) {
    const relative = path.join(below, entry.name);
    if (entry.isDirectory()) for (const [file, text] of tree(dir, relative)) files.set(file, text);
    else files.set(relative, readFileSync(path.join(dir, relative), 'latin1'));
  }
  return files;
}

const missing = !existsSync(PLUGIN) ? 'dist/src/eslint/index.js is missing: run npm run build' : !existsSync(ESLINT) && 'eslint is not installed';

describe('the eslint CLI with wechat-unpin/eslint on the sample app', { skip: missing }, () => {
  test('`import("wechat-unpin/eslint")` resolves to the built plugin (package.json exports)', async () => {
    const entry = (await import('wechat-unpin/eslint' as string)) as typeof import('../src/eslint/index.ts');
    assert.deepEqual(Object.keys(entry.default.rules).sort(), ['no-insecure-tls', 'no-pinned-ca']);
    assert.equal(entry.default.configs.recommended.plugins?.['wechat-unpin'], entry.default);
  });

  test('reports the findings `wechat-unpin scan` reports: rule, line, column and end', () => {
    const app = copySample();
    const expected = scanFindings(app);
    assert.equal(expected.length, 5, 'the sample app has five findings');
    assert.deepEqual(eslintFindings(app), expected);
  });

  test('a suppression comment of either kind silences the finding below it', () => {
    const app = copySample();
    const token = path.join(app, 'src', 'wechat', 'token.js');
    const refund = path.join(app, 'src', 'pay', 'refund.js');
    const lines = (file: string): string[] => readFileSync(file, 'utf8').split('\n');
    const insertAbove = (file: string, line: number, comment: string): void => {
      const text = lines(file);
      text.splice(line - 1, 0, comment);
      writeFileSync(file, text.join('\n'));
    };
    insertAbove(token, 12, '  // wechat-unpin-ignore-next-line -- pinned on purpose');
    insertAbove(refund, 12, '  // eslint-disable-next-line wechat-unpin/no-pinned-ca');
    const places = eslintFindings(app).map(([file, kind]) => `${file} ${kind}`);
    assert.deepEqual(places, ['src/pay/notify.js insecure-tls', 'src/wechat/media.js pinned-ca', 'src/wechat/message.ts pinned-ca']);
  });

  test('`eslint --fix` writes the files `wechat-unpin fix` writes', () => {
    const byEslint = copySample();
    const byCli = copySample();
    eslint(byEslint, '--fix');
    run(byCli, [CLI, 'fix']);
    const fixed = tree(byCli);
    assert.notDeepEqual(fixed, tree(SAMPLE), 'wechat-unpin fix changes the sample app');
    assert.deepEqual(tree(byEslint), fixed);
  });

  test('with fixInsecure, `eslint --fix` writes what `wechat-unpin fix --fix-insecure` writes', () => {
    const byEslint = copySample({ fixInsecure: true });
    const byCli = copySample();
    eslint(byEslint, '--fix');
    run(byCli, [CLI, 'fix', '--fix-insecure']);
    const fixed = tree(byCli);
    const notify = path.join('src', 'pay', 'notify.js');
    assert.notEqual(fixed.get(notify), tree(SAMPLE).get(notify), '--fix-insecure removes the turned-off check');
    assert.deepEqual(tree(byEslint), fixed);
  });
});
