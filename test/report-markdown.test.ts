import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatNeedsChanges } from '../src/report/index.ts';
import { formatMarkdown, inline } from '../src/report/markdown.ts';
import type { RunResult } from '../src/types.ts';
import { fixInTempProject } from './helpers/project.ts';
import { CLIENT_AFTER, CLIENT_BEFORE, context, finding, runResult } from './helpers/run-result.ts';

/** Cells of a GFM table row: split on pipes that are not backslash-escaped, as GitHub does. */
function cells(row: string): string[] {
  const inner = row.trim().replace(/^\|/, '').replace(/(?<!\\)\|$/, '');
  return inner.split(/(?<!\\)\|/).map((c) => c.trim());
}

/** What GitHub shows for an escaped cell: backslash escapes of ASCII punctuation removed. */
function unescape(text: string): string {
  return text.replace(/\\([!-/:-@[-`{-~])/g, '$1');
}

/** The lines of the section that starts with `heading`, up to the next heading of the same or higher level. */
function section(markdown: string, heading: string): string[] {
  const lines = markdown.split('\n');
  const start = lines.indexOf(heading);
  assert.notEqual(start, -1, `section ${heading} is present`);
  const level = heading.indexOf(' ');
  const end = lines.findIndex((l, i) => i > start && /^#+ /.test(l) && l.indexOf(' ') <= level);
  return lines.slice(start + 1, end === -1 ? undefined : end);
}

const CERT = {
  file: 'certs/wx-root.pem',
  subject: 'CN=Baltimore CyberTrust Root',
  issuer: 'CN=Baltimore CyberTrust Root',
  notAfter: '2025-05-12T23:59:00Z',
  expired: true,
  abandonedRoot: 'Baltimore CyberTrust Root',
};

function fixRun(overrides: Partial<RunResult> = {}): RunResult {
  return runResult({
    command: 'fix',
    findings: [
      finding({ file: 'src/wx|client`.ts', line: 10, status: 'fixed', certificate: CERT }),
      finding({ file: 'src/wx|client`.ts', line: 21, status: 'fixed', client: 'got', hosts: ['api.mch.weixin.qq.com', 'api2.mch.weixin.qq.com'] }),
      finding({ file: 'src/a.ts', line: 3, status: 'fixed', client: 'node:https' }),
      finding({
        file: 'src/pay.ts',
        line: 2,
        kind: 'insecure-tls',
        status: 'needs-review',
        reason: 'mixed-hosts',
        message: 'rejectUnauthorized: false serves api.mch.weixin.qq.com and internal.example.com.',
      }),
      finding({ file: 'src/pay.ts', line: 9, kind: 'insecure-tls', status: 'fixable', message: 'Certificate checks are off for api.weixin.qq.com.' }),
      finding({ file: 'src/legacy.ts', line: 5, status: 'suppressed', reason: 'suppressed-comment' }),
    ],
    changes: [
      { file: 'src/wx|client`.ts', before: CLIENT_BEFORE, after: CLIENT_AFTER },
      { file: 'src/a.ts', before: 'a\nca,\n', after: 'a\n' },
    ],
    errors: [{ file: 'src/broken.js', message: 'Unexpected token (4:7)' }],
    ...overrides,
  });
}

describe('formatMarkdown', () => {
  it('opens with what the run did and a table of counts', () => {
    const md = formatMarkdown(fixRun(), context);
    assert.match(md, /^## /);
    assert.match(md, /`wechat-unpin fix` fixed 3 findings in 2 files\. 1 finding needs review\./);
    const rows = md.split('\n').filter((l) => l.startsWith('| ') && /\| \d+ \|$/.test(l)).map(cells);
    assert.deepEqual(Object.fromEntries(rows.map(([label, n]) => [label, Number(n)])), {
      '`pinned-ca`: CA pinned for a WeChat host': 4,
      '`insecure-tls`: certificate checks turned off': 2,
      fixed: 3,
      'not fixed (see below)': 1,
      'needs review': 1,
      suppressed: 1,
      'files changed': 2,
      'files that did not parse': 1,
    });
  });

  it('tabulates the changes per file with line, client, host and pinned certificate', () => {
    const changes = section(formatMarkdown(fixRun(), context), '### Changes');
    const files = changes.filter((l) => l.startsWith('#### ')).map((l) => unescape(l.slice(5)));
    assert.deepEqual(files, ['src/a.ts', 'src/wx|client`.ts']);

    const wxTable = section(formatMarkdown(fixRun(), context), '#### src/wx\\|client\\`.ts').filter((l) => l.startsWith('|'));
    assert.deepEqual(cells(wxTable[0] ?? ''), ['line', 'kind', 'client', 'host', 'pinned certificate']);
    const rows = wxTable.slice(2).map(cells);
    assert.equal(rows.length, 2);
    for (const row of rows) assert.equal(row.length, 5, 'an escaped pipe does not add a column');
    assert.deepEqual(rows[0]?.slice(0, 4), ['10', '`pinned-ca`', 'axios', 'api.weixin.qq.com']);
    assert.match(rows[0]?.[4] ?? '', /^CN=Baltimore CyberTrust Root \(certs\/wx-root\.pem; \*\*expired\*\* 2025-05-12; Baltimore CyberTrust Root, a root WeChat has left\)$/);
    assert.deepEqual(rows[1], ['21', '`pinned-ca`', 'got', 'api.mch.weixin.qq.com, api2.mch.weixin.qq.com', '—']);
  });

  it('lists what needs review with the reason, and what a fix run left', () => {
    const md = formatMarkdown(fixRun(), context);
    const review = section(md, '### Needs review').join('\n');
    assert.match(review, /- \[ \] src\/pay\.ts:2:5 .*rejectUnauthorized: false serves api\.mch\.weixin\.qq\.com/);
    assert.match(review, /non-WeChat host.*\(`mixed-hosts`\)/);
    const notFixed = section(md, '### Not fixed').join('\n');
    assert.match(notFixed, /src\/pay\.ts:9:5: Certificate checks are off for api\.weixin\.qq\.com\. Run `fix --fix-insecure`/);
    assert.match(md, /<details><summary>1 suppressed finding<\/summary>[\s\S]*src\/legacy\.ts:5:5/);
    assert.match(section(md, '### Files that could not be parsed').join('\n'), /- src\/broken\.js: Unexpected token \(4:7\)/);
  });

  it('ends with next steps: WeChat\'s advice and how to check the trust store', () => {
    const steps = section(formatMarkdown(fixRun(), context), '### Next steps').join('\n');
    assert.match(steps, /business code/);
    assert.match(steps, /curl -v "https:\/\/api2\.weixin\.qq\.com\/testcert"/);
    assert.match(steps, /NODE_EXTRA_CA_CERTS/);
    assert.match(steps, /update-ca-certificates/);
    assert.match(steps, /Turn certificate checks back on/, 'shown because an insecure-tls finding remains');
    assert.match(steps, /certificate files/, 'shown because a removed pin came from a file');
    const quiet = section(formatMarkdown(runResult({ findings: [finding({ file: 'a.ts', line: 1 })] }), context), '### Next steps').join('\n');
    assert.doesNotMatch(quiet, /Turn certificate checks back on|certificate files/);
  });

  it('words scan and dry-run reports as what fix would do', () => {
    const scan = formatMarkdown(
      fixRun({ command: 'scan', findings: [finding({ file: 'src/a.ts', line: 3 }), finding({ file: 'src/b.ts', line: 4, status: 'suppressed', reason: 'suppressed-file' })] }),
      context,
    );
    assert.match(scan, /`wechat-unpin scan` found 2 findings; `wechat-unpin fix` would change 2 files\./);
    assert.deepEqual(section(scan, '### Changes `fix` would make').filter((l) => l.startsWith('#### ')), ['#### src/a.ts']);
    assert.ok(scan.includes('### Changes `fix` would make'));
    assert.doesNotMatch(scan, /### Not fixed|### Needs review/);
    const dry = formatMarkdown(fixRun({ dryRun: true }), context);
    assert.match(dry, /would fix 3 findings in 2 files; nothing was written\./);
    assert.match(section(dry, '### Not fixed').join('\n'), /would leave these[\s\S]*src\/pay\.ts:9:5/);
  });

  it('has no change table when nothing was found', () => {
    const md = formatMarkdown(runResult({ findings: [] }), context);
    assert.doesNotMatch(md, /### Changes|### Needs review|<details>/);
    assert.match(md, /found 0 findings/);
  });
});

describe('inline', () => {
  it('escapes pipes, backticks and other Markdown punctuation so they render as written', () => {
    const nasty = 'a|b`c`*d*_e_[f](g)<h>\\i #j ~k';
    const escaped = inline(nasty);
    assert.equal(cells(`| ${escaped} |`).length, 1);
    assert.doesNotMatch(escaped, /(?<!\\)[|`]/);
    assert.equal(unescape(escaped), nasty);
    assert.equal(inline('two\r\nlines\nhere'), 'two lines here');
  });
});

// ---- every command through the pipeline, exact output ------------------------------------------

const PIPELINE_FILES = {
  'src/hosts.js': "exports.WECHAT = 'https://api.weixin.qq.com';\n",
  'src/client.js': [
    "const https = require('https');",
    "const { WECHAT } = require('./hosts');",
    'const agent = new https.Agent({',
    '  ca: process.env.WX_CA,',
    '  keepAlive: true,',
    '});',
    'module.exports = () => https.get(`${WECHAT}/cgi-bin/token`, { agent });',
    '',
  ].join('\n'),
  'src/pay.js': [
    "const https = require('https');",
    "const { WECHAT } = require('./hosts');",
    'module.exports = () => https.get(`${WECHAT}/pay`, { rejectUnauthorized: false });',
    '',
  ].join('\n'),
};

/** The sections after the lead, the same for the three commands but for their words. */
function pipelineReport(lead: string, counted: { fixed: string; files: string }, changes: string, leave: string): string {
  return [
    '## WeChat TLS: remove CA pins so the system trust store decides',
    '',
    lead,
    '',
    '| what | count |',
    '| --- | ---: |',
    '| `pinned-ca`: CA pinned for a WeChat host | 1 |',
    '| `insecure-tls`: certificate checks turned off | 1 |',
    `| ${counted.fixed} | 1 |`,
    '| not fixed (see below) | 1 |',
    '| needs review | 0 |',
    '| suppressed | 0 |',
    `| ${counted.files} | 1 |`,
    '| files that did not parse | 0 |',
    '',
    changes,
    '',
    '#### src/client.js',
    '',
    '| line | kind | client | host | pinned certificate |',
    '| --- | --- | --- | --- | --- |',
    '| 4 | `pinned-ca` | node-core | api.weixin.qq.com | — |',
    '',
    '### Not fixed',
    '',
    leave,
    '',
    '- src/pay.js:3:53: certificate verification turned off for api.weixin.qq.com. Run `fix --fix-insecure` to remove it.',
    '',
    '### Next steps',
    "1. Keep pinned roots out of business code, as WeChat's notices ask: without a `ca` option Node uses its own trust store, which follows WeChat's chain changes (DigiCert Global Root G2 since 2024).",
    '2. Check the chain from the machine that runs the service: `curl -v "https://api2.weixin.qq.com/testcert"` should answer "Certificate test passed!". From Node itself: `node -e "require(\'https\').get(\'https://api2.weixin.qq.com/testcert\', r => r.pipe(process.stdout))"`.',
    '3. If the network needs an extra root (a TLS-inspecting proxy, say), add it instead of replacing the store: `NODE_EXTRA_CA_CERTS=/path/to/root.pem`, or the system store (Debian/Ubuntu: copy it to `/usr/local/share/ca-certificates/` and run `update-ca-certificates`; RHEL/CentOS: `update-ca-trust`) and start Node with `--use-openssl-ca` (or `--use-system-ca` on Node 22.15+ and 23.9+).',
    '4. Turn certificate checks back on: `rejectUnauthorized: false`, `NODE_TLS_REJECT_UNAUTHORIZED=0` and a permissive `checkServerIdentity` let anyone on the path impersonate WeChat.',
    '',
    '<sub>Generated by wechat-unpin 0.1.0.</sub>',
    '',
  ].join('\n');
}

describe('formatMarkdown counts the same change under every command', () => {
  it('scan: fix would change the file of the fixable pin, and would leave the insecure setting', async () => {
    // The CLI plans the fixes of a scan whose format is markdown (formatNeedsChanges).
    assert.equal(formatNeedsChanges('markdown'), true);
    const { result } = await fixInTempProject(PIPELINE_FILES, { command: 'scan', planFixes: true });
    assert.equal(
      formatMarkdown(result, context),
      pipelineReport(
        '`wechat-unpin scan` found 2 findings; `wechat-unpin fix` would change 1 file.',
        { fixed: 'would be fixed', files: 'files to change' },
        '### Changes `fix` would make',
        '`fix` would leave these in the code:',
      ),
    );
  });

  it('scan without planned fixes (the library) still counts what fix selects', async () => {
    const { result } = await fixInTempProject(PIPELINE_FILES, { command: 'scan' });
    assert.deepEqual(result.changes, []);
    assert.match(formatMarkdown(result, context), /`wechat-unpin fix` would change 1 file\.\n[\s\S]*\| would be fixed \| 1 \|[\s\S]*\| files to change \| 1 \|/);
  });

  it('fix --dry-run: the pin is listed as a change that would be made, not as "Not fixed"', async () => {
    const { result } = await fixInTempProject(PIPELINE_FILES, { command: 'fix', dryRun: true, planFixes: true });
    assert.equal(
      formatMarkdown(result, context),
      pipelineReport(
        '`wechat-unpin fix --dry-run` would fix 1 finding in 1 file; nothing was written.',
        { fixed: 'would be fixed', files: 'files to change' },
        '### Changes `fix` would make',
        'The change would leave these in the code:',
      ),
    );
  });

  it('fix: what was written, and what is still in the code', async () => {
    const { result } = await fixInTempProject(PIPELINE_FILES, { command: 'fix' });
    assert.equal(
      formatMarkdown(result, context),
      pipelineReport(
        '`wechat-unpin fix` fixed 1 finding in 1 file.',
        { fixed: 'fixed', files: 'files changed' },
        '### Changes',
        'Still in the code after this run:',
      ),
    );
  });

  it('says where each suppression comment is and why the finding was kept', () => {
    const md = formatMarkdown(
      runResult({
        findings: [
          finding({ file: 'src/a.js', line: 6, column: 3, status: 'suppressed', reason: 'suppressed-comment', suppression: { line: 3, column: 1, justification: 'our *gateway*' } }),
          finding({ file: 'src/b.js', line: 2, column: 3, status: 'suppressed', reason: 'suppressed-file' }),
        ],
      }),
      context,
    );
    assert.ok(
      md.includes(
        [
          '<details><summary>2 suppressed findings</summary>',
          '',
          '- src/a.js:6:3 (`pinned-ca`): suppressed by a `wechat-unpin-ignore-next-line` or `wechat-unpin-ignore-line` comment at line 3: our \\*gateway\\*',
          '- src/b.js:2:3 (`pinned-ca`): suppressed by a `wechat-unpin-ignore-file` comment',
          '',
          '</details>',
        ].join('\n'),
      ),
      md,
    );
  });

  it('lists unused suppression comments when the run looked for them', () => {
    const md = formatMarkdown(
      runResult({ findings: [], unusedSuppressions: [{ file: 'src/a.js', line: 3, column: 1, message: 'unused wechat-unpin-ignore-line: no finding on line 3' }] }),
      context,
    );
    assert.deepEqual(section(md, '### Unused suppression comments'), [
      '',
      'These comments suppressed nothing in this run; remove them.',
      '',
      '- src/a.js:3:1: unused wechat-unpin-ignore-line: no finding on line 3',
      '',
    ]);
  });
});
