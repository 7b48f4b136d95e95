// Crash safety: SIGKILL at random points of a large fix leaves every file either as it was or fully
// fixed; SIGINT stops after the file in flight and says what was done.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { interruptionMessage, watchInterrupt } from '../src/interrupt.ts';
import { makeProject, pinnedFile, pinnedFileFixed, removeProject, spawnCli } from './helpers/safety-cli.ts';

const FILES = 200;
const names = Array.from({ length: FILES }, (_, i) => `src/m${String(i).padStart(3, '0')}.js`);

/** Starts `fix`, waits until the first file is written, waits `delayMs` more, sends `signal`. */
async function fixAndSignal(root: string, signal: NodeJS.Signals, delayMs: number) {
  const child = spawnCli(['fix', '--format', 'json', '.'], root);
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, sig) => resolve({ code, signal: sig })));
  let exited = false;
  void closed.then(() => (exited = true));
  const first = path.join(root, names[0]!);
  while (!exited && readFileSync(first, 'utf8') === pinnedFile(names[0]!)) await sleep(2);
  if (delayMs > 0) await sleep(delayMs);
  if (!exited) child.kill(signal);
  return { ...(await closed), stdout, stderr };
}

/** Every file is its before or its after text; returns how many are fixed. */
function assertOldOrNew(root: string): number {
  let fixed = 0;
  for (const name of names) {
    const text = readFileSync(path.join(root, name), 'utf8');
    if (text === pinnedFileFixed(name)) fixed++;
    else assert.equal(text, pinnedFile(name), `${name} is neither old nor new`);
  }
  return fixed;
}

describe('crash safety', () => {
  it('SIGKILL at random points during a large fix: every file old or new', async () => {
    const root = makeProject(Object.fromEntries(names.map((name) => [name, pinnedFile(name)])));
    const seen: number[] = [];
    for (const delayMs of [0, 3, 10, 25, 60]) {
      for (const name of names) writeFileSync(path.join(root, name), pinnedFile(name));
      const result = await fixAndSignal(root, 'SIGKILL', delayMs);
      seen.push(assertOldOrNew(root));
      assert.ok(result.signal === 'SIGKILL' || result.code === 0, `unexpected end: ${result.code} ${result.stderr.slice(0, 300)}`);
    }
    // The kills landed inside the write phase at least once (not all before, not all after).
    assert.ok(seen.some((fixed) => fixed > 0 && fixed < FILES), `fixed counts per kill: ${seen.join(', ')}`);
    removeProject(root);
  });

  it('SIGINT: stops before the next renames, says what was done, leaves no temp file, exit 130', async () => {
    const root = makeProject(Object.fromEntries(names.map((name) => [name, pinnedFile(name)])));
    const result = await fixAndSignal(root, 'SIGINT', 5);
    const fixed = assertOldOrNew(root);
    assert.equal(result.code, 130, result.stderr);
    assert.match(result.stderr, new RegExp(`interrupted: ${fixed} files? fixed, ${FILES - fixed} files? left as they were`));
    const report = JSON.parse(result.stdout) as { findings: Array<{ file: string; status: string }> };
    assert.equal(report.findings.filter((finding) => finding.status === 'fixed').length, fixed, 'the report matches the disk');
    assert.deepEqual(readdirSync(path.join(root, 'src')).filter((name) => name.endsWith('.tmp')), [], 'no temp file is left');
    removeProject(root);
  });

  it('watchInterrupt aborts its signal on the first SIGINT and removes its handler on dispose', async () => {
    const interrupt = watchInterrupt(['SIGINT']);
    process.kill(process.pid, 'SIGINT');
    await sleep(20);
    assert.equal(interrupt.signal.aborted, true);
    interrupt.dispose();
    assert.equal(process.listenerCount('SIGINT'), 0);
    assert.equal(interruptionMessage({ filesWritten: 1, filesLeft: 3 }), 'interrupted: 1 file fixed, 3 files left as they were (every file is either unchanged or fully fixed). Run the fix again to finish.');
  });
});
