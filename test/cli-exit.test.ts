// The exit-code policy bulk tools and CI need (multi-gitter opens a pull request only on exit 0):
// --exit-zero, --max-review N, and --quiet. Runs the built CLI.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { cli, NO_CLI, read, SPLIT_PIN, SPLIT_PIN_FIXED, tempProject } from './helpers/cli-repo.ts';

/** One needs-review finding: the CA also serves cdn.example.com. */
const MIXED: Record<string, string> = {
  'src/mixed.js': [
    "const https = require('https');",
    "const fs = require('fs');",
    "const agent = new https.Agent({ ca: fs.readFileSync('x.pem') });",
    "https.get('https://api.weixin.qq.com/cgi-bin/token', { agent });",
    "https.get('https://cdn.example.com/media', { agent });",
    '',
  ].join('\n'),
};

describe('exit codes', { skip: NO_CLI }, () => {
  test('--exit-zero: findings left, exit 0, the report still printed', () => {
    const dir = tempProject({ ...SPLIT_PIN, ...MIXED });
    const plain = cli(dir, ['scan']);
    assert.equal(plain.status, 1);
    const zero = cli(dir, ['scan', '--exit-zero']);
    assert.equal(zero.status, 0);
    assert.equal(zero.stdout.replace(/in \d+ ms/, 'in N ms'), plain.stdout.replace(/in \d+ ms/, 'in N ms'));
  });

  test('--exit-zero does not hide a usage error (exit 2)', () => {
    const dir = tempProject(SPLIT_PIN);
    assert.equal(cli(dir, ['scan', '--exit-zero', 'missing.js']).status, 2);
  });

  test('--max-review N: needs-review findings up to N pass; over N, or anything fixable left, fail', () => {
    const dir = tempProject(MIXED);
    assert.equal(cli(dir, ['scan']).status, 1);
    assert.equal(cli(dir, ['scan', '--max-review', '1']).status, 0);
    assert.equal(cli(dir, ['scan', '--max-review', '0']).status, 1);
    const both = tempProject({ ...SPLIT_PIN, ...MIXED });
    // The fixable pin in src/client.js is not a review: scan still fails on it.
    assert.equal(cli(both, ['scan', '--max-review', '5']).status, 1);
  });

  test('fix --max-review: the safe pin is fixed, the review is left, exit 0 (a bulk pull request opens)', () => {
    const dir = tempProject({ ...SPLIT_PIN, ...MIXED });
    const run = cli(dir, ['fix', '--max-review', '1']);
    assert.equal(run.status, 0, `${run.stdout}${run.stderr}`);
    assert.equal(read(dir, 'src/client.js'), SPLIT_PIN_FIXED);
    assert.equal(read(dir, 'src/mixed.js'), MIXED['src/mixed.js']);
    assert.match(run.stdout, /needs-review/);
  });

  test('--max-review takes a whole number, once', () => {
    const dir = tempProject(MIXED);
    for (const bad of ['-1', 'many', '1.5', '']) {
      const run = cli(dir, ['scan', `--max-review=${bad}`]);
      assert.equal(run.status, 2, bad);
      assert.match(run.stderr, /^wechat-unpin: --max-review ".*" is not a count; give a whole number, 0 or more\n$/);
    }
    assert.equal(cli(dir, ['scan', '--max-review', '1', '--max-review', '2']).status, 2);
  });

  test('--quiet prints nothing when nothing is left, and the report when something is, even under --exit-zero', () => {
    const clean = tempProject({ 'src/hosts.js': SPLIT_PIN['src/hosts.js']! });
    const quietClean = cli(clean, ['scan', '--quiet']);
    assert.deepEqual([quietClean.status, quietClean.stdout, quietClean.stderr], [0, '', '']);
    const dir = tempProject(MIXED);
    const quiet = cli(dir, ['scan', '--quiet', '--exit-zero']);
    assert.equal(quiet.status, 0);
    assert.match(quiet.stdout, /^src\/mixed\.js\n {2}3:33 +needs-review/);
  });
});
