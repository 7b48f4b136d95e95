// Issue 11, items 5, 6 and 7: --output, options given twice, --max-file-size. Every bad value is found
// before the first write (exit 2 = nothing written); the report is written atomically and never through
// a link or over a source file; a failure after writes says what was written. Runs the built CLI.
import assert from 'node:assert/strict';
import { chmodSync, chownSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseByteSize } from '../src/options.ts';
import { canDropPrivileges, jsonOf, makeProject, NOBODY, pinnedFile, pinnedFileFixed, removeProject, runCli, snapshot, spawnCli } from './helpers/safety-cli.ts';

/** Runs the CLI in a project; asserts exit 2, the message, and that nothing under `watched` changed. */
async function refused(root: string, args: string[], message: RegExp, watched: string[] = [root], as: { uid?: number } = {}) {
  const before = watched.map(snapshot);
  const result = await runCli(args, root, as);
  assert.equal(result.code, 2, `exit ${result.code}: ${result.stderr}`);
  assert.match(result.stderr, message);
  assert.doesNotMatch(result.stderr, /unexpected error/);
  watched.forEach((folder, index) => assert.deepEqual(snapshot(folder), before[index], `${folder} changed`));
  return result;
}

describe('--output (issue 11, item 5)', { concurrency: 4 }, () => {
  it('a committed link at the output path: refused, its target untouched', async () => {
    const outside = makeProject({ 'victim.txt': 'precious\n' });
    const root = makeProject({ 'a.js': pinnedFile('a') });
    symlinkSync(path.join(outside, 'victim.txt'), path.join(root, 'report.sarif'));
    await refused(root, ['fix', '--format', 'sarif', '--output', 'report.sarif', '.'], /--output report\.sarif: is a symbolic link; the tool does not write through links\. Remove the link/, [root, outside]);
    assert.equal(readFileSync(path.join(outside, 'victim.txt'), 'utf8'), 'precious\n');
    removeProject(root);
    removeProject(outside);
  });

  it('a committed link to a folder on the way: refused', async () => {
    const outside = makeProject({ 'r.json': 'precious\n' });
    const root = makeProject({ 'a.js': pinnedFile('a') });
    symlinkSync(outside, path.join(root, 'reports'));
    await refused(root, ['scan', '--format', 'json', '--output', 'reports/r.json', '.'], /the folder reports is reached through a symbolic link/, [root, outside]);
    removeProject(root);
    removeProject(outside);
  });

  it('a scanned source file as the output: refused', async () => {
    const root = makeProject({ 'a.js': pinnedFile('a') });
    await refused(root, ['fix', '--format', 'json', '--output', 'a.js', '.'], /--output a\.js: names a source file \(\.js\); the report would overwrite code/);
    removeProject(root);
  });

  it('written atomically: the existing report keeps its mode, no temp file is left', async () => {
    const root = makeProject({ 'a.js': pinnedFile('a'), 'out/report.json': 'old\n' });
    chmodSync(path.join(root, 'out/report.json'), 0o640);
    const result = await runCli(['scan', '--format', 'json', '--output', 'out/report.json', '.'], root);
    assert.equal(result.code, 1, result.stderr);
    assert.equal(JSON.parse(readFileSync(path.join(root, 'out/report.json'), 'utf8')).findings.length, 1);
    assert.equal(statSync(path.join(root, 'out/report.json')).mode & 0o777, 0o640);
    assert.deepEqual(readdirSync(path.join(root, 'out')), ['report.json']);
    removeProject(root);
  });
});

