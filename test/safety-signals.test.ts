// Issue 11, item 3: Ctrl-C and SIGTERM before the write phase (discovery, reading, the scanner's long
// synchronous work) end the run at once with nothing written: the default action, which a shell reports
// as 130 (SIGINT) or 143 (SIGTERM). From the first write on, the first signal stops between files
// (safety-crash.test.ts) and a second one at once. Real signals, sent to the built CLI.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { watchInterrupt } from '../src/interrupt.ts';
import { makeProject, pinnedFile, pinnedFileFixed, removeProject, snapshot, spawnCli } from './helpers/safety-cli.ts';

const FILES = 1000;

/**
 * 1,000 modules that import each other in a ring, each with a pin: the scanner loads them all as one
 * neighbourhood, which keeps it busy for several seconds in one synchronous stretch.
 */
function slowProject(): string {
  const files: Record<string, string> = {};
  for (let i = 0; i < FILES; i++) {
    files[`src/m${i}.js`] = [
      "const https = require('https');",
      `const next = require('./m${(i + 1) % FILES}.js');`,
      `const agent = new https.Agent({ keepAlive: true, ca: 'PINNED ${i}' });`,
      `function get${i}(p) { return https.get('https://api.weixin.qq.com/cgi-bin/' + p + next.x, { agent }); }`,
      `module.exports = { x: '${i}', get${i} };`,
      '',
    ].join('\n');
  }
  return makeProject(files);
}

interface Ended {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  /** Milliseconds from the (first) signal to the exit. */
  afterSignalMs: number;
}

/** Runs the CLI, sends `signals` after `delayMs` (each 20 ms after the one before), waits for the end. */
async function runAndSignal(args: string[], root: string, signals: NodeJS.Signals[], delayMs: number): Promise<Ended> {
  const child = spawnCli(args, root, { timeoutMs: 120_000 });
  let stdout = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr!.resume();
  const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal })),
  );
  await sleep(delayMs);
  const sent = performance.now();
  for (const signal of signals) {
    child.kill(signal);
    await sleep(20);
  }
  const end = await closed;
  return { ...end, stdout, afterSignalMs: performance.now() - sent };
}

/** How a shell would report the end: 128 + the signal's number when a signal ended the process. */
function shellStatus(end: Ended): number | null {
  if (end.signal === 'SIGINT') return 130;
  if (end.signal === 'SIGTERM') return 143;
  return end.code;
}

describe('signals before the write phase (issue 11, item 3)', () => {
  it('watchInterrupt installs no handler until armed', () => {
    const before = process.listenerCount('SIGTERM');
    const interrupt = watchInterrupt(['SIGTERM'], { armed: false });
    assert.equal(process.listenerCount('SIGTERM'), before);
    interrupt.arm();
    interrupt.arm();
    assert.equal(process.listenerCount('SIGTERM'), before + 1);
    interrupt.dispose();
    assert.equal(process.listenerCount('SIGTERM'), before);
  });

  for (const [command, signal, status] of [
    ['scan', 'SIGINT', 130],
    ['fix', 'SIGINT', 130],
    ['fix', 'SIGTERM', 143],
  ] as const) {
    it(`${command}: ${signal} while the scanner works ends the run at once, nothing written, exit ${status}`, async () => {
      const root = slowProject();
      const before = snapshot(root);
      // Discovery and reading take a fraction of a second; the scan goes on for a second or more after
      // that (on a quiet machine the whole scan ends within 1.5 s: the signal comes well before).
      const end = await runAndSignal([command, '--format', 'json', '--output', 'report.json', '.'], root, [signal], 900);
      assert.equal(shellStatus(end), status, `ended with code ${end.code}, signal ${end.signal}`);
      // Without the fix the signal waited for the whole scan (about 8 s here, more under load).
      assert.ok(end.afterSignalMs < 1500, `the run went on for ${Math.round(end.afterSignalMs)} ms after ${signal}`);
      assert.equal(end.stdout, '');
      assert.deepEqual(snapshot(root), before, 'something was written');
      removeProject(root);
    });
  }

  it('a signal during discovery and reading ends the run at once too', async () => {
    const root = slowProject();
    const before = snapshot(root);
    const end = await runAndSignal(['fix', '.'], root, ['SIGINT'], 150);
    assert.equal(shellStatus(end), 130);
    assert.ok(end.afterSignalMs < 1500, `the run went on for ${Math.round(end.afterSignalMs)} ms`);
    assert.deepEqual(snapshot(root), before);
    removeProject(root);
  });

  it('two signals in the write phase: the second ends the run at once; every file old or new', async () => {
    const names = Array.from({ length: 300 }, (_, i) => `w${String(i).padStart(3, '0')}.js`);
    const root = makeProject(Object.fromEntries(names.map((name) => [name, pinnedFile(name)])));
    const child = spawnCli(['fix', '.'], root);
    child.stdout!.resume();
    child.stderr!.resume();
    const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.on('close', (code, signal) => resolve({ code, signal })),
    );
    let exited = false;
    void closed.then(() => (exited = true));
    // Wait for the first file to be written: the write phase has begun and the handlers are armed.
    while (!exited && readFileSync(path.join(root, names[0]!), 'utf8') === pinnedFile(names[0]!)) await sleep(2);
    child.kill('SIGINT');
    child.kill('SIGINT');
    const end = await closed;
    let fixed = 0;
    for (const name of names) {
      const text = readFileSync(path.join(root, name), 'utf8');
      if (text === pinnedFileFixed(name)) fixed++;
      else assert.equal(text, pinnedFile(name), `${name} is neither old nor new`);
    }
    // Either the second signal ended it (killed by SIGINT), or the run had finished first.
    assert.ok(end.signal === 'SIGINT' || end.code === 130 || (end.code === 0 && fixed === names.length), `ended ${end.code} ${end.signal}`);
    removeProject(root);
  });
});
