// What the project's manifests say (src/workspace.ts): where bare specifiers lead inside the tree,
// which packages are WeChat SDKs by their own account, which files a published package hands out.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { describe, test } from 'node:test';
import { run } from '../src/run.ts';
import { ImportGraph } from '../src/imports.ts';
import { isManifest, Workspace } from '../src/workspace.ts';
import { defaultOptions, writeProject } from './helpers/project.ts';

/** A workspace from `files` (path below /repo → text): manifests are read, every file is known. */
function workspaceOf(files: Record<string, string>): Workspace {
  const all = new Map(Object.entries(files).map(([file, text]) => [`/repo/${file}`, text]));
  return new Workspace(new Map([...all].filter(([file]) => isManifest(file))), new Set(all.keys()));
}

const json = (value: unknown): string => JSON.stringify(value);

describe('workspace packages', () => {
  const workspace = workspaceOf({
    'package.json': json({ name: 'root', private: true, workspaces: ['packages/*'] }),
    'packages/config/package.json': json({ name: '@acme/config', main: 'lib/main.js' }),
    'packages/config/lib/main.js': '',
    'packages/config/lib/extra.js': '',
    'packages/hosts/package.json': json({
      name: '@acme/hosts',
      exports: { '.': { types: './types.d.ts', import: './src/index.mjs', require: './src/index.cjs' }, './regions/*': './src/regions/*.js' },
    }),
    'packages/hosts/src/index.mjs': '',
    'packages/hosts/src/index.cjs': '',
    'packages/hosts/src/regions/cn.js': '',
    'packages/bare/package.json': json({ name: 'bare' }),
    'packages/bare/index.ts': '',
    'apps/api/src/app.js': '',
    'node_modules/@acme/config/package.json': json({ name: '@acme/config', main: 'elsewhere.js' }),
    'node_modules/@acme/config/elsewhere.js': '',
  });
  const from = '/repo/apps/api/src/app.js';

  test('a package name leads to its main', () => {
    assert.equal(workspace.resolve('@acme/config', from), '/repo/packages/config/lib/main.js');
  });
  test('a subpath of a package without exports is a file of its folder', () => {
    assert.equal(workspace.resolve('@acme/config/lib/extra', from), '/repo/packages/config/lib/extra.js');
  });
  test('exports: the import condition before require, and a subpath pattern', () => {
    assert.equal(workspace.resolve('@acme/hosts', from), '/repo/packages/hosts/src/index.mjs');
    assert.equal(workspace.resolve('@acme/hosts/regions/cn', from), '/repo/packages/hosts/src/regions/cn.js');
  });
  test('a package with neither main nor exports leads to its index', () => {
    assert.equal(workspace.resolve('bare', from), '/repo/packages/bare/index.ts');
  });
  test('npm modules, relative and node: specifiers are not the tree\'s', () => {
    for (const specifier of ['axios', './x', 'node:https', '@other/pkg']) assert.equal(workspace.resolve(specifier, from), undefined);
  });
  test('a name two packages of the tree claim resolves to neither', () => {
    const twice = workspaceOf({
      'a/package.json': json({ name: 'dup', main: 'index.js' }),
      'a/index.js': '',
      'b/package.json': json({ name: 'dup', main: 'index.js' }),
      'b/index.js': '',
    });
    assert.equal(twice.resolve('dup', '/repo/c.js'), undefined);
  });
});

