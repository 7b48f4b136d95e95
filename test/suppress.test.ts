// In-source suppressions (src/suppress.ts): the directive forms, where they reach (the finding's line,
// the first line of its statement, the file), kind filters, only real comments, the `fix` path that
// must never remove a suppressed pin, and --report-unused-suppressions.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { describe, it } from 'node:test';
import { formatJson } from '../src/report/json.ts';
import { formatText } from '../src/report/text.ts';
import { directivesOf, findSuppression, parseDirective, SuppressionLedger, unusedSuppressions } from '../src/suppress.ts';
import type { FindingKind, RunResult } from '../src/types.ts';
import { context } from './helpers/run-result.ts';
import { fixInTempProject } from './helpers/project.ts';
import { CLI, makeProject, removeProject, runCli } from './helpers/safety-cli.ts';

/** Where a finding of `kind` at `line`:`column` of `text` (a .js file) stands: the reason code, or 'open'. */
function statusAt(text: string, line: number, column: number, kind: FindingKind = 'pinned-ca', file = '/p/a.js'): string {
  return findSuppression(file, text, { kind, line, column })?.reason ?? 'open';
}

const AGENT = [
  "const https = require('https');", // 1
  '// wechat-unpin-ignore-next-line -- staging uses our gateway', // 2
  'const agent = new https.Agent({', // 3
  '  keepAlive: true,', // 4
  '  ca: pem,', // 5
  '  rejectUnauthorized: false,', // 6
  '});', // 7
].join('\n');

describe('parseDirective', () => {
  it('reads the form, the kinds before `--` and the reason', () => {
    assert.deepEqual(parseDirective(' wechat-unpin-ignore-next-line'), { type: 'next-line' });
    assert.deepEqual(parseDirective(' wechat-unpin-ignore-line pinned-ca -- a reason '), { type: 'line', kinds: ['pinned-ca'], justification: 'a reason' });
    assert.deepEqual(parseDirective('wechat-unpin-ignore-file insecure-tls,pinned-ca --vendored'), {
      type: 'file',
      kinds: ['insecure-tls', 'pinned-ca'],
      justification: 'vendored',
    });
    // A first word that names no kind is prose: every kind, as before kinds existed.
    assert.deepEqual(parseDirective(' wechat-unpin-ignore-next-line staging only'), { type: 'next-line' });
    assert.deepEqual(parseDirective(' wechat-unpin-ignore-next-line pinned-ca staging only'), { type: 'next-line', kinds: ['pinned-ca'] });
  });

  it('needs the marker first and whole', () => {
    assert.equal(parseDirective(' see wechat-unpin-ignore-next-line'), undefined);
    assert.equal(parseDirective(' wechat-unpin-ignore-lines'), undefined);
    assert.equal(parseDirective(' wechat-unpin-ignore-next-linex'), undefined);
    assert.deepEqual(parseDirective(' wechat-unpin-ignore-line--why'), { type: 'line', justification: 'why' });
  });
});

