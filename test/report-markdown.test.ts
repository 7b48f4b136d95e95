import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatMarkdown, inline } from '../src/report/markdown.ts';
import type { RunResult } from '../src/types.ts';
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
