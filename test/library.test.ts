// The library entry (src/index.ts, src/library.ts): scanProject and fixProject analyse texts in memory
// as the CLI analyses a tree; a module missing from the texts is unknown, never "no host"; the built
// package resolves by its own name.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fixProject, scanProject, UsageError } from '../src/index.ts';

const ROOT = '/project';
const CLIENT = [
  "const https = require('https');",
  "const { WECHAT } = require('./hosts');",
  "const agent = new https.Agent({ ca: process.env.WX_CA, keepAlive: true });",
  'module.exports = () => https.get(`${WECHAT}/cgi-bin/token`, { agent });',
  '',
].join('\n');
const HOSTS = "exports.WECHAT = 'https://api.weixin.qq.com';\n";

function texts(files: Record<string, string>): Map<string, string> {
  return new Map(Object.entries(files).map(([name, text]) => [`${ROOT}/${name}`, text]));
}

describe('scanProject', () => {
  it('follows a host through another module of the texts, and reports a pin WeChat-only', () => {
    const scan = scanProject({ texts: texts({ 'src/client.js': CLIENT, 'src/hosts.js': HOSTS }), cwd: ROOT });
    assert.deepEqual(scan.errors, []);
    assert.equal(scan.findings.length, 1);
    const [finding] = scan.findings;
    assert.deepEqual(
      [finding!.file, finding!.path, finding!.line, finding!.kind, finding!.status, finding!.reason, finding!.hosts],
      ['src/client.js', `${ROOT}/src/client.js`, 3, 'pinned-ca', 'fixable', 'wechat-only', ['api.weixin.qq.com']],
    );
    assert.equal(CLIENT.slice(finding!.removal.start, finding!.removal.end), 'ca: process.env.WX_CA');
    assert.ok(finding!.evidence.some((item) => item.file === 'src/hosts.js' && item.note === 'host api.weixin.qq.com'));
  });

  it('a module missing from the texts is unknown: the pin is a review, not a fix and not absent', () => {
    const both = `${CLIENT}exports.oauth = () => https.get('https://api.weixin.qq.com/sns/oauth2/access_token', { agent });\n`;
    assert.deepEqual(
      scanProject({ texts: texts({ 'src/client.js': both, 'src/hosts.js': HOSTS }), cwd: ROOT }).findings.map((finding) => finding.status),
      ['fixable'],
    );
    const scan = scanProject({ texts: texts({ 'src/client.js': both }), cwd: ROOT });
    assert.deepEqual(
      scan.findings.map((finding) => [finding.status, finding.reason]),
      [['needs-review', 'unresolved-host']],
    );
  });

  it('without cwd the paths are absolute; `files` limits what is reported, the rest is context', () => {
    const project = texts({ 'src/client.js': CLIENT, 'src/hosts.js': HOSTS, 'src/other.js': CLIENT.replace('./hosts', './hosts.js') });
    const scan = scanProject({ texts: project, files: [`${ROOT}/src/other.js`] });
    assert.deepEqual(
      scan.findings.map((finding) => [finding.file, finding.status, finding.evidence.find((item) => item.note.startsWith('host'))?.file]),
      [[`${ROOT}/src/other.js`, 'fixable', `${ROOT}/src/hosts.js`]],
    );
  });

  it('a suppression comment is honoured, and offsets ignore a leading BOM', () => {
    const suppressed = CLIENT.replace('const agent', '// wechat-unpin-ignore-next-line -- pinned on purpose\nconst agent');
    const scan = scanProject({ texts: texts({ 'src/client.js': `\uFEFF${suppressed}`, 'src/hosts.js': HOSTS }), cwd: ROOT });
    assert.deepEqual(scan.findings.map((finding) => [finding.line, finding.status, finding.reason]), [[4, 'suppressed', 'suppressed-comment']]);
    assert.equal(suppressed.slice(scan.findings[0]!.removal.start, scan.findings[0]!.removal.end), 'ca: process.env.WX_CA');
  });

  it('a bad host pattern or an empty host list is a UsageError', () => {
    assert.throws(() => scanProject({ texts: new Map(), hosts: ['not a host'] }), UsageError);
    assert.throws(() => scanProject({ texts: new Map(), defaultHosts: false }), UsageError);
    assert.throws(() => scanProject({ texts: new Map([['relative.js', '']]) }), UsageError);
  });
});

describe('fixProject', () => {
  it('returns the text fix would write (BOM kept) and marks the removed pin fixed', async () => {
    const fix = await fixProject({ texts: texts({ 'src/client.js': `\uFEFF${CLIENT}`, 'src/hosts.js': HOSTS }), cwd: ROOT });
    assert.deepEqual(fix.errors, []);
    assert.deepEqual(fix.changes, [
      {
        file: `${ROOT}/src/client.js`,
        before: `\uFEFF${CLIENT}`,
        after: `\uFEFF${CLIENT.replace('{ ca: process.env.WX_CA, keepAlive: true }', '{ keepAlive: true }')}`,
      },
    ]);
    assert.deepEqual(fix.findings.map((finding) => finding.status), ['fixed']);
  });

  it('changes nothing where the pin also serves another host', async () => {
    const fix = await fixProject({ texts: texts({ 'src/client.js': CLIENT, 'src/hosts.js': `${HOSTS}exports.WECHAT = 'https://staging.example.com';\n` }), cwd: ROOT });
    assert.deepEqual(fix.changes, []);
    assert.deepEqual(fix.findings.map((finding) => [finding.status, finding.reason]), [['needs-review', 'mixed-hosts']]);
  });
});

describe('the package entry', () => {
  it('`import("wechat-unpin")` resolves to the built library (npm test builds first)', async () => {
    const entry = (await import('wechat-unpin' as string)) as typeof import('../src/index.ts');
    assert.equal(typeof entry.scanProject, 'function');
    assert.equal(typeof entry.fixProject, 'function');
    assert.equal(typeof entry.run, 'function');
  });
});
