// The built CLI on copies of the sample app: findings, statuses, positions, exit codes, the JSON
// schema, and the exact files `fix` writes. Needs `npm run build` first (npm test does it).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';

const ROOT = path.join(import.meta.dirname, '..');
const CLI = path.join(ROOT, 'dist', 'src', 'cli.js');
const SAMPLE = path.join(ROOT, 'fixtures', 'sample-app');
const SAMPLE_EXPECTED = path.join(ROOT, 'fixtures', 'sample-app.expected');
const temps: string[] = [];

after(() => temps.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function copySample(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'wechat-unpin-cli-'));
  temps.push(dir);
  cpSync(SAMPLE, dir, { recursive: true });
  return dir;
}

function cli(cwd: string, ...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function listFiles(dir: string, prefix = ''): string[] {
  return readdirSync(path.join(dir, prefix), { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? listFiles(dir, path.join(prefix, entry.name)) : [path.join(prefix, entry.name)],
  );
}

interface JsonFinding {
  file: string;
  line: number;
  column: number;
  kind: string;
  status: string;
}

const SAMPLE_FINDINGS = [
  { file: 'src/pay/notify.js', line: 11, column: 7, kind: 'insecure-tls', status: 'fixable' },
  { file: 'src/pay/refund.js', line: 12, column: 3, kind: 'pinned-ca', status: 'fixable' },
  { file: 'src/wechat/media.js', line: 6, column: 39, kind: 'pinned-ca', status: 'needs-review' },
  { file: 'src/wechat/message.ts', line: 11, column: 33, kind: 'pinned-ca', status: 'fixable' },
  { file: 'src/wechat/token.js', line: 12, column: 3, kind: 'pinned-ca', status: 'fixable' },
];

function essentials(findings: JsonFinding[]): JsonFinding[] {
  return findings.map(({ file, line, column, kind, status }) => ({ file, line, column, kind, status }));
}

describe('wechat-unpin scan', { skip: !existsSync(CLI) && 'dist/src/cli.js is missing: run npm run build' }, () => {
  test('reports the sample app findings in JSON schemaVersion 1, exit 1', () => {
    if (!existsSync(CLI)) return;
    const dir = copySample();
    const { status, stdout } = cli(dir, 'scan', '--format', 'json');
    assert.equal(status, 1);
    const report = JSON.parse(stdout);
    assert.equal(report.schemaVersion, 1);
    assert.deepEqual(Object.keys(report), ['schemaVersion', 'tool', 'command', 'summary', 'findings', 'errors', 'unusedCertificates', 'notes']);
    assert.equal(report.tool.name, 'wechat-unpin');
    assert.equal(report.command, 'scan');
    assert.deepEqual(Object.keys(report.summary), ['filesMatched', 'filesParsed', 'filesWithoutWeChatEvidence', 'filesChanged', 'findings', 'byStatus', 'errors', 'durationMs']);
    assert.deepEqual(report.summary.findings, { 'pinned-ca': 4, 'insecure-tls': 1 });
    assert.deepEqual(report.summary.byStatus, { fixable: 4, fixed: 0, 'needs-review': 1, suppressed: 0 });
    assert.deepEqual(essentials(report.findings), SAMPLE_FINDINGS);
    for (const finding of report.findings) {
      for (const key of ['id', 'kind', 'status', 'file', 'line', 'column', 'endLine', 'endColumn', 'hosts', 'client', 'message', 'evidence']) {
        assert.ok(key in finding, `finding lacks ${key}`);
      }
      assert.match(finding.id, /^[0-9a-f]{16}$/);
    }
    const token = report.findings.find((finding: JsonFinding) => finding.file === 'src/wechat/token.js');
    assert.deepEqual(token.hosts, ['api.weixin.qq.com']);
    assert.equal(token.certificate.file, 'certs/wx-root.pem');
    assert.equal(token.certificate.abandonedRoot, 'DigiCert Global Root CA');
    assert.ok(token.evidence.some((item: { file: string }) => item.file === 'src/config.js'), 'the host constant lives in config.js');
    // The test file's pin and the internal service's CA are not findings.
    assert.ok(!report.findings.some((finding: JsonFinding) => finding.file.startsWith('test/') || finding.file.includes('inventory')));
  });

  test('--include-tests brings test code back', () => {
    const dir = copySample();
    const report = JSON.parse(cli(dir, 'scan', '--format', 'json', '--include-tests').stdout);
    assert.ok(report.findings.some((finding: JsonFinding) => finding.file === 'test/token.test.js'));
  });

  test('ids are stable across runs and unaffected by edits elsewhere in the file', () => {
    const dir = copySample();
    const before = JSON.parse(cli(dir, 'scan', '--format', 'json').stdout);
    const file = path.join(dir, 'src/wechat/token.js');
    writeFileSync(file, `// a new first line\n${readFileSync(file, 'utf8')}`);
    const afterEdit = JSON.parse(cli(dir, 'scan', '--format', 'json').stdout);
    assert.deepEqual(
      afterEdit.findings.map((finding: { id: string }) => finding.id),
      before.findings.map((finding: { id: string }) => finding.id),
    );
  });

  test('node_modules is never entered and .gitignore is honoured, nested ones too', () => {
    const dir = copySample();
    const pin = "const https = require('https');\nnew https.Agent({ ca: 'x' });\nhttps.get('https://api.weixin.qq.com/x', { agent: new https.Agent({ ca: 'y' }) });\n";
    for (const place of ['node_modules/wx-sdk/index.js', 'generated/pin.js', 'src/vendor/pin.js']) {
      mkdirSync(path.dirname(path.join(dir, place)), { recursive: true });
      writeFileSync(path.join(dir, place), pin);
    }
    writeFileSync(path.join(dir, '.gitignore'), 'generated/\n');
    writeFileSync(path.join(dir, 'src/.gitignore'), 'vendor/\n');
    const report = JSON.parse(cli(dir, 'scan', '--format', 'json').stdout);
    assert.deepEqual(essentials(report.findings), SAMPLE_FINDINGS);
  });

  test('a file named explicitly is scanned even inside a test folder', () => {
    const dir = copySample();
    const report = JSON.parse(cli(dir, 'scan', 'test/token.test.js', '--format', 'json').stdout);
    assert.deepEqual(report.findings.map((finding: JsonFinding) => finding.file), ['test/token.test.js']);
  });

  test('--no-default-hosts with --host looks only for that host', () => {
    const dir = copySample();
    const report = JSON.parse(cli(dir, 'scan', '--format', 'json', '--no-default-hosts', '--host', 'inventory.internal.example.com').stdout);
    assert.deepEqual(essentials(report.findings), [
      { file: 'src/internal/inventory.ts', line: 10, column: 69, kind: 'pinned-ca', status: 'fixable' },
    ]);
  });

  test('a path after a repeatable option is a path, not another value (--host X src/internal; --ignore G src/internal)', () => {
    const dir = copySample();
    for (const option of [['--host', 'inventory.internal.example.com'], ['--ignore', 'nothing/**']]) {
      const report = JSON.parse(cli(dir, 'scan', '--format', 'json', '--no-default-hosts', '--host', 'inventory.internal.example.com', ...option, 'src/internal').stdout);
      assert.deepEqual(
        [...new Set(report.findings.map((finding: JsonFinding) => finding.file.split('/').slice(0, 2).join('/')))],
        ['src/internal'],
        `${option[0]} took src/internal as a value`,
      );
    }
  });

  test('text report groups by file and ends with what to do next', () => {
    const dir = copySample();
    const { status, stdout } = cli(dir, 'scan');
    assert.equal(status, 1);
    assert.match(stdout, /^src\/pay\/notify\.js$/m);
    assert.match(stdout, /4 fixable, 1 needs-review in 7 files/);
    assert.match(stdout.trimEnd().split('\n').at(-1) ?? '', /wechat-unpin fix/);
  });

  test('a project without pins exits 0', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'wechat-unpin-clean-'));
    temps.push(dir);
    writeFileSync(path.join(dir, 'index.js'), "console.log('hello');\n");
    const { status, stdout } = cli(dir, 'scan');
    assert.equal(status, 0);
    assert.match(stdout, /no findings/);
  });
});

