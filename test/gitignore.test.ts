// .gitignore rules as git applies them, through discovery: nested files, anchors, re-inclusion, and
// folders that stay excluded.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { discoverFiles } from '../src/discover.ts';

const root = mkdtempSync(path.join(tmpdir(), 'wechat-unpin-gitignore-'));
after(() => rmSync(root, { recursive: true, force: true }));

function write(files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), text);
  }
}

test('discovery applies root and nested .gitignore files as git does', async () => {
  write({
    '.gitignore': 'dist/\n*.gen.js\n/build\nlogs/**\n!logs/keep.js\n',
    'src/.gitignore': 'vendor/\n!important.gen.js\n/local.js\n',
    'src/app.js': '',
    'src/local.js': '',
    'src/deep/local.js': '',
    'src/vendor/lib.js': '',
    'src/x.gen.js': '',
    'src/important.gen.js': '',
    'dist/out.js': '',
    'dist/.gitignore': '!out.js\n',
    'build/a.js': '',
    'src/build/b.js': '',
    'logs/keep.js': '',
    'logs/drop.js': '',
  });
  const found = (await discoverFiles({ paths: ['.'], cwd: root, ignore: [], includeTests: false })).map((file) =>
    path.relative(root, file).split(path.sep).join('/'),
  );
  assert.deepEqual(found, [
    'logs/keep.js', // re-included: `logs/**` excludes files, not the folder
    'src/app.js',
    'src/build/b.js', // `/build` is anchored to the root
    'src/deep/local.js', // `/local.js` in src/.gitignore is anchored to src/
    'src/important.gen.js', // re-included by the deeper file
  ]);
});