describe('exit 2 means nothing written (issue 11, item 6)', { concurrency: 4 }, () => {
  it('an output folder that does not exist: refused before the sources are fixed', async () => {
    const root = makeProject({ 'a.js': pinnedFile('a') });
    await refused(root, ['fix', '--format', 'json', '--output', 'missing/report.json', '.'], /--output missing\/report\.json: the folder missing does not exist\. Create it first/);
    removeProject(root);
  });

  it('an output folder the user may not write: refused before the sources are fixed', async (t) => {
    const asRoot = process.getuid?.() === 0;
    if (asRoot && !canDropPrivileges()) return t.skip('running as root, and cannot start a child as nobody: root may write any folder');
    const root = makeProject({ 'a.js': pinnedFile('a'), 'locked/keep.txt': 'x' });
    chmodSync(path.join(root, 'locked'), 0o555);
    // As root, run the CLI as nobody, who owns the project (and may fix a.js) but not locked/.
    if (asRoot) for (const entry of ['.', 'a.js']) chownSync(path.join(root, entry), NOBODY, NOBODY);
    await refused(root, ['fix', '--output', 'locked/report.txt', '.'], /the folder locked is not writable \(EACCES\)/, [root], asRoot ? { uid: NOBODY } : {});
    chmodSync(path.join(root, 'locked'), 0o755);
    removeProject(root);
  });

  for (const option of ['format', 'output', 'config', 'max-file-size', 'shard']) {
    it(`--${option} given twice: refused`, async () => {
      const values: Record<string, [string, string]> = {
        format: ['json', 'sarif'],
        output: ['a.json', 'b.json'],
        config: ['c1.json', 'c2.json'],
        'max-file-size': ['1000', '2000'],
        shard: ['1/2', '2/2'],
      };
      const [first, second] = values[option]!;
      const root = makeProject({ 'a.js': pinnedFile('a'), 'c1.json': '{}', 'c2.json': '{}' });
      await refused(root, ['fix', `--${option}`, first, `--${option}`, second, '.'], new RegExp(`--${option} was given 2 times \\("${first}", "${second}"\\); give it once`));
      removeProject(root);
    });
  }

  it('a failure after writes names the files written', async () => {
    // The output folder vanishes once the sources are being written: the report cannot be written.
    const names = Array.from({ length: 150 }, (_, i) => `m${String(i).padStart(3, '0')}.js`);
    const root = makeProject({ ...Object.fromEntries(names.map((name) => [name, pinnedFile(name)])), 'out/.keep': '' });
    const child = spawnCli(['fix', '--format', 'json', '--output', 'out/report.json', '.'], root);
    let stderr = '';
    child.stdout!.resume();
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
    let exited = false;
    void closed.then(() => (exited = true));
    while (!exited && readFileSync(path.join(root, names[0]!), 'utf8') === pinnedFile(names[0]!)) await sleep(2);
    rmSync(path.join(root, 'out'), { recursive: true, force: true });
    const code = await closed;
    const fixed = names.filter((name) => readFileSync(path.join(root, name), 'utf8') === pinnedFileFixed(name));
    assert.equal(code, 2, stderr);
    assert.match(stderr, /cannot write the report to out\/report\.json: ENOENT/);
    assert.match(stderr, new RegExp(`before the error, ${fixed.length} files were fixed \\(each written whole\\): m000\\.js, m001\\.js`));
    assert.doesNotMatch(stderr, /unexpected error/);
    removeProject(root);
  });
});

describe('a reader that goes away (issue 11, item 6)', () => {
  it('stdout closed before the report: no crash after the writes, the exit code says what is left', async () => {
    const root = makeProject({ 'a.js': pinnedFile('a') });
    const child = spawnCli(['fix', '--format', 'json', '.'], root);
    child.stdout!.destroy(); // as `| head -c 0` would
    let stderr = '';
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    assert.equal(code, 0, stderr);
    assert.equal(stderr, '');
    assert.equal(readFileSync(path.join(root, 'a.js'), 'utf8'), pinnedFileFixed('a'));
    removeProject(root);
  });
});

describe('--max-file-size (issue 11, item 7)', { concurrency: 4 }, () => {
  for (const value of ['-1', '0', '', 'abc', '1.5', '2XB', '99999999999999999999']) {
    it(`${JSON.stringify(value)}: refused (exit 2)`, async () => {
      const root = makeProject({ 'a.js': pinnedFile('a') });
      await refused(root, ['fix', `--max-file-size=${value}`, '.'], /--max-file-size ".*" is not a size; give bytes \(4194304\) or a size with a unit \(4MB, 512KB\)/);
      removeProject(root);
    });
  }

  it('a unit is accepted on purpose: 2MB is 2 MiB, and the pin is found', async () => {
    const root = makeProject({ 'a.js': pinnedFile('a') });
    const result = await runCli(['scan', '--format', 'json', '--max-file-size', '2MB', '.'], root);
    assert.equal(result.code, 1, result.stderr);
    assert.equal(jsonOf(result).findings.length, 1);
    assert.equal(parseByteSize('x', '2MB'), 2 * 1024 * 1024);
    assert.equal(parseByteSize('x', '512 kib'), 512 * 1024);
    assert.equal(parseByteSize('x', 4096), 4096);
    removeProject(root);
  });

  it('the config file: a size with a unit works, a bad one is refused', async () => {
    const root = makeProject({ 'a.js': `${pinnedFile('a')}// ${'x'.repeat(2000)}\n`, 'wechat-unpin.config.json': '{ "maxFileSize": "1KB" }' });
    const report = jsonOf(await runCli(['scan', '--format', 'json', '.'], root));
    assert.match(report.errors[0]?.message ?? '', /over the 1 KB limit/);
    writeFileSync(path.join(root, 'wechat-unpin.config.json'), '{ "maxFileSize": 0.5 }');
    await refused(root, ['fix', '.'], /wechat-unpin\.config\.json: "maxFileSize" "0\.5" is not a size/);
    removeProject(root);
  });
});