describe('wechat-unpin fix', { skip: !existsSync(CLI) && 'dist/src/cli.js is missing: run npm run build' }, () => {
  test('writes exactly the expected files, leaves the rest byte-identical, and is idempotent', () => {
    const dir = copySample();
    const first = cli(dir, 'fix', '--format', 'json');
    // The insecure setting stays without --fix-insecure, and media.js needs review: exit 1.
    assert.equal(first.status, 1);
    const report = JSON.parse(first.stdout);
    assert.equal(report.summary.filesChanged, 3);
    assert.deepEqual(report.summary.byStatus, { fixable: 1, fixed: 3, 'needs-review': 1, suppressed: 0 });
    // media.js (needs review) still reads wx-root.pem, so it is not listed.
    assert.deepEqual(report.unusedCertificates, []);
    for (const file of listFiles(SAMPLE)) {
      const expectedPath = path.join(SAMPLE_EXPECTED, file);
      const expected = readFileSync(existsSync(expectedPath) ? expectedPath : path.join(SAMPLE, file));
      assert.ok(readFileSync(path.join(dir, file)).equals(expected), `${file} differs from what fix must write`);
    }
    const second = JSON.parse(cli(dir, 'fix', '--format', 'json').stdout);
    assert.equal(second.summary.filesChanged, 0);
    assert.equal(second.summary.byStatus.fixed, 0);
  });

  test('--fix-insecure also removes the turned-off check; exit 1 for the review left', () => {
    const dir = copySample();
    const { status } = cli(dir, 'fix', '--fix-insecure');
    assert.equal(status, 1);
    assert.doesNotMatch(readFileSync(path.join(dir, 'src/pay/notify.js'), 'utf8'), /rejectUnauthorized/);
  });

  test('--dry-run prints a diff, writes nothing, exits 1', () => {
    const dir = copySample();
    const { status, stdout } = cli(dir, 'fix', '--dry-run');
    assert.equal(status, 1);
    assert.match(stdout, /^--- a\/src\/wechat\/token\.js$/m);
    for (const file of listFiles(SAMPLE)) {
      assert.ok(readFileSync(path.join(dir, file)).equals(readFileSync(path.join(SAMPLE, file))), `${file} was written`);
    }
  });
});