describe('findSuppression', () => {
  it('a comment above the first line of the statement covers a finding lines below it', () => {
    assert.equal(statusAt(AGENT, 5, 3), 'suppressed-comment');
    assert.equal(statusAt(AGENT, 6, 3, 'insecure-tls'), 'suppressed-comment');
    // Without the comment the finding is open: the statement start is not enough by itself.
    assert.equal(statusAt(AGENT.replace('// wechat-unpin-ignore-next-line -- staging uses our gateway', '// staging'), 5, 3), 'open');
  });

  it('covers the innermost statement only: a comment above a function does not reach into its body', () => {
    const text = [
      '// wechat-unpin-ignore-next-line', // 1
      'function make() {', // 2
      '  return new https.Agent({', // 3
      '    ca: pem,', // 4
      '  });', // 5
      '}', // 6
      'class Client {', // 7
      '  // wechat-unpin-ignore-next-line', // 8
      '  agent = new https.Agent({', // 9
      '    ca: pem,', // 10
      '  });', // 11
      '}', // 12
    ].join('\n');
    assert.equal(statusAt(text, 4, 5), 'open');
    // A class member is a statement of its own.
    assert.equal(statusAt(text, 10, 5), 'suppressed-comment');
  });

  it('the line above the finding itself still counts', () => {
    const text = AGENT.replace('// wechat-unpin-ignore-next-line -- staging uses our gateway\n', '').replace('  ca: pem,', '  // wechat-unpin-ignore-next-line\n  ca: pem,');
    assert.equal(statusAt(text, 5, 3), 'suppressed-comment');
    assert.equal(statusAt(text, 6, 3, 'insecure-tls'), 'open');
  });

  it('the same-line form covers its own line and a statement starting there', () => {
    const trailing = 'const agent = new https.Agent({ ca: pem }); // wechat-unpin-ignore-line -- ours';
    assert.equal(statusAt(trailing, 1, 33), 'suppressed-comment');
    const opening = ['const agent = new https.Agent({ // wechat-unpin-ignore-line', '  ca: pem,', '});'].join('\n');
    assert.equal(statusAt(opening, 2, 3), 'suppressed-comment');
    const after = ['const agent = new https.Agent({', '  ca: pem,', '}); // wechat-unpin-ignore-line'].join('\n');
    assert.equal(statusAt(after, 2, 3), 'open');
  });

  it('a kind filter suppresses that kind only', () => {
    const text = AGENT.replace('wechat-unpin-ignore-next-line --', 'wechat-unpin-ignore-next-line pinned-ca --');
    assert.equal(statusAt(text, 5, 3, 'pinned-ca'), 'suppressed-comment');
    assert.equal(statusAt(text, 6, 3, 'insecure-tls'), 'open');
  });

  it('only real comments count: not a string, a template, a regex or JSX text', () => {
    const lines = [
      "const a = '// wechat-unpin-ignore-next-line';",
      'const b = `',
      '// wechat-unpin-ignore-next-line`;',
      'const c = /\\/\\/ wechat-unpin-ignore-next-line/;',
      'const d = <p>// wechat-unpin-ignore-next-line</p>;',
      "const e = \"x\"; const f = { s: '/* wechat-unpin-ignore-line */', ca: pem };",
    ];
    const text = [...lines.flatMap((line) => [line, 'x({ ca: pem });'])].join('\n');
    assert.deepEqual(directivesOf('/p/a.jsx', text).directives, []);
    for (let line = 2; line <= 12; line += 2) assert.equal(statusAt(text, line, 5, 'pinned-ca', '/p/a.jsx'), 'open', `line ${line}`);
    assert.equal(statusAt(text, 11, 60, 'pinned-ca', '/p/a.jsx'), 'open');
    // The same text in comments does count.
    assert.equal(statusAt('/* wechat-unpin-ignore-next-line */\nx({ ca: pem });', 2, 5), 'suppressed-comment');
  });

  it('a multi-line block comment names the line after its end', () => {
    const text = ['/* wechat-unpin-ignore-next-line', '   -- a reason */', 'x({ ca: pem });'].join('\n');
    assert.equal(statusAt(text, 3, 5), 'suppressed-comment');
    assert.equal(findSuppression('/p/a.js', text, { kind: 'pinned-ca', line: 3, column: 5 })?.directive.justification, 'a reason');
  });

  it('the file directive counts among the comments at the top only', () => {
    const top = "#!/usr/bin/env node\n'use strict';\n/* wechat-unpin-ignore-file insecure-tls -- vendored */\nx({ ca: pem, rejectUnauthorized: false });";
    assert.equal(statusAt(top, 4, 14, 'insecure-tls'), 'suppressed-file');
    assert.equal(statusAt(top, 4, 5, 'pinned-ca'), 'open');
    assert.equal(statusAt('x();\n/* wechat-unpin-ignore-file */\nx({ ca: pem });', 3, 5), 'open');
  });

  it('deployment files use # comments, on the line above or after the value', () => {
    const env = '# wechat-unpin-ignore-next-line -- sandbox\nNODE_TLS_REJECT_UNAUTHORIZED=0\nB=1 # wechat-unpin-ignore-line\nC=2\nD=x#wechat-unpin-ignore-line\n';
    const at = (line: number): string => findSuppression('/p/.env', env, { kind: 'insecure-tls', line, column: 1 })?.reason ?? 'open';
    assert.deepEqual([at(2), at(3), at(4), at(5)], ['suppressed-comment', 'suppressed-comment', 'open', 'open']);
  });

  it('the ledger marks every directive that covered a finding; the rest are unused', () => {
    const text = [
      '// wechat-unpin-ignore-next-line', // 1: covers the statement of line 3
      'const agent = new https.Agent({', // 2
      '  ca: pem,', // 3
      '});', // 4
      '// wechat-unpin-ignore-next-line insecure-tls', // 5: wrong kind for line 6
      'x({ ca: pem });', // 6
      'y(); // wechat-unpin-ignore-line', // 7: nothing on line 7
    ].join('\n');
    const ledger = new SuppressionLedger();
    findSuppression('/p/a.js', text, { kind: 'pinned-ca', line: 3, column: 3 }, ledger);
    findSuppression('/p/a.js', text, { kind: 'pinned-ca', line: 6, column: 5 }, ledger);
    const notes = unusedSuppressions([{ file: '/p/a.js', text, reportFile: 'a.js' }], ledger);
    assert.deepEqual(
      notes.map((note) => [note.line, note.column, note.message]),
      [
        [5, 1, 'unused wechat-unpin-ignore-next-line insecure-tls: no insecure-tls finding on line 6 or in a statement that starts there; remove the comment'],
        [7, 6, 'unused wechat-unpin-ignore-line: no finding on line 7 or in a statement that starts there; remove the comment'],
      ],
    );
  });
});

