// Issue 11, item 13, the small ones (temp files and hard links are in safety-write.test.ts): file
// names that were dropped or misreported, a package.json that does not parse, and "Nothing to do" where
// something is left. Runs the built CLI.
import assert from 'node:assert/strict';
import { chmodSync, chownSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { canDropPrivileges, jsonOf, makeProject, NOBODY, pinnedFile, pinnedFileFixed, removeProject, runCli, snapshot } from './helpers/safety-cli.ts';

describe('file names (issue 11, item 13)', { concurrency: 4 }, () => {
  it('a leading CR and a line break in a folder name: found, and fixed, under their own paths', async () => {
    const names = ['\rlead.js', 'dir\nname/a.js', 'tab\tname.js'];
    // The name goes into a comment of the file: keep its line breaks out of the code.
    const tag = (name: string) => name.replace(/\s/g, '-');
    const root = makeProject(Object.fromEntries(names.map((name) => [name, pinnedFile(tag(name))])));
    const report = jsonOf(await runCli(['scan', '--format', 'json', '.'], root));
    assert.deepEqual(report.findings.map((finding) => finding.file).sort(), [...names].sort());
    const fixed = await runCli(['fix', '.'], root);
    assert.equal(fixed.code, 0, fixed.stderr);
    for (const name of names) assert.equal(readFileSync(path.join(root, name), 'utf8'), pinnedFileFixed(tag(name)));
    removeProject(root);
  });

  it('an ignore glob covers a name with a line break too', async () => {
    const root = makeProject({ 'legacy/a\nb.js': pinnedFile('legacy'), 'app.js': pinnedFile('app') });
    const report = jsonOf(await runCli(['scan', '--format', 'json', '--ignore', 'legacy/**', '.'], root));
    assert.deepEqual(report.findings.map((finding) => finding.file), ['app.js']);
    removeProject(root);
  });

  it('a backslash in a name: reported under its own path, with the reason', async (t) => {
    if (process.platform === 'win32') return t.skip('no backslash in a Windows file name');
    const root = makeProject({ 'back\\slash.js': pinnedFile('back'), 'app.js': pinnedFile('app') });
    const report = jsonOf(await runCli(['scan', '--format', 'json', '.'], root));
    assert.deepEqual(report.findings.map((finding) => finding.file), ['app.js']);
    assert.deepEqual(report.errors, [
      { file: 'back\\slash.js', message: 'skipped: the name holds a backslash, which TypeScript reads as a folder separator; rename the file to scan it' },
    ]);
    removeProject(root);
  });
});

describe('folders (issue 11, item 13)', () => {
  it('a folder that cannot be read: listed, not passed over in silence', async (t) => {
    const asRoot = process.getuid?.() === 0;
    if (asRoot && !canDropPrivileges()) return t.skip('running as root, and cannot start a child as nobody: root reads any folder');
    const root = makeProject({ 'app.js': pinnedFile('app'), 'secret/pin.js': pinnedFile('secret') });
    if (asRoot) for (const entry of ['.', 'app.js']) chownSync(path.join(root, entry), NOBODY, NOBODY);
    chmodSync(path.join(root, 'secret'), 0o000);
    const report = jsonOf(await runCli(['scan', '--format', 'json', '.'], root, asRoot ? { uid: NOBODY } : {}));
    assert.deepEqual(report.findings.map((finding) => finding.file), ['app.js']);
    assert.deepEqual(report.errors, [{ file: 'secret', message: 'cannot read this folder (EACCES); nothing under it was scanned' }]);
    chmodSync(path.join(root, 'secret'), 0o755);
    removeProject(root);
  });
});

describe('config and closing line (issue 11, item 13)', { concurrency: 4 }, () => {
  it("a package.json that does not parse: exit 2, not a run without the user's ignore list", async () => {
    const root = makeProject({
      'package.json': '{ "name": "app", "wechat-unpin": { "ignore": ["legacy/**"] }, }',
      'legacy/old.js': pinnedFile('legacy'),
    });
    const before = snapshot(root);
    const result = await runCli(['fix', '.'], root);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /package\.json is not valid JSON \(.*\), so its "wechat-unpin" settings cannot be read\. Fix package\.json, or put the settings in wechat-unpin\.config\.json\./);
    assert.deepEqual(snapshot(root), before);
    removeProject(root);
  });

  it('"Nothing to do" is not said after a write that failed', async () => {
    const root = makeProject({ 'readonly.js': pinnedFile('readonly') });
    chmodSync(path.join(root, 'readonly.js'), 0o444);
    const result = await runCli(['fix', '.'], root);
    assert.equal(result.code, 1);
    assert.doesNotMatch(result.stdout, /Nothing to do/);
    assert.match(result.stdout, /Some pins were not removed: see "Files left alone" for why/);
    removeProject(root);
  });

  it('"Nothing to do" is not said while files went unchecked', async () => {
    const root = makeProject({ 'broken.js': "const u = 'https://api.weixin.qq.com/x';\nconst a = { ca: u;\n" });
    const result = await runCli(['scan', '.'], root);
    assert.equal(result.code, 0);
    assert.doesNotMatch(result.stdout, /Nothing to do/);
    assert.match(result.stdout, /No pin found in the files checked; the files left alone \(listed above\) were not checked\./);
    removeProject(root);
  });
});
