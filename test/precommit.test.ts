// The pre-commit hooks of .pre-commit-hooks.yaml, run by the real pre-commit framework (Debian package
// `pre-commit`; .ci/run installs it) in a temp git repository: a commit that adds a pin is rejected,
// a clean one passes, and in CI `pre-commit run --all-files` (or `--files`, `--from-ref/--to-ref`)
// fails on a pin already committed, even one whose host lives in a module it was not given.
// pre-commit installs this repository as a node package from its HEAD commit.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test, type TestContext } from 'node:test';

const ROOT = path.join(import.meta.dirname, '..');

function whyNot(): string | false {
  if (spawnSync('pre-commit', ['--version']).status !== 0) return 'pre-commit is not installed (apt-get install pre-commit; .ci/run does)';
  if (spawnSync('git', ['-C', ROOT, 'rev-parse', 'HEAD']).status !== 0) return 'this checkout has no commit for pre-commit to install';
  return false;
}

const skip = whyNot();
const work = mkdtempSync(path.join(tmpdir(), 'wechat-unpin-precommit-'));
after(() => { if (!process.env.KEEP) rmSync(work, { recursive: true, force: true }); });

// pre-commit installs the hook with `npm install -g <packed tarball>`, which resolves our dependency
// ranges afresh against the registry (npm ignores a shrinkwrap there). A registry that is mid-publish
// (a package naming a version not yet served: ETARGET) or unreachable is not this project's failure:
// retry, and skip with the registry's words if it never settles.
const REGISTRY_TROUBLE = /npm error code (ETARGET|ENOTFOUND|ETIMEDOUT|ECONNRESET|EAI_AGAIN|E5\d\d)/;

function installHooks(t: TestContext, repo: string, env: NodeJS.ProcessEnv): boolean {
  for (let attempt = 1; ; attempt++) {
    const install = spawnSync('pre-commit', ['install-hooks'], { cwd: repo, env, encoding: 'utf8' });
    const output = `${install.stdout}${install.stderr}`;
    if (install.status === 0) return true;
    const trouble = REGISTRY_TROUBLE.exec(output);
    assert.ok(trouble, `pre-commit could not install the hook:\n${output}`);
    if (attempt === 4) {
      t.skip(`the npm registry did not serve a consistent tree after ${attempt} tries (${trouble[1]})`);
      return false;
    }
    execFileSync('sleep', [String(20 * attempt)]);
  }
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8' });
}

/** A repository with the wechat-unpin hook installed, or undefined when the registry never settled. */
function hookedRepo(t: TestContext, name: string, hook = 'wechat-unpin'): { repo: string; env: NodeJS.ProcessEnv } | undefined {
  const repo = path.join(work, name);
  mkdirSync(path.join(repo, 'src'), { recursive: true });
  git(repo, 'init', '-q');
  git(repo, 'config', 'user.email', 'test@example.com');
  git(repo, 'config', 'user.name', 'test');
  const rev = git(ROOT, 'rev-parse', 'HEAD').trim();
  writeFileSync(
    path.join(repo, '.pre-commit-config.yaml'),
    `repos:\n  - repo: ${ROOT}\n    rev: ${rev}\n    hooks:\n      - id: ${hook}\n`,
  );
  const env = { ...process.env, PRE_COMMIT_HOME: path.join(work, 'cache'), NO_COLOR: '1' };
  execFileSync('pre-commit', ['install'], { cwd: repo, env });
  return installHooks(t, repo, env) ? { repo, env } : undefined;
}

test('the wechat-unpin hook rejects a commit that adds a pin and lets a clean one through', { skip, timeout: 15 * 60_000 }, (t) => {
  const hooked = hookedRepo(t, 'repo');
  if (!hooked) return;
  const { repo, env } = hooked;

  writeFileSync(path.join(repo, 'src/clean.js'), "module.exports = () => 'https://api.weixin.qq.com/cgi-bin/token';\n");
  git(repo, 'add', '.');
  const clean = spawnSync('git', ['commit', '-q', '-m', 'clean'], { cwd: repo, env, encoding: 'utf8' });
  assert.equal(clean.status, 0, `a clean commit must pass:\n${clean.stdout}\n${clean.stderr}`);

  writeFileSync(
    path.join(repo, 'src/token.js'),
    [
      "const https = require('https');",
      "const fs = require('fs');",
      "const agent = new https.Agent({ ca: fs.readFileSync('wx-root.pem') });",
      "https.get('https://api.weixin.qq.com/cgi-bin/token', { agent });",
      '',
    ].join('\n'),
  );
  git(repo, 'add', 'src/token.js');
  const pinned = spawnSync('git', ['commit', '-q', '-m', 'pin'], { cwd: repo, env, encoding: 'utf8' });
  assert.notEqual(pinned.status, 0, 'a commit that adds a pin must be rejected');
  assert.match(`${pinned.stdout}${pinned.stderr}`, /src\/token\.js[\s\S]*pinned-ca/);
  assert.equal(git(repo, 'log', '--oneline').trim().split('\n').length, 1, 'only the clean commit landed');
});

