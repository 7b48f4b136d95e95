// The command line holds V8's young generation at its start-up size while a run walks and reads the
// tree, and gives it back before the scan (young-generation.ts; `npm run bench` measures the memory).
// Needs `npm run build` first (npm test does it) for the command-line case.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { flagRecorder } from './helpers/flag-recorder.ts';
import type { RunProgress } from '../src/types.ts';
import { tierUpFlag } from '../src/tier-up.ts';
import { youngGenerationHold } from '../src/young-generation.ts';

const ROOT = path.join(import.meta.dirname, '..');
const temps: string[] = [];
after(() => temps.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function flagsSetOver(phases: Array<RunProgress['phase']>, nodeOptions: string[] = []): string[] {
  const set: string[] = [];
  const follow = youngGenerationHold(nodeOptions, (flags) => set.push(flags));
  for (const phase of phases) follow({ phase, done: 0, total: 0 });
  return set;
}

test('growth is held from the walk to the scan, once each way', () => {
  assert.deepEqual(flagsSetOver(['discover', 'read', 'read', 'scan', 'fix', 'fix', 'done']), [
    '--semi-space-growth-factor=1',
    '--semi-space-growth-factor=2',
  ]);
});

test('each run of a config with several groups holds it again', () => {
  assert.deepEqual(flagsSetOver(['discover', 'read', 'scan', 'done', 'discover', 'read', 'done']), [
    '--semi-space-growth-factor=1',
    '--semi-space-growth-factor=2',
    '--semi-space-growth-factor=1',
    '--semi-space-growth-factor=2',
  ]);
});

test("a user's own young-generation setting for node is left alone", () => {
  assert.deepEqual(flagsSetOver(['discover', 'read', 'scan'], ['--max-semi-space-size=64']), []);
  assert.deepEqual(flagsSetOver(['discover', 'read', 'scan'], ['--require x.cjs', '--semi-space-growth-factor=4']), []);
});

test('the command line sets the factor back before the scanner loads TypeScript', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'wechat-unpin-young-'));
  temps.push(dir);
  const recorder = flagRecorder(dir);
  const result = spawnSync(process.execPath, ['--require', recorder.preload, path.join(ROOT, 'dist', 'src', 'cli.js'), 'scan', '.', '--format', 'json'], {
    cwd: path.join(ROOT, 'fixtures', 'sample-app'),
    encoding: 'utf8',
  });
  assert.equal(result.status, 1, result.stderr);
  // The tier-up flag comes first (tier-up.test.ts); the hold and its end follow, before TypeScript.
  const tierUp = tierUpFlag(process.versions.v8, []);
  assert.deepEqual(recorder.lines(), [
    ...(tierUp === undefined ? [] : [tierUp]),
    '--semi-space-growth-factor=1',
    '--semi-space-growth-factor=2',
    'typescript',
  ]);
});
