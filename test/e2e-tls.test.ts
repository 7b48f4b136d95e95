// Real TLS on loopback, before and after `wechat-unpin fix` (issue 7, item 1). The sample project pins an
// "old" root; the server presents a chain from a "new" root, as api.weixin.qq.com did after 2024-10-22.
// A preload sends WeChat's hosts to 127.0.0.1, so the sample's code and the TLS name check are untouched.

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loopbackNodeOptions, runNode } from './helpers/child.ts';
import { startLoopbackHttps, TOKEN_BODY, type LoopbackServer } from './helpers/loopback-https.ts';
import { createTestPki, type TestPki } from './helpers/pki.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SAMPLE = path.join(ROOT, 'fixtures', 'e2e-client');
// WECHAT_UNPIN_CLI: run the e2e against another build of the CLI (an installed package, say).
const CLI = process.env.WECHAT_UNPIN_CLI ?? path.join(ROOT, 'dist', 'src', 'cli.js');
// What a stale pin produces: the server's intermediate has no issuer in the pinned store.
const STALE_PIN_ERRORS = ['UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'SELF_SIGNED_CERT_IN_CHAIN'];

const variants = (await readdir(SAMPLE)).filter((name) => name.endsWith('.js')).sort();

interface ClientOutcome {
  ok: boolean;
  code?: string;
  status?: number;
  body?: string;
}

let pki: TestPki;
let server: LoopbackServer;
const copies: string[] = [];

before(async () => {
  pki = await createTestPki();
  server = await startLoopbackHttps(pki);
});

after(async () => {
  await server?.close();
  await pki?.remove();
  await Promise.all(copies.map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A copy of the sample whose certs/wx-root.pem holds `rootPem`. */
async function copySample(rootPem: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'wechat-unpin-e2e-'));
  copies.push(dir);
  await cp(SAMPLE, dir, { recursive: true });
  // The pinned CA is made per run; the sample ships without it.
  await mkdir(path.join(dir, 'certs'), { recursive: true });
  await writeFile(path.join(dir, 'certs', 'wx-root.pem'), rootPem);
  return dir;
}

/** Runs one sample script the way production would, with only the loopback preload added. */
async function runClient(dir: string, script: string, extraCa?: string): Promise<ClientOutcome> {
  const env: NodeJS.ProcessEnv = { WX_PORT: String(server.port), NODE_OPTIONS: loopbackNodeOptions() };
  if (extraCa) env.NODE_EXTRA_CA_CERTS = extraCa;
  const result = await runNode([script], { cwd: dir, env, timeoutMs: 15_000 });
  const line = result.stdout.trim().split('\n').pop() ?? '';
  assert.ok(line.startsWith('{'), `${script} printed no result; stderr: ${result.stderr}`);
  const outcome = JSON.parse(line) as ClientOutcome;
  assert.equal(result.code, outcome.ok ? 0 : 1, `${script} exit code disagrees with its output: ${line}`);
  return outcome;
}

function tokenRequestsSeen(): number {
  return server.requests.filter((request) => request.url.startsWith('/cgi-bin/token')).length;
}

function assertToken(outcome: ClientOutcome, script: string): void {
  assert.equal(outcome.ok, true, `${script} failed: ${outcome.code}`);
  assert.equal(outcome.status, 200);
  assert.deepEqual(JSON.parse(outcome.body ?? ''), TOKEN_BODY);
}

/** The last request came by the name api.weixin.qq.com (the raw-socket sample leaves the port out). */
function assertLastRequestNamedWeChat(): void {
  assert.match(server.requests.at(-1)?.host ?? '', new RegExp(`^api\\.weixin\\.qq\\.com(:${server.port})?$`));
}

describe('before the fix', () => {
  test('the sample has the variants the issue asks for', () => {
    assert.ok(variants.length >= 3, `variants: ${variants.join(', ')}`);
  });

  for (const script of variants) {
    test(`${script}: the stale pin fails, even with the new root in NODE_EXTRA_CA_CERTS`, async () => {
      const dir = await copySample(pki.oldRoot.cert);
      const seen = tokenRequestsSeen();
      const plain = await runClient(dir, script);
      assert.equal(plain.ok, false);
      assert.ok(STALE_PIN_ERRORS.includes(plain.code ?? ''), `got ${plain.code}`);
      // `ca` replaces the store, so what NODE_EXTRA_CA_CERTS adds is dropped too (WECHAT.md).
      const withExtra = await runClient(dir, script, pki.newRoot.certFile);
      assert.equal(withExtra.ok, false);
      assert.ok(STALE_PIN_ERRORS.includes(withExtra.code ?? ''), `got ${withExtra.code}`);
      assert.equal(tokenRequestsSeen(), seen, 'a failed handshake must not reach the server');
    });

    test(`${script}: control: pinning the new root connects (the harness itself works)`, async () => {
      const dir = await copySample(pki.newRoot.cert);
      const seen = tokenRequestsSeen();
      assertToken(await runClient(dir, script), script);
      assert.equal(tokenRequestsSeen(), seen + 1);
      assertLastRequestNamedWeChat();
    });
  }
});

describe('after wechat-unpin fix', { skip: existsSync(CLI) ? false : `build first: ${CLI} is missing (npm run build)` }, () => {
  let dir: string;
  const originals = new Map<string, string>();

  before(async () => {
    dir = await copySample(pki.oldRoot.cert);
    for (const script of variants) originals.set(script, await readFile(path.join(dir, script), 'utf8'));
    const fix = await runNode([CLI, 'fix', '.'], { cwd: dir, env: { ...process.env }, timeoutMs: 60_000 });
    assert.equal(fix.code, 0, `fix exited ${fix.code}\nstdout: ${fix.stdout}\nstderr: ${fix.stderr}`);
  });

  for (const script of variants) {
    test(`${script}: the pin is gone and nothing else that matters is`, async () => {
      const fixed = await readFile(path.join(dir, script), 'utf8');
      assert.notEqual(fixed, originals.get(script), 'fix left the file unchanged');
      assert.doesNotMatch(fixed, /\bca\s*[:,}]|wx-root\.pem/);
      assert.match(fixed, /api\.weixin\.qq\.com/);
      assert.doesNotMatch(fixed, /rejectUnauthorized|NODE_TLS_REJECT_UNAUTHORIZED|checkServerIdentity/);
    });

    test(`${script}: with the new root trusted the system way, the call succeeds and reaches the server`, async () => {
      const seen = tokenRequestsSeen();
      assertToken(await runClient(dir, script, pki.newRoot.certFile), script);
      assert.equal(tokenRequestsSeen(), seen + 1);
      assertLastRequestNamedWeChat();
    });

    test(`${script}: without the new root it still fails: the fix kept verification on`, async () => {
      const outcome = await runClient(dir, script);
      assert.equal(outcome.ok, false);
      assert.equal(outcome.code, 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY');
    });
  }

  test('the certificate file is kept (fix never deletes it)', async () => {
    assert.equal(await readFile(path.join(dir, 'certs', 'wx-root.pem'), 'utf8'), pki.oldRoot.cert);
  });
});