test('pre-commit run --all-files / --files / --from-ref fail on a committed pin whose host is in another module', { skip, timeout: 15 * 60_000 }, (t) => {
  const hooked = hookedRepo(t, 'ci');
  if (!hooked) return;
  const { repo, env } = hooked;
  writeFileSync(path.join(repo, 'src/hosts.js'), "exports.WX_API = 'https://api.weixin.qq.com';\n");
  git(repo, 'add', '.');
  git(repo, 'commit', '-q', '-m', 'hosts');
  writeFileSync(
    path.join(repo, 'src/client.js'),
    [
      "const https = require('https');",
      "const fs = require('fs');",
      "const { WX_API } = require('./hosts');",
      "const agent = new https.Agent({ ca: fs.readFileSync('wx-root.pem') });",
      'https.get(`${WX_API}/cgi-bin/token`, { agent });',
      '',
    ].join('\n'),
  );
  git(repo, 'add', '.');
  // Committed past the hook, as a pin that predates it would be.
  git(repo, 'commit', '-q', '--no-verify', '-m', 'pin');
  assert.equal(git(repo, 'status', '--porcelain'), '', 'nothing is staged: only the files pre-commit passes can show the pin');
  for (const args of [['--all-files'], ['--files', 'src/client.js'], ['--from-ref', 'HEAD~1', '--to-ref', 'HEAD']]) {
    const ran = spawnSync('pre-commit', ['run', ...args], { cwd: repo, env, encoding: 'utf8' });
    const output = `${ran.stdout}${ran.stderr}`;
    assert.equal(ran.status, 1, `pre-commit run ${args.join(' ')} must fail:\n${output}`);
    assert.match(output, /src\/client\.js\n {2}4:33 +fixable +pinned-ca/, args.join(' '));
  }
  // The host module alone has nothing to report.
  const hostsOnly = spawnSync('pre-commit', ['run', '--files', 'src/hosts.js'], { cwd: repo, env, encoding: 'utf8' });
  assert.equal(hostsOnly.status, 0, `${hostsOnly.stdout}${hostsOnly.stderr}`);
});

test('the wechat-unpin-fix hook removes a staged pin (staged work is not "uncommitted" to fix) and stops the commit for review', { skip, timeout: 15 * 60_000 }, (t) => {
  const hooked = hookedRepo(t, 'fix', 'wechat-unpin-fix');
  if (!hooked) return;
  const { repo, env } = hooked;
  writeFileSync(path.join(repo, 'src/hosts.js'), "exports.WX_API = 'https://api.weixin.qq.com';\n");
  git(repo, 'add', '.');
  git(repo, 'commit', '-q', '--no-verify', '-m', 'hosts');
  const pinned = [
    "const https = require('https');",
    "const fs = require('fs');",
    "const { WX_API } = require('./hosts');",
    "const agent = new https.Agent({ ca: fs.readFileSync('wx-root.pem') });",
    'https.get(`${WX_API}/cgi-bin/token`, { agent });',
    '',
  ];
  writeFileSync(path.join(repo, 'src/client.js'), pinned.join('\n'));
  git(repo, 'add', 'src/client.js');
  const commit = spawnSync('git', ['commit', '-q', '-m', 'pin'], { cwd: repo, env, encoding: 'utf8' });
  const output = `${commit.stdout}${commit.stderr}`;
  assert.notEqual(commit.status, 0, `pre-commit stops a commit its hook changed files in:\n${output}`);
  assert.doesNotMatch(output, /--force/, 'fix must not refuse staged work');
  assert.equal(readFileSync(path.join(repo, 'src/client.js'), 'utf8'), [pinned[0], pinned[2], 'const agent = new https.Agent({});', pinned[4], ''].join('\n'));
  // The fix is left unstaged for review: `git diff` shows exactly what it removed.
  assert.match(git(repo, 'diff', '--stat'), /src\/client\.js \| 3 \+--/);
});
