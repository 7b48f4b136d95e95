// The README's husky + lint-staged recipe, run by the real lint-staged (devDependency) from a git
// pre-commit hook in a temp repository: lint-staged passes the staged files, and the pin in one of
// them must fail the commit even though its host constant lives in a module that is not staged.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { CLI, git, GIT_ENV, NO_CLI, ROOT, SPLIT_PIN, tempProject, writeFiles } from './helpers/cli-repo.ts';

const LINT_STAGED = path.join(ROOT, 'node_modules', 'lint-staged', 'bin', 'lint-staged.js');

/** The lint-staged config of the README's recipe, read from README.md itself. */
function readmeRecipe(): Record<string, string> {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const block = /\{ "lint-staged": (\{[^\n]*\}) \}/.exec(readme);
  assert.ok(block, 'README.md has no one-line lint-staged recipe');
  return JSON.parse(block[1]!) as Record<string, string>;
}

/** A repository whose pre-commit hook runs lint-staged (as `.husky/pre-commit` would). */
function repoWithHook(files: Record<string, string>): string {
  const recipe = readmeRecipe();
  const repo = tempProject({ ...files, 'package.json': `${JSON.stringify({ name: 'app', private: true, 'lint-staged': recipe }, null, 2)}\n` }, { git: true });
  writeFiles(repo, {
    // What `npm install wechat-unpin` puts on lint-staged's PATH.
    'node_modules/.bin/wechat-unpin': `#!/bin/sh\nexec "${process.execPath}" "${CLI}" "$@"\n`,
    '.git/hooks/pre-commit': `#!/bin/sh\nexec "${process.execPath}" "${LINT_STAGED}"\n`,
    '.gitignore': 'node_modules/\n',
  });
  chmodSync(path.join(repo, 'node_modules/.bin/wechat-unpin'), 0o755);
  chmodSync(path.join(repo, '.git/hooks/pre-commit'), 0o755);
  git(repo, 'add', '.gitignore');
  git(repo, 'commit', '-q', '-m', 'ignore node_modules');
  return repo;
}

function commit(repo: string, message: string): { status: number | null; output: string } {
  const result = spawnSync('git', ['commit', '-q', '-m', message], { cwd: repo, encoding: 'utf8', env: { ...GIT_ENV, NO_COLOR: '1', FORCE_COLOR: '0' } });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('lint-staged with the README recipe', { skip: NO_CLI }, () => {
  test('a staged pin whose host constant lives in an unstaged module fails the commit', () => {
    const repo = repoWithHook({ 'src/hosts.js': SPLIT_PIN['src/hosts.js']! });
    writeFiles(repo, { 'src/client.js': SPLIT_PIN['src/client.js']! });
    git(repo, 'add', 'src/client.js');
    const rejected = commit(repo, 'pin');
    assert.notEqual(rejected.status, 0, `the commit must be rejected:\n${rejected.output}`);
    assert.match(rejected.output, /client\.js\n {2}4:33 +fixable +pinned-ca/);
    assert.equal(git(repo, 'log', '--format=%s').trim().split('\n')[0], 'ignore node_modules', 'no commit landed');
  });

  test('a clean staged file passes', () => {
    const repo = repoWithHook({ 'src/hosts.js': SPLIT_PIN['src/hosts.js']! });
    writeFiles(repo, { 'src/token.js': "module.exports = () => fetch('https://api.weixin.qq.com/cgi-bin/token');\n" });
    git(repo, 'add', 'src/token.js');
    const passed = commit(repo, 'clean');
    assert.equal(passed.status, 0, passed.output);
  });

  test('a staged test file follows the directory scan’s rules: test code is left out', () => {
    const repo = repoWithHook({ 'src/hosts.js': SPLIT_PIN['src/hosts.js']! });
    writeFiles(repo, { 'test/client.test.js': SPLIT_PIN['src/client.js']!.replace('./hosts', '../src/hosts') });
    git(repo, 'add', 'test/client.test.js');
    const passed = commit(repo, 'test');
    assert.equal(passed.status, 0, passed.output);
  });
});
