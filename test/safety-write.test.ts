// Issue 11, items 10 and 13: the write window. The file is checked again right before the rename, so an
// editor's save while the fixed text is being written is not lost; temp files are named recognisably
// and a killed run's are removed by the next; what a rename cannot keep (hard links, xattrs) is
// documented, and tested here as documented.
import assert from 'node:assert/strict';
import { linkSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { readSources } from '../src/read.ts';
import { writeSource } from '../src/write.ts';
import { makeProject, pinnedFile, pinnedFileFixed, removeProject, runCli } from './helpers/safety-cli.ts';

async function readOne(root: string, name: string) {
  const { sources } = await readSources([path.join(root, name)]);
  return sources[0]!;
}

describe('the write window (issue 11, items 10 and 13)', { concurrency: 4 }, () => {
  it('an editor saves while the temp file is written: refused, the save kept, no temp left', async () => {
    const root = makeProject({ 'a.js': pinnedFile('a') });
    const file = path.join(root, 'a.js');
    const source = await readOne(root, 'a.js');
    const failure = await writeSource(source, pinnedFileFixed('a'), {
      afterTempWritten: () => {
        // The temp file is there, complete, beside the file: the moment a save used to be lost.
        assert.equal(readdirSync(root).filter((name) => /^a\.js\.wechat-unpin-\d+-[0-9a-f]+\.tmp$/.test(name)).length, 1);
        writeFileSync(file, pinnedFile('saved by the editor'));
      },
    });
    assert.match(failure?.message ?? '', /not written: the file changed on disk since it was scanned; run the fix again/);
    assert.equal(readFileSync(file, 'utf8'), pinnedFile('saved by the editor'));
    assert.deepEqual(readdirSync(root), ['a.js']);
    removeProject(root);
  });

  it("a killed run's temp file is removed by the next fix; a running process's is kept", async () => {
    const stale = 'a.js.wechat-unpin-2147483646-deadbeef.tmp'; // no such process
    const live = `a.js.wechat-unpin-${process.pid}-0badcafe.tmp`; // this test process is running
    const root = makeProject({ 'a.js': pinnedFile('a'), [stale]: 'half a file', [live]: 'being written' });
    const result = await runCli(['fix', '.'], root);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(readFileSync(path.join(root, 'a.js'), 'utf8'), pinnedFileFixed('a'));
    assert.deepEqual(readdirSync(root).sort(), ['a.js', live]);
    removeProject(root);
  });

  it('mode kept; a hard link is broken, as README says (the other name keeps the old text)', async () => {
    const root = makeProject({ 'a.js': pinnedFile('a') });
    linkSync(path.join(root, 'a.js'), path.join(root, 'other-name.txt'));
    const result = await runCli(['fix', '.'], root);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(readFileSync(path.join(root, 'a.js'), 'utf8'), pinnedFileFixed('a'));
    assert.equal(readFileSync(path.join(root, 'other-name.txt'), 'utf8'), pinnedFile('a'));
    assert.equal(statSync(path.join(root, 'a.js')).nlink, 1);
    removeProject(root);
  });
});