describe('tsconfig paths', () => {
  const workspace = workspaceOf({
    'tsconfig.base.json': '{\n  // shared\n  "compilerOptions": { "baseUrl": ".", "paths": { "@config/*": ["libs/config/src/*"], "@env": ["libs/env.ts"], }, },\n}',
    'apps/web/tsconfig.json': json({ extends: '../../tsconfig.base.json' }),
    'apps/web/src/page.ts': '',
    'apps/admin/jsconfig.json': json({ compilerOptions: { baseUrl: 'src' } }),
    'apps/admin/src/lib/hosts.js': '',
    'apps/admin/src/main.js': '',
    'libs/config/src/wechat.ts': '',
    'libs/env.ts': '',
  });

  test('a wildcard alias inherited through extends, relative to the base config', () => {
    assert.equal(workspace.resolve('@config/wechat', '/repo/apps/web/src/page.ts'), '/repo/libs/config/src/wechat.ts');
  });
  test('an exact alias (comments and trailing commas in the config)', () => {
    assert.equal(workspace.resolve('@env', '/repo/apps/web/src/page.ts'), '/repo/libs/env.ts');
  });
  test('baseUrl in the nearest jsconfig, and only for files under it', () => {
    assert.equal(workspace.resolve('lib/hosts', '/repo/apps/admin/src/main.js'), '/repo/apps/admin/src/lib/hosts.js');
    assert.equal(workspace.resolve('lib/hosts', '/repo/libs/env.ts'), undefined);
  });
});

describe('what packages say about themselves', () => {
  const workspace = workspaceOf({
    'package.json': json({ name: 'monorepo', private: true, description: 'WeChat mini program backend' }),
    'packages/http/package.json': json({ name: '@acme/http', description: 'HTTPS helpers', main: 'lib/index.js' }),
    'packages/http/lib/index.js': '',
    'packages/http/lib/kit.js': '',
    'packages/pay/package.json': json({ name: 'pay-lite', keywords: ['payments', 'wxpay'] }),
    'packages/pay/index.js': '',
    'packages/app/package.json': json({ name: 'app', private: true, main: 'server.js', dependencies: { 'wechat-api': '^1.35.0' } }),
    'packages/kit/package.json': json({ name: 'notify-kit', main: 'index.js', dependencies: { 'co-wechat-api': '^3.11.0' } }),
    'packages/kit/index.js': '',
    'packages/app/server.js': '',
    'tools/cli.js': '',
  });

  test('a WeChat SDK by its keywords; the nearest package.json decides, not the root', () => {
    assert.equal(workspace.inWeChatPackage('/repo/packages/pay/index.js'), true);
    assert.equal(workspace.inWeChatPackage('/repo/packages/http/lib/kit.js'), false);
    assert.equal(workspace.inWeChatPackage('/repo/tools/cli.js'), true);
  });
  test('a published kit that depends on a WeChat-only SDK is one; a private app that does is not', () => {
    assert.equal(workspace.inWeChatPackage('/repo/packages/kit/index.js'), true);
    assert.equal(workspace.inWeChatPackage('/repo/packages/app/server.js'), false);
  });
  test('the entry of a published package; not its other files, not a private package', () => {
    assert.equal(workspace.isPublishedEntry('/repo/packages/http/lib/index.js'), true);
    assert.equal(workspace.isPublishedEntry('/repo/packages/http/lib/kit.js'), false);
    assert.equal(workspace.isPublishedEntry('/repo/packages/pay/index.js'), true);
    assert.equal(workspace.isPublishedEntry('/repo/packages/app/server.js'), false);
  });
});

test('the import graph follows bare specifiers the workspace resolves', () => {
  const texts = new Map([
    ['/repo/package.json', json({ name: 'root', private: true })],
    ['/repo/packages/config/package.json', json({ name: '@acme/config' })],
    ['/repo/packages/config/index.js', "module.exports = 'https://api.weixin.qq.com';"],
    ['/repo/apps/api/client.js', "const base = require('@acme/config');\nimport axios from 'axios';"],
  ]);
  const manifests = new Map([...texts].filter(([file]) => isManifest(file)));
  const graph = new ImportGraph(texts, new Workspace(manifests, new Set(texts.keys())));
  assert.deepEqual(graph.importsOf('/repo/apps/api/client.js'), ['/repo/packages/config/index.js']);
  assert.deepEqual(new ImportGraph(texts).importsOf('/repo/apps/api/client.js'), []);
});

