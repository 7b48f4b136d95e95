// Several runs (one per config file) reported as one: every count of the summary adds up.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mergeResults } from '../src/merge-results.ts';
import { finding, runResult } from './helpers/run-result.ts';

test('mergeResults adds every count, keeps every finding, note and unused suppression', () => {
  const a = runResult({ findings: [finding({ file: 'a/x.js', line: 3 })], unusedCertificates: ['certs/b.pem', 'certs/a.pem'] });
  a.summary.filesWithoutWeChatEvidence = 2;
  a.unusedSuppressions = [{ file: 'a/y.js', line: 1, column: 1, message: 'unused' }];
  const b = runResult({ findings: [finding({ file: 'b/x.js', line: 7, status: 'needs-review', kind: 'insecure-tls' })], unusedCertificates: ['certs/a.pem'] });
  b.summary.filesWithoutWeChatEvidence = 3;
  const merged = mergeResults([a, b]);
  assert.deepEqual(merged.summary, {
    ...a.summary,
    filesMatched: a.summary.filesMatched + b.summary.filesMatched,
    filesParsed: a.summary.filesParsed + b.summary.filesParsed,
    filesWithoutWeChatEvidence: 5,
    errors: 0,
    durationMs: a.summary.durationMs + b.summary.durationMs,
    findings: { 'pinned-ca': 1, 'insecure-tls': 1 },
    byStatus: { fixable: 1, fixed: 0, 'needs-review': 1, suppressed: 0 },
  });
  assert.deepEqual(merged.findings.map((item) => item.file), ['a/x.js', 'b/x.js']);
  assert.deepEqual(merged.unusedCertificates, ['certs/a.pem', 'certs/b.pem']);
  assert.deepEqual(merged.unusedSuppressions, a.unusedSuppressions);
  assert.equal(mergeResults([a]), a);
});
