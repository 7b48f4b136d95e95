// Issue 11, item 2: the certificate a pin reads is described from a file the scanned code names, so
// that file is read only when it is a regular file inside the scanned folders, under 1 MiB, without
// following a link out and without blocking (a FIFO, /dev/zero). Runs the built CLI.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import tls from 'node:tls';
import { describe, it } from 'node:test';
import { certificateReader, MAX_CERTIFICATE_BYTES, readRegularFile } from '../src/certificate-file.ts';
import { makeProject, removeProject, runCli } from './helpers/safety-cli.ts';

const ROOT_PEM = tls.rootCertificates[0]!;
/** Its common name, which must not reach a report when the file is outside the scan. */
const ROOT_CN = /CN=(.*)/.exec(new X509Certificate(ROOT_PEM).subject)![1]!;

/** A project whose pin reads `certificatePath` (a string literal in the code). */
function pinReading(certificatePath: string, files: Record<string, string> = {}): string {
  return makeProject({
    'client.js': [
      "const fs = require('fs');",
      "const https = require('https');",
      `const agent = new https.Agent({ ca: fs.readFileSync(${JSON.stringify(certificatePath)}) });`,
      "https.get('https://api.weixin.qq.com/cgi-bin/token', { agent });",
      '',
    ].join('\n'),
    ...files,
  });
}

interface Report {
  findings: Array<{ status: string; certificate?: { file: string; subject: string } }>;
}

async function scanJson(root: string): Promise<{ code: number | null; report: Report; stdout: string }> {
  // A bound far above a normal run (under a second): reaching it means the run hung.
  const result = await runCli(['scan', '--format', 'json', '.'], root, { timeoutMs: 20_000 });
  assert.notEqual(result.code, null, `the scan did not finish (killed by ${result.signal})`);
  return { code: result.code, report: JSON.parse(result.stdout) as Report, stdout: result.stdout };
}

describe('certificate files the scanned code names (issue 11, item 2)', { concurrency: 4 }, () => {
  it('a file inside the scanned folder is described', async () => {
    const root = pinReading('certs/root.pem', { 'certs/root.pem': ROOT_PEM });
    const { report } = await scanJson(root);
    assert.equal(report.findings[0]?.certificate?.file, 'certs/root.pem');
    removeProject(root);
  });

  it('a FIFO named by the code: the scan finishes, the finding has no certificate', async (t) => {
    if (process.platform === 'win32') return t.skip('no FIFOs');
    const root = pinReading('certs/root.pem');
    mkdirSync(path.join(root, 'certs'));
    execFileSync('mkfifo', [path.join(root, 'certs/root.pem')]);
    const { code, report } = await scanJson(root);
    assert.equal(code, 1);
    assert.equal(report.findings[0]?.certificate, undefined);
    removeProject(root);
  });

  it('a certificate outside the scanned folder: not read, its subject not in the report', async () => {
    const outside = makeProject({ 'private/ca.pem': ROOT_PEM });
    const root = pinReading(path.join(outside, 'private/ca.pem'));
    const { report, stdout } = await scanJson(root);
    assert.equal(report.findings.length, 1);
    assert.equal(report.findings[0]?.certificate, undefined);
    assert.ok(!stdout.includes(ROOT_CN), `the report names ${ROOT_CN}`);
    const sarif = await runCli(['scan', '--format', 'sarif', '.'], root);
    assert.ok(!sarif.stdout.includes(ROOT_CN), `the SARIF names ${ROOT_CN}`);
    removeProject(root);
    removeProject(outside);
  });

  it('a link inside the folder that leads out of it: not followed', async () => {
    const outside = makeProject({ 'ca.pem': ROOT_PEM });
    const root = pinReading('certs/root.pem');
    mkdirSync(path.join(root, 'certs'));
    symlinkSync(path.join(outside, 'ca.pem'), path.join(root, 'certs/root.pem'));
    const { report } = await scanJson(root);
    assert.equal(report.findings[0]?.certificate, undefined);
    removeProject(root);
    removeProject(outside);
  });

  it('the reader: devices, FIFOs, links out and files over 1 MiB are skipped, links within are read', async (t) => {
    const root = makeProject({ 'in.pem': ROOT_PEM, 'big.pem': `${ROOT_PEM}\n${'#'.repeat(MAX_CERTIFICATE_BYTES)}` });
    const reader = certificateReader([root]);
    symlinkSync(path.join(root, 'in.pem'), path.join(root, 'alias.pem'));
    symlinkSync('/dev/zero', path.join(root, 'zero.pem'));
    assert.deepEqual(await reader.read(path.join(root, 'in.pem')), { bytes: Buffer.from(ROOT_PEM) });
    assert.deepEqual(await reader.read(path.join(root, 'alias.pem')), { bytes: Buffer.from(ROOT_PEM) });
    assert.deepEqual(await reader.read(path.join(root, 'zero.pem')), { skipped: 'outside' });
    assert.deepEqual(await reader.read(path.join(root, 'big.pem')), { skipped: 'too-large' });
    assert.deepEqual(await reader.read('/etc/passwd'), { skipped: 'outside' });
    assert.deepEqual(await reader.read(path.join(root, 'missing.pem')), { skipped: 'unreadable' });
    // Even when a device is inside the allowed folders, it is not read.
    assert.deepEqual(await certificateReader(['/dev']).read('/dev/zero'), { skipped: 'not-a-file' });
    assert.deepEqual(await readRegularFile('/dev/zero', MAX_CERTIFICATE_BYTES), { skipped: 'not-a-file' });
    if (process.platform !== 'win32') {
      execFileSync('mkfifo', [path.join(root, 'fifo.pem')]);
      assert.deepEqual(await reader.read(path.join(root, 'fifo.pem')), { skipped: 'not-a-file' });
    } else t.diagnostic('no FIFO on Windows');
    writeFileSync(path.join(root, 'empty.pem'), '');
    assert.deepEqual(await reader.read(path.join(root, 'empty.pem')), { bytes: Buffer.alloc(0) });
    removeProject(root);
  });
});