describe('the relevance gate in a run', () => {
  // A pinned agent whose host comes from the environment: nothing in the tree names WeChat.
  const files = {
    'src/db.js': "const https = require('https');\nconst fs = require('fs');\nmodule.exports = new https.Agent({ ca: fs.readFileSync('db.pem'), host: process.env.DB_HOST });\n",
    'src/app.js': "const agent = require('./db');\nrequire('https').get(process.env.URL, { agent });\n",
  };

  test('a folder scan leaves the file out and counts it', async () => {
    const root = writeProject(files);
    try {
      const { summary } = await run(defaultOptions(root));
      assert.equal(summary.filesWithoutWeChatEvidence, 1);
      assert.equal(summary.filesParsed, 0);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  test('a file named on the command line is analysed all the same', async () => {
    const root = writeProject(files);
    try {
      const { summary } = await run(defaultOptions(root, { paths: ['src/db.js'] }));
      assert.equal(summary.filesWithoutWeChatEvidence, 0);
      assert.ok(summary.filesParsed >= 1, `parsed ${summary.filesParsed}`);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  test('in a package that says it is a WeChat SDK, a CA for a caller-given URL is a review', async () => {
    const root = writeProject({ ...files, 'package.json': json({ name: 'wx-notify', version: '1.0.0', keywords: ['weixin'] }) });
    try {
      const result = await run(defaultOptions(root));
      assert.deepEqual(result.findings.map((finding) => `${finding.file}:${finding.line} ${finding.status} ${finding.reason}`), ['src/db.js:3 needs-review unresolved-host']);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

test('the nearest tsconfig governs a file, even one without paths', () => {
  const workspace = workspaceOf({
    'tsconfig.json': json({ compilerOptions: { paths: { '@shared/*': ['shared/*'] } } }),
    'shared/hosts.ts': '',
    'apps/legacy/tsconfig.json': json({ compilerOptions: { strict: true } }),
    'apps/legacy/tsconfig.build.json': json({ compilerOptions: { paths: { '@shared/*': ['elsewhere/*'] } } }),
    'apps/legacy/main.ts': '',
    'apps/new/main.ts': '',
  });
  assert.equal(workspace.resolve('@shared/hosts', '/repo/apps/new/main.ts'), '/repo/shared/hosts.ts');
  assert.equal(workspace.resolve('@shared/hosts', '/repo/apps/legacy/main.ts'), undefined);
});

describe('an entry that names built output not in the tree', () => {
  const workspace = workspaceOf({
    'packages/config/package.json': json({ name: '@acme/config', main: 'dist/index.js', types: 'dist/index.d.ts' }),
    'packages/config/src/index.ts': '',
    'packages/hosts/package.json': json({ name: '@acme/hosts', exports: { '.': { types: './out/types/main.d.ts', default: './out/js/main.js' } } }),
    'packages/hosts/tsconfig.json': json({ compilerOptions: { rootDir: 'lib', outDir: 'out/js' } }),
    'packages/hosts/lib/main.ts': '',
    'packages/built/package.json': json({ name: 'built', main: 'dist/index.js' }),
    'packages/built/dist/index.js': '',
    'packages/built/src/index.ts': '',
  });
  const from = '/repo/apps/api/main.ts';

  test('leads to the source it is built from: the usual dist → src', () => {
    assert.equal(workspace.resolve('@acme/config', from), '/repo/packages/config/src/index.ts');
  });
  test("through the package's tsconfig outDir and rootDir", () => {
    assert.equal(workspace.resolve('@acme/hosts', from), '/repo/packages/hosts/lib/main.ts');
  });
  test('built output in the tree is what Node loads: it wins', () => {
    assert.equal(workspace.resolve('built', from), '/repo/packages/built/dist/index.js');
  });
  test('a published entry is known by its source too', () => {
    assert.equal(workspace.isPublishedEntry('/repo/packages/config/src/index.ts'), true);
  });
});
