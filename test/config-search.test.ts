// The config file: found from the scanned paths upward (stopping at the first found and at the git
// root), `ignore` relative to its folder, --print-config, and the shipped JSON schema agreeing with
// the loader key by key.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { rebaseGlobs } from '../src/config-ignore.ts';
import { loadConfig, loadConfigGroups } from '../src/config.ts';
import { cli, findingsOf, NO_CLI, ROOT, SPLIT_PIN, tempProject, writeFiles } from './helpers/cli-repo.ts';

const PIN_IN = (folder: string): Record<string, string> =>
  Object.fromEntries(Object.entries(SPLIT_PIN).map(([name, text]) => [name.replace(/^src\//, `${folder}/`), text]));

describe('config search', () => {
  test('found in a parent folder of the scanned path; the nearest one wins', async () => {
    const dir = tempProject({
      'wechat-unpin.config.json': '{ "hosts": ["outer.example.com"] }',
      'pkg/package.json': '{ "name": "pkg", "wechat-unpin": { "hosts": ["inner.example.com"] } }',
      'pkg/src/a.js': '',
      'other/src/b.js': '',
    });
    const inner = await loadConfig(dir, undefined, 'pkg/src/a.js');
    assert.deepEqual([inner.label, inner.config], ['pkg/package.json#wechat-unpin', { hosts: ['inner.example.com'] }]);
    const outer = await loadConfig(path.join(dir, 'other'), undefined, 'src');
    assert.deepEqual([outer.label, outer.config], ['../wechat-unpin.config.json', { hosts: ['outer.example.com'] }]);
  });

  test('a package.json without the key does not stop the search', async () => {
    const dir = tempProject({ 'wechat-unpin.config.json': '{ "includeTests": true }', 'pkg/package.json': '{ "name": "pkg" }' });
    const found = await loadConfig(path.join(dir, 'pkg'));
    assert.deepEqual(found.config, { includeTests: true });
  });

  test('the search stops at the git repository root', async () => {
    const dir = tempProject({ 'wechat-unpin.config.json': '{ "includeTests": true }' });
    const repo = path.join(dir, 'repo');
    writeFiles(repo, { 'src/a.js': '' });
    const { git } = await import('./helpers/cli-repo.ts');
    git(repo, 'init', '-q');
    assert.deepEqual(await loadConfig(repo, undefined, 'src'), { config: {} });
  });

  test('paths leading to different config files are grouped, one group per file; --config makes one group', async () => {
    const dir = tempProject({ 'a/wechat-unpin.config.json': '{}', 'b/wechat-unpin.config.json': '{ "fixInsecure": true }', 'c/x.js': '' });
    const groups = await loadConfigGroups(dir, undefined, ['a', 'b', 'c/x.js', 'a/y.js']);
    assert.deepEqual(
      groups.map((group) => [group.config.label ?? null, group.paths]),
      [
        ['a/wechat-unpin.config.json', ['a', 'a/y.js']],
        ['b/wechat-unpin.config.json', ['b']],
        [null, ['c/x.js']],
      ],
    );
    const chosen = await loadConfigGroups(dir, 'b/wechat-unpin.config.json', ['a', 'b']);
    assert.deepEqual(chosen.map((group) => [group.config.config, group.paths]), [[{ fixInsecure: true }, ['a', 'b']]]);
  });

  test('each package is scanned with its own config, in one report', { skip: NO_CLI }, () => {
    const testPin = SPLIT_PIN['src/client.js']!.replace('./hosts', '../src/hosts');
    const repo = tempProject(
      {
        ...PIN_IN('a/src'),
        ...PIN_IN('b/src'),
        'a/test/client.test.js': testPin,
        'b/test/client.test.js': testPin,
        'a/package.json': '{ "name": "a", "wechat-unpin": { "includeTests": true } }',
      },
      { git: true },
    );
    const run = cli(repo, ['scan', '--format', 'json', 'a', 'b']);
    assert.equal(run.status, 1, run.stderr);
    assert.deepEqual(findingsOf(run).map((finding) => finding.file), ['a/src/client.js', 'a/test/client.test.js', 'b/src/client.js']);
    const report = JSON.parse(run.stdout);
    assert.equal(report.summary.filesMatched, 5);
    assert.deepEqual(report.summary.byStatus, { fixable: 3, fixed: 0, 'needs-review': 0, suppressed: 0 });
    const printed = JSON.parse(cli(repo, ['scan', '--print-config', 'a', 'b']).stdout);
    assert.deepEqual(printed.map((config: { configFile: string | null; includeTests: boolean }) => [config.configFile, config.includeTests]), [
      ['a/package.json#wechat-unpin', true],
      [null, false],
    ]);
  });

  test('"$schema" is accepted; an unknown key is still an error', async () => {
    const dir = tempProject({
      'wechat-unpin.config.json': '{ "$schema": "./node_modules/wechat-unpin/schema/config.schema.json", "hosts": [] }',
      'bad/wechat-unpin.config.json': '{ "host": [] }',
    });
    assert.deepEqual((await loadConfig(dir)).config, { hosts: [] });
    await assert.rejects(loadConfig(dir, undefined, 'bad'), /bad\/wechat-unpin\.config\.json: unknown key "host"/);
  });
});

describe('ignore globs relative to the config file', () => {
  const base = '/repo';
  const cases: Array<[string[], string, string[]]> = [
    [['legacy/**'], '/repo', ['legacy/**']],
    [['src/legacy/**'], '/repo/src', ['legacy/**']],
    [['./src/legacy/**'], '/repo/src', ['legacy/**']],
    [['src/legacy/**'], '/repo/lib', []],
    [['**/gen/**'], '/repo/src', ['**/gen/**']],
    [['src/*/gen/**'], '/repo/src/app', ['gen/**']],
    [['src'], '/repo/src/app', ['**']],
    [['*.js'], '/repo/src', []],
    [['{src,lib}/old/**'], '/repo/lib', ['old/**']],
    [['dist/**'], '/', ['repo/dist/**']],
    [['dist/**'], '/other', []],
  ];
  for (const [globs, root, expected] of cases) {
    test(`${JSON.stringify(globs)} from ${base}, scanning ${root} → ${JSON.stringify(expected)}`, async () => {
      assert.deepEqual(await rebaseGlobs({ base, globs }, root), expected);
    });
  }

  test('a folder named with glob characters is escaped when it becomes a prefix', async () => {
    assert.deepEqual(await rebaseGlobs({ base: '/w/pkg[1]', globs: ['dist/**'] }, '/w'), ['pkg\\[1\\]/dist/**']);
  });

  test('scanning a subfolder, the config ignore glob still leaves its files out', { skip: NO_CLI }, () => {
    const repo = tempProject({ ...SPLIT_PIN, ...PIN_IN('src/legacy'), 'wechat-unpin.config.json': '{ "ignore": ["src/legacy/**"] }' }, { git: true });
    const fromRoot = cli(repo, ['scan', '--format', 'json']);
    assert.deepEqual(findingsOf(fromRoot).map((finding) => finding.file), ['src/client.js']);
    const fromSubfolder = cli(path.join(repo, 'src'), ['scan', '--format', 'json']);
    assert.deepEqual(findingsOf(fromSubfolder).map((finding) => finding.file), ['client.js']);
    const namedPath = cli(repo, ['scan', '--format', 'json', 'src']);
    assert.deepEqual(findingsOf(namedPath).map((finding) => finding.file), ['src/client.js']);
  });
});

describe('--print-config', { skip: NO_CLI }, () => {
  test('prints the settings in effect and where they came from, exit 0, nothing scanned', () => {
    const repo = tempProject(
      { ...SPLIT_PIN, 'wechat-unpin.config.json': '{ "hosts": ["wx-proxy.example.com"], "ignore": ["src/legacy/**"], "maxFileSize": "4MB" }' },
      { git: true },
    );
    const run = cli(path.join(repo, 'src'), ['scan', '--print-config', '--host', 'extra.example.com', '--ignore', 'gen/**']);
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(JSON.parse(run.stdout), {
      configFile: '../wechat-unpin.config.json',
      hosts: ['wx-proxy.example.com', 'extra.example.com'],
      defaultHosts: true,
      hostPatterns: ['weixin.qq.com', 'wechatpay.cn', 'wx-proxy.example.com', 'extra.example.com'],
      ignore: { relativeTo: '..', globs: ['src/legacy/**'] },
      cliIgnore: ['gen/**'],
      includeTests: false,
      fixInsecure: false,
      maxFileSize: 4 * 1024 * 1024,
      paths: ['.'],
      files: null,
    });
  });
});

describe('schema/config.schema.json', () => {
  const schema = JSON.parse(readFileSync(path.join(ROOT, 'schema', 'config.schema.json'), 'utf8'));
  const validate = new Ajv2020({ strict: true, allErrors: true }).compile(schema);
  const samples: unknown[] = [
    {},
    { $schema: './node_modules/wechat-unpin/schema/config.schema.json' },
    { hosts: ['a.example.com'], defaultHosts: false, ignore: ['legacy/**'], includeTests: true, fixInsecure: true },
    { maxFileSize: 4194304 },
    { maxFileSize: '4MB' },
    { maxFileSize: '512 kib' },
    { maxFileSize: '2m' },
    { maxFileSize: 0 },
    { maxFileSize: '0KB' },
    { maxFileSize: 1.5 },
    { maxFileSize: '4GB' },
    { maxFileSize: '4ki' },
    { maxFileSize: true },
    { hosts: 'a.example.com' },
    { hosts: [1] },
    { ignore: 'legacy/**' },
    { includeTests: 'yes' },
    { host: [] },
    [],
    'hosts',
  ];
  for (const sample of samples) {
    test(`the schema and the loader agree on ${JSON.stringify(sample)}`, async () => {
      const dir = tempProject({ 'wechat-unpin.config.json': JSON.stringify(sample) });
      const loads = await loadConfig(dir).then(
        () => true,
        () => false,
      );
      assert.equal(validate(sample), loads, JSON.stringify(validate.errors));
    });
  }

  test('is in the published package and names every key the loader knows', () => {
    const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    assert.ok(manifest.files.includes('schema'), 'package.json "files" must ship schema/');
    assert.deepEqual(Object.keys(schema.properties).sort(), ['$schema', 'defaultHosts', 'fixInsecure', 'hosts', 'ignore', 'includeTests', 'maxFileSize']);
  });
});
