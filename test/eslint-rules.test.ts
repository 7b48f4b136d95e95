// The plugin's rules under ESLint's RuleTester (exact output, exact suggestions) and ESLint's Linter.
// The linted files live in a project on disk: the rules read the modules a file imports from there,
// while the linted text itself is the test's (as an unsaved editor buffer would be).
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { Linter, RuleTester } from 'eslint';
import plugin, { rules } from '../src/eslint/index.ts';

RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

const PROJECT = mkdtempSync(path.join(tmpdir(), 'wechat-unpin-rules-'));
after(() => rmSync(PROJECT, { recursive: true, force: true }));

/** Writes `files` (relative path → text) into the project. */
function write(files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(PROJECT, name)), { recursive: true });
    writeFileSync(path.join(PROJECT, name), text);
  }
}

// The linted files exist on disk (discovery decides what is in scope, as the CLI's does), but with
// other text: each case's code is what is linted.
write({
  'package.json': '{ "name": "rule-tester-app", "private": true }\n',
  'src/hosts.js': "exports.WECHAT = 'https://api.weixin.qq.com';\nexports.CDN = 'https://cdn.example.com';\n",
  'src/client.js': '// replaced by each case\n',
  'src/shared.js': '// replaced by each case\n',
  'src/notify.js': '// replaced by each case\n',
  'test/client.test.js': '// replaced by each case\n',
});
const file = (name: string): string => path.join(PROJECT, name);

const PINNED = [
  "const https = require('https');",
  "const fs = require('fs');",
  "const { WECHAT } = require('./hosts');",
  '',
  "const ca = fs.readFileSync('certs/wx-root.pem');",
  'const agent = new https.Agent({ ca, keepAlive: true });',
  'module.exports = () => https.get(`${WECHAT}/cgi-bin/token`, { agent });',
  '',
].join('\n');

const PINNED_FIXED = [
  "const https = require('https');",
  "const { WECHAT } = require('./hosts');",
  '',
  'const agent = new https.Agent({ keepAlive: true });',
  'module.exports = () => https.get(`${WECHAT}/cgi-bin/token`, { agent });',
  '',
].join('\n');

const SHARED = [
  "const https = require('https');",
  "const { WECHAT, CDN } = require('./hosts');",
  "const agent = new https.Agent({ ca: process.env.WX_CA, keepAlive: true });",
  'exports.token = () => https.get(`${WECHAT}/cgi-bin/token`, { agent });',
  'exports.mirror = () => https.get(`${CDN}/media`, { agent });',
  '',
].join('\n');

const INSECURE = [
  "const https = require('https');",
  "const { WECHAT } = require('./hosts');",
  'module.exports = () => https.get(`${WECHAT}/cgi-bin/token`, { rejectUnauthorized: false, timeout: 5000 });',
  '',
].join('\n');

const INSECURE_FIXED = INSECURE.replace('{ rejectUnauthorized: false, timeout: 5000 }', '{ timeout: 5000 }');

const tester = new RuleTester({ languageOptions: { ecmaVersion: 'latest', sourceType: 'commonjs' } });

tester.run('no-pinned-ca', rules['no-pinned-ca'], {
  valid: [
    { name: 'a pin for a host that is not WeChat', filename: file('src/client.js'), code: PINNED.replace("{ WECHAT } = require('./hosts')", "WECHAT = 'https://pay.example.com'") },
    { name: 'the tool\'s own suppression comment', filename: file('src/client.js'), code: PINNED.replace('const agent', '// wechat-unpin-ignore-next-line -- gateway CA\nconst agent') },
    { name: 'test code, which `wechat-unpin scan` leaves out', filename: file('test/client.test.js'), code: PINNED.replaceAll('./hosts', '../src/hosts') },
    { name: 'a turned-off check is the other rule\'s', filename: file('src/notify.js'), code: INSECURE },
  ],
  invalid: [
    {
      name: 'a pin that serves WeChat only, its host in another module: fixed as `wechat-unpin fix` fixes it',
      filename: file('src/client.js'),
      code: PINNED,
      output: PINNED_FIXED,
      errors: [{ messageId: 'fixable', line: 6, column: 33, endLine: 6, endColumn: 35 }],
    },
    {
      name: 'a BOM does not move the fix',
      filename: file('src/client.js'),
      code: `\uFEFF${PINNED}`,
      output: `\uFEFF${PINNED_FIXED}`,
      errors: [{ messageId: 'fixable', line: 6, column: 33 }],
    },
    {
      name: 'a pin that also serves another host: a review, with a suggestion and no autofix',
      filename: file('src/shared.js'),
      code: SHARED,
      output: null,
      errors: [
        {
          messageId: 'review',
          line: 3,
          column: 33,
          suggestions: [{ messageId: 'removeAfterReview', data: { reason: 'mixed-hosts' }, output: SHARED.replace('{ ca: process.env.WX_CA, keepAlive: true }', '{ keepAlive: true }') }],
        },
      ],
    },
  ],
});

