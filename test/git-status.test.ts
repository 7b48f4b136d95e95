// `fix` refuses (exit 2, nothing written) to write where git cannot give the old text back, unless
// --force; --dry-run, --staged and folders outside git are not checked. Runs the built CLI.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { cli, git, NO_CLI, read, SPLIT_PIN, SPLIT_PIN_FIXED, tempProject, writeFiles } from './helpers/cli-repo.ts';

describe('fix on a git work tree', { skip: NO_CLI }, () => {
  test('clean: fix writes', () => {
    const repo = tempProject(SPLIT_PIN, { git: true });
    const run = cli(repo, ['fix']);
    assert.equal(run.status, 0, `${run.stdout}${run.stderr}`);
    assert.equal(read(repo, 'src/client.js'), SPLIT_PIN_FIXED);
  });

  test('an unstaged change: exit 2, the file named with --force, nothing written; --force writes', () => {
    const repo = tempProject(SPLIT_PIN, { git: true });
    const edited = `${SPLIT_PIN['src/client.js']}// work in progress\n`;
    writeFiles(repo, { 'src/client.js': edited });
    const refused = cli(repo, ['fix']);
    assert.equal(refused.status, 2);
    assert.equal(refused.stdout, '');
    assert.match(refused.stderr, /^wechat-unpin: fix would write where git cannot give the old text back: src\/client\.js \(modified\)\..*--force\.\n$/);
    assert.equal(read(repo, 'src/client.js'), edited);
    const forced = cli(repo, ['fix', '--force']);
    assert.equal(forced.status, 0, `${forced.stdout}${forced.stderr}`);
    assert.equal(read(repo, 'src/client.js'), `${SPLIT_PIN_FIXED}// work in progress\n`);
  });

  test('an untracked file under the paths: exit 2', () => {
    const repo = tempProject(SPLIT_PIN, { git: true });
    writeFiles(repo, { 'src/new.js': 'module.exports = 1;\n' });
    const refused = cli(repo, ['fix', 'src']);
    assert.equal(refused.status, 2);
    assert.match(refused.stderr, /src\/new\.js \(untracked\)/);
    assert.equal(read(repo, 'src/client.js'), SPLIT_PIN['src/client.js']);
  });

  test('a change outside the paths fixed does not stop the fix', () => {
    const repo = tempProject({ ...SPLIT_PIN, 'notes.md': 'a\n' }, { git: true });
    writeFiles(repo, { 'notes.md': 'b\n', 'scratch.txt': 'x\n' });
    const run = cli(repo, ['fix', 'src']);
    assert.equal(run.status, 0, `${run.stdout}${run.stderr}`);
    assert.equal(read(repo, 'src/client.js'), SPLIT_PIN_FIXED);
  });

  test('a staged change is held by the index: fix writes (so it runs under pre-commit and lint-staged)', () => {
    const repo = tempProject(SPLIT_PIN, { git: true });
    writeFiles(repo, { 'src/client.js': `// staged edit\n${SPLIT_PIN['src/client.js']}` });
    git(repo, 'add', 'src/client.js');
    const run = cli(repo, ['fix', 'src/client.js']);
    assert.equal(run.status, 0, `${run.stdout}${run.stderr}`);
    assert.equal(read(repo, 'src/client.js'), `// staged edit\n${SPLIT_PIN_FIXED}`);
  });

  test('--dry-run is not checked: it writes nothing', () => {
    const repo = tempProject(SPLIT_PIN, { git: true });
    writeFiles(repo, { 'src/client.js': `${SPLIT_PIN['src/client.js']}\n` });
    const run = cli(repo, ['fix', '--dry-run']);
    assert.equal(run.status, 1, run.stderr);
    assert.match(run.stdout, /^--- a\/src\/client\.js/m);
  });

  test('outside git there is nothing to check: fix writes', () => {
    const dir = tempProject(SPLIT_PIN);
    const run = cli(dir, ['fix']);
    assert.equal(run.status, 0, `${run.stdout}${run.stderr}`);
    assert.equal(read(dir, 'src/client.js'), SPLIT_PIN_FIXED);
  });
});
