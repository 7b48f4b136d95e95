// Issue 11, item 9: --staged in a pre-commit hook. A staged file over the size limit is reported, not
// read (it used to overflow the child-process buffer and block every commit); the staged content is what
// is scanned; the repository's fsmonitor hook never runs. Runs the built CLI in temp git repositories.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { jsonOf, makeProject, pinnedFile, removeProject, runCli } from './helpers/safety-cli.ts';

const noGit = spawnSync('git', ['--version']).status !== 0 ? 'git is not installed' : false;

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
}

function repository(files: Record<string, string | Buffer>): string {
  const root = makeProject(files);
  git(root, 'init', '-q');
  git(root, 'config', 'user.email', 'test@example.com');
  git(root, 'config', 'user.name', 'test');
  return root;
}

describe('--staged (issue 11, item 9)', { concurrency: 2, skip: noGit }, () => {
  it('a staged file of 70 MB: listed as over the limit, the pin beside it found', async () => {
    // Repetitive, so git compresses it in a moment; over the 64 MiB that crashed `git show`'s buffer.
    const big = `${'var a = 1;\n'.repeat((70 * 1024 * 1024) / 11)}var o = { ca: x };\n`;
    const root = repository({ 'big.js': big, 'pin.js': pinnedFile('pin') });
    git(root, 'add', '.');
    const result = await runCli(['scan', '--staged', '--format', 'json'], root);
    assert.equal(result.code, 1, result.stderr.slice(0, 500));
    const report = jsonOf(result);
    assert.deepEqual(report.findings.map((finding) => finding.file), ['pin.js']);
    assert.match(report.errors.find((error) => error.file === 'big.js')?.message ?? '', /skipped: 70\.0 MB is over the 2\.0 MB limit/);
    removeProject(root);
  });

  it('the staged content is scanned, not the file on disk; a staged link is not followed', async () => {
    const root = repository({ 'pin.js': pinnedFile('pin'), 'clean.js': 'module.exports = 1;\n' });
    git(root, 'add', '.');
    writeFileSync(path.join(root, 'pin.js'), 'module.exports = 2;\n'); // unstaged edit removes the pin
    writeFileSync(path.join(root, 'clean.js'), pinnedFile('unstaged')); // unstaged edit adds one
    // A link staged under a source name: its blob is the target's path, not code.
    // The target path goes to hash-object, which reads stdin; update-index does not, and writing to it
    // raced its exit (EPIPE).
    const link = execFileSync('git', ['hash-object', '-w', '--stdin'], { cwd: root, input: '/etc/passwd', encoding: 'utf8' }).trim();
    git(root, 'update-index', '--add', '--cacheinfo', `120000,${link},link.js`);
    const result = await runCli(['scan', '--staged', '--format', 'json'], root);
    const report = jsonOf(result);
    assert.deepEqual(report.findings.map((finding) => finding.file), ['pin.js']);
    assert.match(report.errors.find((error) => error.file === 'link.js')?.message ?? '', /staged as a symbolic link/);
    removeProject(root);
  });

  it("the repository's fsmonitor hook does not run", async () => {
    const root = repository({ 'pin.js': pinnedFile('pin') });
    git(root, 'add', '.');
    git(root, 'commit', '-q', '-m', 'one');
    const marker = path.join(root, 'fsmonitor-ran');
    const hook = path.join(root, 'fsmonitor.sh');
    writeFileSync(hook, `#!/bin/sh\necho ran >> '${marker}'\nexit 1\n`);
    chmodSync(hook, 0o755);
    git(root, 'config', 'core.fsmonitor', hook);
    writeFileSync(path.join(root, 'pin.js'), pinnedFile('pin, edited'));
    git(root, 'add', 'pin.js');
    if (existsSync(marker)) execFileSync('rm', [marker]); // `git add` ran it: that is git's business
    const result = await runCli(['scan', '--staged', '--format', 'json'], root);
    assert.equal(result.code, 1, result.stderr);
    assert.equal(existsSync(marker), false, 'the fsmonitor hook ran');
    removeProject(root);
  });
});