tester.run('no-insecure-tls', rules['no-insecure-tls'], {
  valid: [
    { name: 'a pinned CA is the other rule\'s', filename: file('src/client.js'), code: PINNED },
    { name: 'suppressed', filename: file('src/notify.js'), code: INSECURE.replace('module.exports', '// wechat-unpin-ignore-next-line\nmodule.exports') },
  ],
  invalid: [
    {
      name: 'a turned-off check for WeChat only: a suggestion, as `fix` leaves it without --fix-insecure',
      filename: file('src/notify.js'),
      code: INSECURE,
      output: null,
      errors: [{ messageId: 'fixableBySuggestion', line: 3, column: 63, suggestions: [{ messageId: 'removeInsecure', output: INSECURE_FIXED }] }],
    },
    {
      name: 'with fixInsecure, the autofix `fix --fix-insecure` makes',
      filename: file('src/notify.js'),
      code: INSECURE,
      options: [{ fixInsecure: true }],
      output: INSECURE_FIXED,
      errors: [{ messageId: 'fixable', line: 3, column: 63 }],
    },
  ],
});

describe('the rules and the project on disk', () => {
  const config: Linter.Config[] = [
    { ...plugin.configs.recommended, languageOptions: { sourceType: 'commonjs' }, linterOptions: { reportUnusedDisableDirectives: 'off' } },
  ];
  const linter = new Linter({ cwd: PROJECT });
  const verify = (code: string, name = 'src/client.js'): string[] =>
    linter.verify(code, config, file(name)).map((message) => `${message.ruleId} ${message.line}:${message.column} ${message.fix ? 'fix' : 'no fix'}`);

  it('an eslint-disable-next-line comment naming the rule silences it (the plugin registered under its own name)', () => {
    assert.deepEqual(verify(PINNED.replace('const agent', '// eslint-disable-next-line wechat-unpin/no-pinned-ca\nconst agent')), []);
    assert.deepEqual(verify(PINNED.replace('const agent', '// eslint-disable-next-line wechat-unpin/no-insecure-tls\nconst agent')), ['wechat-unpin/no-pinned-ca 7:33 fix']);
  });

  it('a host module edited on disk is read again (its mtime changed): the same text goes from fix to review', () => {
    const lint = (): string[] => verify(PINNED);
    write({ 'src/hosts.js': "exports.WECHAT = 'https://api.weixin.qq.com';\n" });
    assert.deepEqual(lint(), ['wechat-unpin/no-pinned-ca 6:33 fix']);
    write({ 'src/hosts.js': "exports.WECHAT = process.env.STAGING ? 'https://staging.example.com' : 'https://api.weixin.qq.com';\n" });
    const later = new Date(Date.now() + 5000);
    utimesSync(file('src/hosts.js'), later, later);
    assert.deepEqual(lint(), ['wechat-unpin/no-pinned-ca 6:33 no fix']);
    write({ 'src/hosts.js': "exports.WECHAT = 'https://api.weixin.qq.com';\nexports.CDN = 'https://cdn.example.com';\n" });
  });

  it('the recommended config turns both rules on as errors, and both rules carry docs, messages, fixable and suggestions', () => {
    assert.deepEqual(plugin.configs.recommended.rules, { 'wechat-unpin/no-pinned-ca': 'error', 'wechat-unpin/no-insecure-tls': 'error' });
    for (const rule of Object.values(rules)) {
      assert.equal(rule.meta?.fixable, 'code');
      assert.equal(rule.meta?.hasSuggestions, true);
      assert.match(rule.meta?.docs?.url ?? '', /^https:\/\//);
    }
  });
});
