// Every report format on the sample app, through the built CLI: SARIF validates against the schema,
// the diff applies with `git apply` and yields exactly what fix writes, Markdown lists the changes.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { schemaValidator } from './helpers/sarif-schema.ts';

const ROOT = path.join(import.meta.dirname, '..');
const CLI = path.join(ROOT, 'dist', 'src', 'cli.js');
const SAMPLE = path.join(ROOT, 'fixtures', 'sample-app');
const EXPECTED = path.join(ROOT, 'fixtures', 'sample-app.expected');
const temps: string[] = [];
after(() => temps.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function copySample(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'wechat-unpin-formats-'));
  temps.push(dir);
  cpSync(SAMPLE, dir, { recursive: true });
  return dir;
}

function cli(cwd: string, ...args: string[]): { status: number | null; stdout: string } {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { status: result.status, stdout: result.stdout };
}

describe('report formats on the sample app', { skip: !existsSync(CLI) && 'dist/src/cli.js is missing: run npm run build' }, () => {
  test('SARIF validates against the SARIF 2.1.0 schema and carries every finding', () => {
    const { status, stdout } = cli(copySample(), 'scan', '--format', 'sarif');
    assert.equal(status, 1);
    const log = JSON.parse(stdout);
    assert.deepEqual(schemaValidator()(log), []);
    const results = log.runs[0].results as Array<{ ruleId: string; locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }>; fixes?: unknown[] }>;
    assert.equal(results.length, 5);
    const token = results.find((result) => result.locations[0]!.physicalLocation.artifactLocation.uri === 'src/wechat/token.js');
    assert.equal(token?.ruleId, 'pinned-ca');
    assert.ok(token?.fixes && token.fixes.length > 0, 'a fixable finding carries its fix');
  });

  test('SARIF names a category per shard, and the shards together carry every finding once', () => {
    const dir = copySample();
    const whole = JSON.parse(cli(dir, 'scan', '--format', 'sarif').stdout);
    assert.deepEqual(whole.runs[0].automationDetails, { id: 'wechat-unpin/' });
    const ids = (log: { runs: Array<{ results: Array<{ fingerprints: Record<string, string> }> }> }): string[] =>
      log.runs[0]!.results.map((result) => result.fingerprints['wechatUnpinFindingId/v1']!);
    const union: string[] = [];
    for (const index of [1, 2, 3]) {
      const log = JSON.parse(cli(dir, 'scan', '--format', 'sarif', '--shard', `${index}/3`).stdout);
      assert.deepEqual(schemaValidator()(log), []);
      assert.deepEqual(log.runs[0].automationDetails, { id: `wechat-unpin/shard-${index}-of-3/` });
      union.push(...ids(log));
    }
    assert.deepEqual(union.sort(), ids(whole).sort());
  });

  test('--output writes the chosen format to the file and the terminal keeps the text report', () => {
    const dir = copySample();
    const { stdout } = cli(dir, 'scan', '--format', 'sarif', '--output', 'report.sarif');
    assert.match(stdout, /4 fixable, 1 needs-review/);
    assert.deepEqual(schemaValidator()(JSON.parse(readFileSync(path.join(dir, 'report.sarif'), 'utf8'))), []);
  });

  test('Markdown has the counts, a change per file and the needs-review reason', () => {
    const { stdout } = cli(copySample(), 'scan', '--format', 'markdown');
    for (const file of ['src/wechat/token.js', 'src/wechat/message.ts', 'src/pay/refund.js', 'src/wechat/media.js']) {
      assert.ok(stdout.includes(file), `the report names ${file}`);
    }
    assert.match(stdout, /cdn\.example\.com|not WeChat/);
    assert.match(stdout, /testcert/);
  });

  test('the dry-run diff applies with git apply and gives exactly what fix writes', () => {
    const dir = copySample();
    const { status, stdout: diff } = cli(dir, 'fix', '--dry-run', '--format', 'diff');
    assert.equal(status, 1);
    execFileSync('git', ['init', '-q'], { cwd: dir });
    writeFileSync(path.join(dir, 'changes.diff'), diff);
    execFileSync('git', ['apply', '--check', 'changes.diff'], { cwd: dir });
    execFileSync('git', ['apply', 'changes.diff'], { cwd: dir });
    const changed = readdirSync(EXPECTED, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
    assert.equal(changed.length, 3);
    for (const entry of changed) {
      const relative = path.relative(EXPECTED, path.join(entry.parentPath, entry.name));
      assert.equal(readFileSync(path.join(dir, relative), 'utf8'), readFileSync(path.join(EXPECTED, relative), 'utf8'), relative);
    }
  });
});
