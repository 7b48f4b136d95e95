// The command line delays V8's TurboFan tier-up (tier-up.ts; `npm run bench` measures what it buys).
// Needs `npm run build` first (npm test does it) for the command-line cases.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import Module from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { flagRecorder } from './helpers/flag-recorder.ts';
import { delayTierUp, tierUpFlag } from '../src/tier-up.ts';

const ROOT = path.join(import.meta.dirname, '..');
const temps: string[] = [];
after(() => temps.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

test('each V8 the table knows gets its own flag at 4 times the default', () => {
  assert.equal(tierUpFlag('11.3.244.8-node.38', []), '--interrupt-budget=270336');
  assert.equal(tierUpFlag('12.4.254.21-node.57', []), '--invocation-count-for-turbofan=12000');
  assert.equal(tierUpFlag('13.6.233.17-node.37', []), '--invocation-count-for-turbofan=12000');
});

test('a V8 the table does not know is left alone (V8 prints an error for a flag it lacks)', () => {
  assert.equal(tierUpFlag('11.8.172.17-node.15', []), undefined);
  assert.equal(tierUpFlag('14.1.0', []), undefined);
  assert.equal(tierUpFlag('10.2.154.26-node.26', []), undefined);
});

test("a user's own tier-up setting for node is left alone", () => {
  assert.equal(tierUpFlag('11.3.244.8-node.38', ['--interrupt-budget=1000']), undefined);
  assert.equal(tierUpFlag('12.4.254.21-node.57', ['--require x.cjs --invocation-count-for-turbofan=50']), undefined);
  assert.equal(tierUpFlag('11.3.244.8-node.38', ['--no-opt']), undefined);
  assert.equal(tierUpFlag('11.3.244.8-node.38', ['--max-semi-space-size=64']), '--interrupt-budget=270336');
});

test('the flag is set once however often it is asked for', () => {
  const set: string[] = [];
  delayTierUp([], (flags) => set.push(flags));
  delayTierUp([], (flags) => set.push(flags));
  assert.deepEqual(set, [tierUpFlag(process.versions.v8, [])].filter((flag) => flag !== undefined));
});

test('the command line sets the flag first, and keeps its code caches apart from a library caller’s', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'wechat-unpin-tier-up-'));
  temps.push(dir);
  const recorder = flagRecorder(dir);
  const cache = path.join(dir, 'cache');
  const result = spawnSync(process.execPath, ['--require', recorder.preload, path.join(ROOT, 'dist', 'src', 'cli.js'), 'scan', '.', '--format', 'json'], {
    cwd: path.join(ROOT, 'fixtures', 'sample-app'),
    encoding: 'utf8',
    env: { ...process.env, XDG_CACHE_HOME: cache, TMPDIR: dir, NODE_OPTIONS: '', NODE_COMPILE_CACHE: '' },
  });
  assert.equal(result.status, 1, result.stderr);
  const flag = tierUpFlag(process.versions.v8, []);
  const lines = recorder.lines();
  if (flag === undefined) {
    assert.ok(!lines.some((line) => /interrupt-budget|invocation-count/.test(line)), lines.join('\n'));
    return;
  }
  assert.equal(lines[0], flag);
  assert.equal(lines.filter((line) => line === flag).length, 1);
  const suffix = flag.replace(/^--/, '').replace('=', '-');
  if (typeof (Module as unknown as { enableCompileCache?: unknown }).enableCompileCache !== 'function') {
    // Node 20: this package's own cache.
    assert.deepEqual(readdirSync(path.join(cache, 'wechat-unpin')), [`v8-${process.versions.v8}-${process.arch}-${suffix}`]);
  } else {
    // Node ≥ 22.1: Node's cache, in a folder of the flag's beside Node's default one.
    assert.deepEqual(readdirSync(path.join(dir, 'node-compile-cache')), [`wechat-unpin-${suffix}`]);
  }
});
