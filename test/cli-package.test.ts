// The published package: publint finds nothing, the tarball holds what users need (the built CLI,
// LICENSE, the config schema, the action, the contract), prepack builds dist, and every runtime
// dependency is imported somewhere in the shipped code.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { publint } from 'publint';
import { NO_CLI, ROOT } from './helpers/cli-repo.ts';

const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  license: string;
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
};

describe('package', { skip: NO_CLI }, () => {
  test('publint (strict) reports nothing', async () => {
    // publint packs with --ignore-scripts: dist/ is left as it is.
    const { messages } = await publint({ pkgDir: ROOT, strict: true });
    assert.deepEqual(messages, []);
  });

  test('the tarball holds the CLI, LICENSE, the config schema, action.yml and the contract', () => {
    const [pack] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8' })) as Array<{ files: Array<{ path: string }> }>;
    const files = new Set(pack!.files.map((file) => file.path));
    for (const needed of ['LICENSE', 'README.md', 'package.json', 'dist/src/cli.js', 'dist/src/index.d.ts', 'schema/config.schema.json', 'action.yml', 'docs/contract.md', 'docs/bulk/wechat-unpin-fix.sh']) {
      assert.ok(files.has(needed), `${needed} is not in the package`);
    }
  });
});

test('LICENSE is the license package.json names', () => {
  assert.equal(manifest.license, 'MIT');
  assert.match(readFileSync(path.join(ROOT, 'LICENSE'), 'utf8'), /^MIT License\n/);
});

test('prepack builds dist from a clean folder', () => {
  assert.match(manifest.scripts['prepack'] ?? '', /npm run clean && npm run build/);
  assert.match(manifest.scripts['clean'] ?? '', /rmSync\('dist'/);
});

test('every runtime dependency is imported by the shipped code', () => {
  const texts = ['src', 'transforms'].flatMap((folder) => sources(path.join(ROOT, folder))).map((file) => readFileSync(file, 'utf8'));
  const unused = Object.keys(manifest.dependencies).filter(
    (name) => !texts.some((text) => text.includes(`from '${name}`) || text.includes(`import('${name}`) || text.includes(`require('${name}`)),
  );
  assert.deepEqual(unused, []);
});

function sources(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(folder, entry.name);
    return entry.isDirectory() ? sources(full) : /\.ts$/.test(entry.name) ? [full] : [];
  });
}
