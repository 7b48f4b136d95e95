// The terminal report's closing line (src/messages.ts nextStep, src/report/text.ts): it leads to the
// next step for what is left, names `fix --fix-insecure` when turned-off checks are what is left, and
// never says "Nothing to do" under a finding. Exact output.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatText } from '../src/report/text.ts';
import type { Finding, RunResult } from '../src/types.ts';
import { context, finding, runResult } from './helpers/run-result.ts';

const PIN = finding({ id: 'pin', file: 'src/a.js', line: 4, column: 3, message: 'CA pinned for api.weixin.qq.com' });
const OFF = finding({ id: 'off', file: 'src/b.js', line: 2, column: 9, kind: 'insecure-tls', message: 'certificate verification turned off for api.weixin.qq.com' });

/** The last two lines of the text report: the summary and the next step. */
function closing(result: RunResult): string[] {
  return formatText(result, context).split('\n').slice(-3, -1);
}

function run(findings: Finding[], overrides: Partial<RunResult> = {}): RunResult {
  return runResult({ findings, ...overrides });
}

describe('the next step', () => {
  it('scan with only a turned-off check: fix --fix-insecure removes it', () => {
    assert.equal(
      formatText(run([OFF]), context),
      [
        'src/b.js',
        '  2:9      fixable      insecure-tls certificate verification turned off for api.weixin.qq.com',
        '',
        '1 fixable in 10 files (4 parsed, 0 errors) in 12 ms',
        'Turned-off certificate checks remain: `wechat-unpin fix --fix-insecure` removes them.',
        '',
      ].join('\n'),
    );
  });

  it('scan with a pin and a turned-off check: fix --fix-insecure removes both', () => {
    assert.deepEqual(closing(run([PIN, OFF])), [
      '2 fixable in 10 files (4 parsed, 0 errors) in 12 ms',
      'Run `wechat-unpin fix --fix-insecure` to remove what is provably safe, turned-off certificate checks included.',
    ]);
    assert.deepEqual(closing(run([PIN])), [
      '1 fixable in 10 files (4 parsed, 0 errors) in 12 ms',
      'Run `wechat-unpin fix` to remove what is provably safe; review the rest by hand.',
    ]);
  });

  it('fix that left only turned-off checks: run it with --fix-insecure', () => {
    const fixed = { ...PIN, status: 'fixed' as const };
    assert.deepEqual(closing(run([fixed, OFF], { command: 'fix', changes: [{ file: 'src/a.js', before: 'a', after: '', fixes: ['pin'] }] })), [
      '1 fixable, 1 fixed in 10 files (4 parsed, 1 file changed, 0 errors) in 12 ms',
      'Turned-off certificate checks remain: run `wechat-unpin fix --fix-insecure` to remove them.',
    ]);
  });

  it('fix --dry-run: what the change covers is not "left"; a turned-off check it leaves is named', () => {
    const change = { file: 'src/a.js', before: 'a', after: '', fixes: ['pin'] };
    assert.deepEqual(closing(run([PIN, OFF], { command: 'fix', dryRun: true, changes: [change] })), [
      '2 fixable in 10 files (4 parsed, 1 file would change, 0 errors) in 12 ms',
      'Run again without --dry-run to write these changes. Turned-off certificate checks would remain: add --fix-insecure to remove them too.',
    ]);
    // With --fix-insecure the change covers both: nothing would remain.
    const both = { ...change, fixes: ['pin', 'off'] };
    assert.deepEqual(closing(run([PIN, OFF], { command: 'fix', dryRun: true, changes: [both] }))[1], 'Run again without --dry-run to write these changes.');
    // Only a turned-off check, under --dry-run --fix-insecure: still "run again", not "add --fix-insecure".
    const off = { file: 'src/b.js', before: 'b', after: '', fixes: ['off'] };
    assert.deepEqual(closing(run([OFF], { command: 'fix', dryRun: true, changes: [off] }))[1], 'Run again without --dry-run to write these changes.');
  });

  it('never "Nothing to do" under a suppressed finding or after a fix', () => {
    const suppressed = { ...PIN, status: 'suppressed' as const, reason: 'suppressed-comment' as const };
    assert.deepEqual(closing(run([suppressed])), [
      '1 suppressed in 10 files (4 parsed, 0 errors) in 12 ms',
      'No open findings: the ones listed are suppressed by wechat-unpin-ignore comments.',
    ]);
    const fixed = { ...PIN, status: 'fixed' as const };
    assert.deepEqual(closing(run([fixed], { command: 'fix', changes: [{ file: 'src/a.js', before: 'a', after: '' }] }))[1], "Done: every pin found was removed; Node's default trust store now decides.");
    assert.deepEqual(
      closing(run([fixed], { command: 'fix', errors: [{ file: 'src/c.js', message: 'Unexpected token (1:1)' }] }))[1],
      'The pins found were removed; the files left alone (listed above) were not checked.',
    );
    assert.deepEqual(closing(run([]))[1], 'Nothing to do: no code pins a CA for WeChat hosts.');
  });
});

describe('files the relevance gate left out', () => {
  it('are counted under the summary, with how to analyse one anyway', () => {
    const result = run([]);
    result.summary.filesWithoutWeChatEvidence = 2;
    assert.deepEqual(formatText(result, context).split('\n').slice(-4, -2), [
      'no findings in 10 files (4 parsed, 0 errors) in 12 ms',
      '2 files with TLS settings were left out: nothing in their imports names a WeChat host or SDK (name a file on the command line to analyse it anyway).',
    ]);
  });

  it('say nothing when none was', () => {
    assert.doesNotMatch(formatText(run([]), context), /left out/);
  });
});