const HOSTS = "exports.WECHAT = 'https://api.weixin.qq.com';\n";
const CLIENT = [
  "const https = require('https');",
  "const fs = require('fs');",
  "const { WECHAT } = require('./hosts');",
  '// wechat-unpin-ignore-next-line pinned-ca -- our gateway re-signs WeChat traffic',
  'const agent = new https.Agent({',
  "  ca: fs.readFileSync('gateway.pem'),",
  '  keepAlive: true,',
  '});',
  'module.exports = () => https.get(`${WECHAT}/cgi-bin/token`, { agent });',
  '',
].join('\n');

/** A run's report with the duration fixed, for exact comparison. */
function steady(result: RunResult): RunResult {
  return { ...result, summary: { ...result.summary, durationMs: 7 } };
}

describe('suppressions through the pipeline', () => {
  it('fix never removes a pin whose statement carries the comment', async () => {
    const { result, files } = await fixInTempProject({ 'src/client.js': CLIENT, 'src/hosts.js': HOSTS });
    assert.equal(files['src/client.js'], CLIENT);
    assert.deepEqual(result.changes, []);
    assert.equal(
      formatText(steady(result), context),
      [
        'src/client.js',
        '  6:3      suppressed   pinned-ca    CA pinned for api.weixin.qq.com: the pinned root replaces the system trust store (suppressed by a wechat-unpin-ignore-next-line or wechat-unpin-ignore-line comment)',
        '',
        '1 suppressed in 2 files (2 parsed, 0 files changed, 0 errors) in 7 ms',
        'No open findings: the ones listed are suppressed by wechat-unpin-ignore comments.',
        '',
      ].join('\n'),
    );
    const json = JSON.parse(formatJson(result, context)) as { findings: Array<Record<string, unknown>> };
    assert.deepEqual(json.findings[0]?.['suppression'], { line: 4, column: 1, justification: 'our gateway re-signs WeChat traffic' });
    assert.equal(json.findings[0]?.['status'], 'suppressed');
  });

  it('the same pin without the comment is removed (the test above is not vacuous)', async () => {
    const { result, files } = await fixInTempProject({ 'src/client.js': CLIENT.replace(/^\/\/ wechat-unpin.*\n/m, ''), 'src/hosts.js': HOSTS });
    assert.deepEqual(result.findings.map((finding) => finding.status), ['fixed']);
    assert.doesNotMatch(files['src/client.js'] ?? '', /gateway\.pem/);
  });

  it('fix removes the other pin of a shared CA and keeps the suppressed one, its binding, and a check of another kind', async () => {
    const shared = [
      "const https = require('https');",
      "const fs = require('fs');",
      "const { WECHAT } = require('./hosts');",
      "const ca = fs.readFileSync('wx.pem');",
      '// wechat-unpin-ignore-next-line pinned-ca -- kept until the gateway moves',
      'const kept = new https.Agent({',
      '  ca,',
      '  rejectUnauthorized: false,',
      '});',
      'const agent = new https.Agent({',
      '  ca,',
      '  keepAlive: true,',
      '});',
      'exports.a = () => https.get(`${WECHAT}/cgi-bin/token`, { agent });',
      'exports.b = () => https.get(`${WECHAT}/cgi-bin/ticket`, { agent: kept });',
      '',
    ].join('\n');
    const { result, files } = await fixInTempProject({ 'src/client.js': shared, 'src/hosts.js': HOSTS }, { fixInsecure: true });
    assert.deepEqual(
      result.findings.map((finding) => [finding.line, finding.kind, finding.status]),
      [
        [7, 'pinned-ca', 'suppressed'],
        [8, 'insecure-tls', 'fixed'],
        [11, 'pinned-ca', 'fixed'],
      ],
    );
    assert.equal(
      files['src/client.js'],
      [
        "const https = require('https');",
        "const fs = require('fs');",
        "const { WECHAT } = require('./hosts');",
        "const ca = fs.readFileSync('wx.pem');",
        '// wechat-unpin-ignore-next-line pinned-ca -- kept until the gateway moves',
        'const kept = new https.Agent({',
        '  ca,',
        '});',
        'const agent = new https.Agent({',
        '  keepAlive: true,',
        '});',
        'exports.a = () => https.get(`${WECHAT}/cgi-bin/token`, { agent });',
        'exports.b = () => https.get(`${WECHAT}/cgi-bin/ticket`, { agent: kept });',
        '',
      ].join('\n'),
    );
  });

  it('--report-unused-suppressions lists comments that suppressed nothing, in scanned files only', async () => {
    const unusedClient = `${CLIENT}// wechat-unpin-ignore-next-line\nconsole.log('no pin here');\n`;
    const { result } = await fixInTempProject(
      {
        'src/client.js': unusedClient,
        'src/hosts.js': HOSTS,
        // Never a candidate (no TLS option in it): not judged, so not reported.
        'src/other.js': '// wechat-unpin-ignore-next-line\nconsole.log(1);\n',
      },
      { command: 'scan', reportUnusedSuppressions: true },
    );
    assert.deepEqual(result.unusedSuppressions, [
      {
        file: 'src/client.js',
        line: 10,
        column: 1,
        message: 'unused wechat-unpin-ignore-next-line: no finding on line 11 or in a statement that starts there; remove the comment',
      },
    ]);
    assert.equal(
      formatText(steady(result), context).split('\n').slice(3).join('\n'),
      [
        'Suppression comments that suppressed nothing:',
        '  src/client.js:10:1 unused wechat-unpin-ignore-next-line: no finding on line 11 or in a statement that starts there; remove the comment',
        '',
        '1 suppressed in 3 files (2 parsed, 0 errors) in 7 ms',
        'No open findings: the ones listed are suppressed by wechat-unpin-ignore comments.',
        '',
      ].join('\n'),
    );
    assert.deepEqual((JSON.parse(formatJson(result, context)) as { unusedSuppressions: unknown[] }).unusedSuppressions.length, 1);
    // Without the option nothing is computed, and the JSON has no such key.
    const { result: plain } = await fixInTempProject({ 'src/client.js': unusedClient, 'src/hosts.js': HOSTS }, { command: 'scan' });
    assert.equal(plain.unusedSuppressions, undefined);
    assert.equal('unusedSuppressions' in (JSON.parse(formatJson(plain, context)) as object), false);
  });
});

