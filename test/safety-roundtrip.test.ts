// Round trip over real code: `fix` on a seeded sample of ~2,000 dependency files must leave every
// file without a finding byte-identical, never exit 2, and list every candidate it cannot parse.
// `npm run soak` does the same on all of them.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ts } from 'ts-morph';
import { mayHoldFinding } from '../src/prefilter.ts';
import { copyCorpus, dependencyFiles, sample } from './helpers/safety-corpus.ts';
import { jsonOf, pinnedFile, pinnedFileFixed, removeProject, runCli, snapshot } from './helpers/safety-cli.ts';

const SEED = 20240606;
const SIZE = 2000;

describe('round trip over the installed dependencies', () => {
  it(`fix on ${SIZE} files (seed ${SEED}) changes only the planted pins`, async () => {
    const { root, copied } = copyCorpus(sample(dependencyFiles(), SIZE, SEED));
    // Plant a few fixable files among the real ones, so the write path runs in the same pass.
    const planted = ['planted/a.js', 'planted/b.js', 'planted/c.js'];
    for (const file of planted) writeFileSync(path.join(root, file.replace('planted/', 'planted-')), pinnedFile(file));
    const plantedPaths = planted.map((file) => file.replace('planted/', 'planted-'));
    const before = snapshot(root);

    const result = await runCli(['fix', '--format', 'json', '--include-tests', '.'], root, { timeoutMs: 120_000 });
    assert.notEqual(result.code, 2, result.stderr.slice(0, 2000));
    const report = jsonOf(result);
    // Declaration files (.d.ts) are never scanned: they hold no code that runs.
    const scannable = copied.filter((file) => !/\.d\.[mc]?ts$/.test(file));
    assert.equal(report.summary.filesMatched, scannable.length + planted.length);

    const withFinding = new Set(report.findings.map((finding) => finding.file));
    const after = snapshot(root);
    for (const [entry, content] of before) {
      if (withFinding.has(entry)) continue;
      assert.equal(after.get(entry), content, `${entry} changed without a finding`);
    }
    for (const file of plantedPaths) {
      assert.equal(readFileSync(path.join(root, file), 'utf8'), pinnedFileFixed(file.replace('planted-', 'planted/')));
    }

    // Every candidate TypeScript cannot parse is in errors (what the prefilter rejects is never parsed).
    const errors = new Set(report.errors.map((error) => error.file));
    for (const file of copied) {
      const text = readFileSync(path.join(root, file), 'utf8');
      if (text.length > 2 * 1024 * 1024 || !mayHoldFinding(text)) continue;
      const kind = /\.tsx$/.test(file) ? ts.ScriptKind.TSX : /\.[mc]?ts$/.test(file) ? ts.ScriptKind.TS : ts.ScriptKind.JSX;
      const parsed = ts.createSourceFile(file, text.replace(/^\uFEFF/, ''), ts.ScriptTarget.Latest, true, kind);
      const diagnostics = (parsed as unknown as { parseDiagnostics: ts.Diagnostic[] }).parseDiagnostics;
      if (diagnostics.length > 0) assert.ok(errors.has(file), `${file} does not parse but is not in errors`);
    }
    removeProject(root);
  });
});
