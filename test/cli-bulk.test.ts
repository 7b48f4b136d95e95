// The README's bulk recipe (docs/bulk/wechat-unpin-fix.sh) run the way multi-gitter runs a script:
// a fresh clone of each repository, the script in its root, and a commit on a new branch (the pull
// request) only when it exits 0 and changed files. multi-gitter and turbolift themselves are Go
// programs that neither npm nor Debian packages, so this emulates their contract on two local
// repositories.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, test } from 'node:test';
import { CLI, git, GIT_ENV, NO_CLI, read, ROOT, SPLIT_PIN, SPLIT_PIN_FIXED, tempProject } from './helpers/cli-repo.ts';

const SCRIPT = path.join(ROOT, 'docs', 'bulk', 'wechat-unpin-fix.sh');

/** One needs-review finding: the CA also serves cdn.example.com. */
const MIXED = [
  "const https = require('https');",
  "const fs = require('fs');",
  "const agent = new https.Agent({ ca: fs.readFileSync('x.pem') });",
  "https.get('https://api.weixin.qq.com/cgi-bin/token', { agent });",
  "https.get('https://cdn.example.com/media', { agent });",
  '',
].join('\n');

/** What multi-gitter does with one repository: clone, run, and branch + commit on exit 0 with changes. */
function multiGitterRun(origin: string): { exitCode: number | null; pullRequest: boolean; clone: string; stdout: string } {
  const work = tempProject({});
  const clone = path.join(work, 'clone');
  git(work, 'clone', '-q', origin, clone);
  const run = spawnSync(SCRIPT, [], { cwd: clone, encoding: 'utf8', env: { ...GIT_ENV, NO_COLOR: '1', WECHAT_UNPIN: `${process.execPath} ${CLI}` } });
  const changed = git(clone, 'status', '--porcelain') !== '';
  const pullRequest = run.status === 0 && changed;
  if (pullRequest) {
    git(clone, 'checkout', '-q', '-b', 'wechat-unpin');
    git(clone, 'commit', '-q', '-am', 'Remove pinned WeChat CAs');
  }
  return { exitCode: run.status, pullRequest, clone, stdout: run.stdout };
}

describe('bulk recipe (multi-gitter contract)', { skip: NO_CLI }, () => {
  test('two repositories: the one with a safe pin (and a review) gets a pull request, the clean one none', () => {
    const withPin = tempProject({ ...SPLIT_PIN, 'src/mixed.js': MIXED }, { git: true });
    const clean = tempProject({ 'src/hosts.js': SPLIT_PIN['src/hosts.js']! }, { git: true });

    const first = multiGitterRun(withPin);
    assert.equal(first.exitCode, 0, first.stdout);
    assert.equal(first.pullRequest, true);
    assert.equal(read(first.clone, 'src/client.js'), SPLIT_PIN_FIXED);
    assert.equal(read(first.clone, 'src/mixed.js'), MIXED);
    assert.deepEqual(git(first.clone, 'diff', '--name-only', 'HEAD~1').trim().split('\n'), ['src/client.js']);
    assert.match(first.stdout, /src\/mixed\.js\n {2}3:33 +needs-review/);

    const second = multiGitterRun(clean);
    assert.equal(second.exitCode, 0, second.stdout);
    assert.equal(second.pullRequest, false);
  });

  test('a repository with an insecure setting left (no --fix-insecure) exits 1: skipped, no pull request', () => {
    const insecure = tempProject(
      {
        'src/notify.js': [
          "const https = require('https');",
          "const agent = new https.Agent({ rejectUnauthorized: false });",
          "https.get('https://api.mch.weixin.qq.com/v3/certificates', { agent });",
          '',
        ].join('\n'),
      },
      { git: true },
    );
    const run = multiGitterRun(insecure);
    assert.equal(run.exitCode, 1, run.stdout);
    assert.equal(run.pullRequest, false);
  });
});