describe('the CLI', { skip: !existsSync(CLI) && 'dist/src/cli.js is missing: run npm run build' }, () => {
  it('--report-unused-suppressions prints each unused comment; the exit code stays what the findings make it', async () => {
    const root = makeProject({
      'src/client.js': `${CLIENT}// wechat-unpin-ignore-line\n`,
      'src/hosts.js': HOSTS,
    });
    try {
      const run = await runCli(['scan', '--report-unused-suppressions'], root);
      assert.equal(run.code, 0);
      assert.equal(
        run.stdout.replace(/ in \d+ ms\n/, ' in N ms\n'),
        [
          'src/client.js',
          '  6:3      suppressed   pinned-ca    CA pinned for api.weixin.qq.com: the pinned root replaces the system trust store (suppressed by a wechat-unpin-ignore-next-line or wechat-unpin-ignore-line comment)',
          '',
          'Suppression comments that suppressed nothing:',
          '  src/client.js:10:1 unused wechat-unpin-ignore-line: no finding on line 10 or in a statement that starts there; remove the comment',
          '',
          '1 suppressed in 2 files (2 parsed, 0 errors) in N ms',
          'No open findings: the ones listed are suppressed by wechat-unpin-ignore comments.',
          '',
        ].join('\n'),
      );
      // Without the option: no such section.
      assert.doesNotMatch((await runCli(['scan'], root)).stdout, /suppressed nothing/);
    } finally {
      removeProject(root);
    }
  });
});
