// Files named on the command line (what pre-commit and lint-staged pass) are scanned with their git
// repository as context and pass the directory scan's filters. Runs the built CLI.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { cli, findingsOf, NO_CLI, SPLIT_PIN, tempProject } from './helpers/cli-repo.ts';

const PINNED = [{ file: 'src/client.js', line: 4, kind: 'pinned-ca', status: 'fixable' }];

describe('scan FILE…', { skip: NO_CLI }, () => {
  test('a named file resolves a host constant from a module not named (the git repository is the context)', () => {
    const repo = tempProject(SPLIT_PIN, { git: true });
    const run = cli(repo, ['scan', '--format', 'json', 'src/client.js']);
    assert.equal(run.status, 1, run.stderr);
    assert.deepEqual(findingsOf(run), PINNED);
    // Only the named files are reported, and filesMatched counts them alone.
    assert.equal(JSON.parse(run.stdout).summary.filesMatched, 1);
  });

  test('run from a subfolder, the context is still the whole repository', () => {
    const repo = tempProject(SPLIT_PIN, { git: true });
    const run = cli(`${repo}/src`, ['scan', '--format', 'json', 'client.js']);
    assert.equal(run.status, 1, run.stderr);
    assert.deepEqual(findingsOf(run), [{ ...PINNED[0], file: 'client.js' }]);
  });

  test('outside git and without a config file, a named file is scanned alone (its host is unknown there)', () => {
    const dir = tempProject(SPLIT_PIN);
    const run = cli(dir, ['scan', '--format', 'json', 'src/client.js']);
    assert.equal(run.status, 0, run.stdout);
    assert.deepEqual(findingsOf(run), []);
  });

  test('outside git, the config file’s folder is the context', () => {
    const dir = tempProject({ ...SPLIT_PIN, 'wechat-unpin.config.json': '{}\n' });
    const run = cli(dir, ['scan', '--format', 'json', 'src/client.js']);
    assert.equal(run.status, 1, run.stderr);
    assert.deepEqual(findingsOf(run), PINNED);
  });

  test('a named test file is left out as in a directory scan, with a note; --include-tests scans it', () => {
    const repo = tempProject(
      { ...SPLIT_PIN, 'test/client.test.js': SPLIT_PIN['src/client.js']!.replace('./hosts', '../src/hosts') },
      { git: true },
    );
    const left = cli(repo, ['scan', '--format', 'json', 'test/client.test.js', 'src/hosts.js']);
    assert.equal(left.status, 0, left.stdout);
    assert.deepEqual(findingsOf(left), []);
    assert.equal(JSON.parse(left.stdout).summary.filesMatched, 1);
    assert.match(left.stderr, /1 of the files named was left out/);
    const included = cli(repo, ['scan', '--format', 'json', '--include-tests', 'test/client.test.js']);
    assert.equal(included.status, 1, included.stderr);
    assert.deepEqual(findingsOf(included), [{ ...PINNED[0], file: 'test/client.test.js' }]);
    assert.equal(included.stderr, '');
  });

  test('a named file under a config ignore glob is left out, as in a directory scan', () => {
    const repo = tempProject({ ...SPLIT_PIN, 'wechat-unpin.config.json': '{ "ignore": ["src/client.js"] }\n' }, { git: true });
    const run = cli(repo, ['scan', '--format', 'json', 'src/client.js']);
    assert.equal(run.status, 0, run.stdout);
    assert.deepEqual(findingsOf(run), []);
  });

  test('fix FILE removes a pin whose host lives in another module, and writes only the named file', async () => {
    const { SPLIT_PIN_FIXED, read } = await import('./helpers/cli-repo.ts');
    const repo = tempProject(SPLIT_PIN, { git: true });
    const run = cli(repo, ['fix', 'src/client.js']);
    assert.equal(run.status, 0, `${run.stdout}${run.stderr}`);
    assert.equal(read(repo, 'src/client.js'), SPLIT_PIN_FIXED);
    assert.equal(read(repo, 'src/hosts.js'), SPLIT_PIN['src/hosts.js']);
  });

  test('a folder among the paths keeps the folder scan as it was', () => {
    const repo = tempProject(SPLIT_PIN, { git: true });
    const run = cli(repo, ['scan', '--format', 'json', 'src', 'src/hosts.js']);
    assert.equal(run.status, 1, run.stderr);
    assert.deepEqual(findingsOf(run), PINNED);
    assert.equal(JSON.parse(run.stdout).summary.filesMatched, 2);
  });
});
