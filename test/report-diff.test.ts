import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { formatDiff } from '../src/report/diff.ts';
import type { FileChange } from '../src/types.ts';
import { CLIENT_AFTER, CLIENT_BEFORE, context, finding, runResult } from './helpers/run-result.ts';

// Git with no user or system configuration, so autocrlf or a global attributes file cannot bend the result.
const GIT_ENV = { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1', LC_ALL: 'C' };

function diffOf(changes: FileChange[]): string {
  const findings = changes.map((c) => finding({ file: c.file, line: 1, status: 'fixed' }));
  return formatDiff(runResult({ command: 'fix', dryRun: true, findings, changes }), context);
}

/** Writes every `before` into a fresh git repo, applies the patch with `git apply`, returns the repo. */
function applyInRepo(changes: FileChange[], patch: string): string {
  const repo = mkdtempSync(join(tmpdir(), 'wechat-unpin-diff-'));
  execFileSync('git', ['init', '-q'], { cwd: repo, env: GIT_ENV });
  for (const c of changes) {
    mkdirSync(dirname(join(repo, c.file)), { recursive: true });
    writeFileSync(join(repo, c.file), c.before, 'utf8');
  }
  writeFileSync(join(repo, 'change.patch'), patch, 'utf8');
  for (const args of [['apply', '--check', 'change.patch'], ['apply', 'change.patch']]) {
    const run = spawnSync('git', args, { cwd: repo, env: GIT_ENV, encoding: 'utf8' });
    assert.equal(run.status, 0, `git ${args.join(' ')} failed:\n${run.stderr}\n--- patch ---\n${patch}`);
  }
  return repo;
}

function assertApplies(changes: FileChange[]): string {
  const patch = diffOf(changes);
  const repo = applyInRepo(changes, patch);
  try {
    for (const c of changes) {
      // Byte for byte: CRs, BOMs and final newlines included.
      assert.deepEqual(readFileSync(join(repo, c.file)), Buffer.from(c.after, 'utf8'), c.file);
    }
  } finally {
    rmSync(repo, { recursive: true, force: true });
  }
  return patch;
}

const crlf = (text: string): string => text.replaceAll('\n', '\r\n');

describe('formatDiff', () => {
  it('prints a git-style diff with a/ and b/ paths', () => {
    const patch = assertApplies([{ file: 'src/wechat/client.ts', before: CLIENT_BEFORE, after: CLIENT_AFTER }]);
    const lines = patch.split('\n');
    assert.deepEqual(lines.slice(0, 3), [
      'diff --git a/src/wechat/client.ts b/src/wechat/client.ts',
      '--- a/src/wechat/client.ts',
      '+++ b/src/wechat/client.ts',
    ]);
    assert.ok(lines.includes("-import fs from 'node:fs';"));
    assert.ok(lines.includes('-    ca,'));
    assert.ok(lines.includes('     keepAlive: true,'));
    assert.ok(!lines.some((l) => l.startsWith('+')  && !l.startsWith('+++')), 'the fix only removes lines');
  });

  it('keeps CRLF line endings, so the patch applies to a CRLF file byte for byte', () => {
    const patch = assertApplies([{ file: 'src/client.ts', before: crlf(CLIENT_BEFORE), after: crlf(CLIENT_AFTER) }]);
    assert.ok(patch.includes('-    ca,\r\n'));
  });

  it('marks a last line without a newline', () => {
    const before = CLIENT_BEFORE.trimEnd();
    const after = CLIENT_AFTER.trimEnd().replace('});', '});\nexport default wx;');
    const patch = assertApplies([{ file: 'a.ts', before, after }]);
    assert.match(patch, /^-}\);\n\\ No newline at end of file\n/m);
    assert.match(patch, /^\+export default wx;\n\\ No newline at end of file\n$/m);
    // A CRLF file whose last line has no newline, and changes that add or remove the final newline.
    assertApplies([
      { file: 'b.ts', before: crlf(before), after: crlf(CLIENT_AFTER.trimEnd()) },
      { file: 'c.ts', before: 'a\nca: x,\nb', after: 'a\nb\n' },
      { file: 'd.ts', before: 'a\nca: x,\nb\n', after: 'a\nb' },
    ]);
  });

  it('keeps a byte-order mark, whether the first line changes or not', () => {
    const patch = assertApplies([
      { file: 'bom-kept.ts', before: `\uFEFF${CLIENT_BEFORE}`, after: `\uFEFF${CLIENT_AFTER}` },
      { file: 'bom-crlf.ts', before: crlf(`\uFEFF// head\n${CLIENT_BEFORE}`), after: crlf(`\uFEFF// head\n${CLIENT_AFTER}`) },
    ]);
    assert.ok(patch.includes("-\uFEFFimport fs from 'node:fs';"));
  });

  it('joins several files in path order, quoting names git would quote', () => {
    const changes: FileChange[] = [
      { file: 'src/z.ts', before: 'a\nca,\nb\n', after: 'a\nb\n' },
      { file: 'src/my client.ts', before: 'x\nca,\ny\n', after: 'x\ny\n' },
      { file: 'src/微信.ts', before: 'p\nca,\nq\n', after: 'p\nq\n' },
      { file: 'src/unchanged.ts', before: 'same\n', after: 'same\n' },
    ];
    const patch = assertApplies(changes);
    const headers = patch.split('\n').filter((l) => l.startsWith('diff --git'));
    assert.deepEqual(headers, [
      'diff --git a/src/my client.ts b/src/my client.ts',
      'diff --git a/src/z.ts b/src/z.ts',
      'diff --git "a/src/\\345\\276\\256\\344\\277\\241.ts" "b/src/\\345\\276\\256\\344\\277\\241.ts"',
    ]);
  });

  it('is empty when nothing changes', () => {
    assert.equal(diffOf([]), '');
  });
});