describe('bad usage exits 2 and writes nothing', { skip: !existsSync(CLI) && 'dist/src/cli.js is missing: run npm run build' }, () => {
  test('a path that does not exist', () => {
    const dir = copySample();
    const { status, stderr } = cli(dir, 'fix', 'no/such/dir');
    assert.equal(status, 2);
    assert.match(stderr, /path not found: no\/such\/dir/);
    assert.ok(readFileSync(path.join(dir, 'src/wechat/token.js')).equals(readFileSync(path.join(SAMPLE, 'src/wechat/token.js'))));
  });

  test('an unknown option', () => {
    const { status, stderr } = cli(ROOT, 'scan', '--frobnicate');
    assert.equal(status, 2);
    assert.match(stderr, /Unknown argument: frobnicate/);
  });

  test('a host pattern that is not a host', () => {
    const { status, stderr } = cli(ROOT, 'scan', 'fixtures/sample-app', '--host', 'not a host!');
    assert.equal(status, 2);
    assert.match(stderr, /--host "not a host!" is not a host name/);
  });

  test('--help and --version', () => {
    assert.match(cli(ROOT, '--help').stdout, /wechat-unpin scan \[paths\.\.\]/);
    assert.equal(cli(ROOT, '--version').stdout.trim(), JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version);
  });
});

describe('the transform under the stock jscodeshift runner', () => {
  const runner = path.join(ROOT, 'node_modules', 'jscodeshift', 'bin', 'jscodeshift.js');
  test('finds its own targets within a file and cuts only the pin', { skip: !existsSync(runner) && 'jscodeshift is not installed' }, () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'wechat-unpin-runner-'));
    temps.push(dir);
    const input = readFileSync(path.join(ROOT, 'fixtures/transforms/inline-first/input.js'), 'utf8');
    const expected = readFileSync(path.join(ROOT, 'fixtures/transforms/inline-first/output.js'), 'utf8');
    const internal = "const https = require('https');\nconst agent = new https.Agent({ ca: 'x' });\nhttps.get('https://intranet.example.com/', { agent });\n";
    writeFileSync(path.join(dir, 'wechat.js'), input);
    writeFileSync(path.join(dir, 'internal.js'), internal);
    const result = spawnSync(
      process.execPath,
      [runner, '-t', path.join(ROOT, 'transforms/remove-pinned-ca.ts'), '--parser=tsx', '--run-in-band', dir],
      { cwd: ROOT, encoding: 'utf8' },
    );
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /1 ok/);
    assert.equal(readFileSync(path.join(dir, 'wechat.js'), 'utf8'), expected);
    assert.equal(readFileSync(path.join(dir, 'internal.js'), 'utf8'), internal);
  });
});
