// `doctor`: its parts with injected inputs, runDoctor on a temp project, and the command in a child
// process against the loopback server (trusted the system way, through NODE_EXTRA_CA_CERTS).

import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { once } from 'node:events';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { doctorExitCode, DoctorUsageError, formatDoctorJson, formatDoctorText, runDoctor } from '../src/doctor/index.ts';
import type { DoctorCheck, DoctorResult } from '../src/doctor/index.ts';
import { caFlagsOf, checkEnvironment } from '../src/doctor/environment.ts';
import { onlineTargets, TARGETS_ENV } from '../src/doctor/online.ts';
import { checkTrustStore, type StoreLister } from '../src/doctor/trust-store.ts';
import { loopbackNodeOptions, runNode } from './helpers/child.ts';
import { startLoopbackHttps, type LoopbackServer } from './helpers/loopback-https.ts';
import { createRoot, createTestPki, pemToDer, type TestPki } from './helpers/pki.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DOCTOR_MAIN = path.join(ROOT, 'test', 'helpers', 'doctor-main.ts');
const G2 = tls.rootCertificates.find((pem) => new X509Certificate(pem).subject.endsWith('\nCN=DigiCert Global Root G2'));
const WITHOUT_G2 = tls.rootCertificates.filter((pem) => pem !== G2);

let pki: TestPki;
let server: LoopbackServer;
let project: string;

before(async () => {
  pki = await createTestPki();
  server = await startLoopbackHttps(pki);
  project = await mkdtemp(path.join(tmpdir(), 'wechat-unpin-doctor-'));
  const baltimore = await createRoot(pki.dir, 'baltimore', '/C=IE/O=Baltimore/OU=CyberTrust/CN=Baltimore CyberTrust Root');
  await mkdir(path.join(project, 'certs'));
  await mkdir(path.join(project, 'node_modules', 'some-sdk'), { recursive: true });
  await writeFile(path.join(project, 'certs', 'wx-root.pem'), baltimore.cert);
  await writeFile(path.join(project, 'certs', 'internal-ca.CRT'), pki.newRoot.cert);
  await writeFile(path.join(project, 'certs', 'g2.der'), pemToDer(G2 ?? ''));
  await writeFile(path.join(project, 'certs', 'apiclient_cert.pem'), pki.server.cert);
  await writeFile(path.join(project, 'certs', 'apiclient_key.pem'), pki.server.key);
  await writeFile(path.join(project, 'node_modules', 'some-sdk', 'ca.pem'), baltimore.cert);
  await writeFile(path.join(project, 'index.js'), "console.log('hello');\n");
});

after(async () => {
  await server?.close();
  await pki?.remove();
  if (project) await rm(project, { recursive: true, force: true });
});

function codes(checks: readonly DoctorCheck[]): string[] {
  return checks.map((check) => check.code);
}

function find<C extends DoctorCheck['code']>(checks: readonly DoctorCheck[], code: C): Extract<DoctorCheck, { code: C }> {
  const found = checks.find((check): check is Extract<DoctorCheck, { code: C }> => check.code === code);
  assert.ok(found, `no ${code} in ${codes(checks).join(', ')}`);
  return found;
}

describe('trust store', () => {
  const base = { caFlags: [], extraHasRoot: false, nodeVersion: 'v20.0.0', lister: undefined };

  test('this Node: the bundled store holds DigiCert Global Root G2', () => {
    assert.ok(G2, 'Node 20+ bundles DigiCert Global Root G2');
    const checks = checkTrustStore({ ...base, bundled: tls.rootCertificates });
    assert.deepEqual(find(checks, 'root-trusted'), { code: 'root-trusted', level: 'ok', root: 'DigiCert Global Root G2', stores: ['bundled'] });
    assert.equal(find(checks, 'store-root').present, true);
  });

  test('a bundled store without G2 is a problem, unless NODE_EXTRA_CA_CERTS adds it', () => {
    assert.equal(find(checkTrustStore({ ...base, bundled: WITHOUT_G2 }), 'root-untrusted').level, 'problem');
    const withExtra = checkTrustStore({ ...base, bundled: WITHOUT_G2, extraHasRoot: true });
    assert.deepEqual(find(withExtra, 'root-trusted').stores, ['extra']);
  });

  test('--use-openssl-ca on a Node that cannot list the store: unknown, not trusted', () => {
    const checks = checkTrustStore({ ...base, caFlags: ['--use-openssl-ca'], bundled: tls.rootCertificates });
    assert.equal(find(checks, 'root-unknown').level, 'warning');
    assert.ok(!codes(checks).includes('root-trusted'));
    assert.deepEqual(find(checks, 'ca-flag').flag, '--use-openssl-ca');
  });

  test('a newer Node (tls.getCACertificates): the default store decides', () => {
    const lister = (stores: Record<'default' | 'system' | 'bundled', readonly string[]>): StoreLister => (type) => stores[type];
    const lacking = checkTrustStore({ ...base, bundled: tls.rootCertificates, lister: lister({ default: WITHOUT_G2, system: [], bundled: [] }) });
    assert.equal(find(lacking, 'root-untrusted').level, 'problem');
    assert.ok(!codes(lacking).includes('system-store-unavailable'));
    const holding = checkTrustStore({ ...base, bundled: WITHOUT_G2, lister: lister({ default: tls.rootCertificates, system: [G2 ?? ''], bundled: [] }) });
    assert.deepEqual(find(holding, 'root-trusted').stores, ['default']);
    assert.deepEqual(
      holding.filter((check) => check.code === 'store-root').map((check) => [check.store, check.present]),
      [['bundled', false], ['system', true], ['default', true]],
    );
  });

  test('CA flags are read from the command line and NODE_OPTIONS', () => {
    assert.deepEqual(caFlagsOf(['--use-system-ca'], { NODE_OPTIONS: '--max-old-space-size=100 --use-openssl-ca' }), ['--use-system-ca', '--use-openssl-ca']);
    assert.deepEqual(caFlagsOf([], {}), []);
  });
});

describe('environment', () => {
  test('NODE_TLS_REJECT_UNAUTHORIZED=0 is a problem; any other value keeps checks on', async () => {
    assert.equal(find((await checkEnvironment({ NODE_TLS_REJECT_UNAUTHORIZED: '0' }, project)).checks, 'reject-unauthorized-off').level, 'problem');
    assert.equal(find((await checkEnvironment({ NODE_TLS_REJECT_UNAUTHORIZED: 'false' }, project)).checks, 'reject-unauthorized-on').level, 'info');
    assert.deepEqual((await checkEnvironment({}, project)).checks, []);
  });

  test('NODE_EXTRA_CA_CERTS is read (relative to cwd) and searched for G2', async () => {
    const g2 = await checkEnvironment({ NODE_EXTRA_CA_CERTS: 'certs/g2.der' }, project);
    assert.equal(g2.extraHasRoot, true);
    assert.deepEqual(find(g2.checks, 'extra-ca-certs'), { code: 'extra-ca-certs', level: 'info', file: 'certs/g2.der', certificates: 1, hasRoot: true });
    const other = await checkEnvironment({ NODE_EXTRA_CA_CERTS: pki.newRoot.certFile }, project);
    assert.equal(other.extraHasRoot, false);
    const missing = await checkEnvironment({ NODE_EXTRA_CA_CERTS: 'nope.pem' }, project);
    assert.equal(find(missing.checks, 'extra-ca-certs-unreadable').error, 'ENOENT');
  });
});

describe('runDoctor offline', () => {
  let result: DoctorResult;
  before(async () => {
    result = await runDoctor({ paths: ['.'], cwd: project, online: false, env: {}, execArgv: [] });
  });

  test('certificate files: described, judged, node_modules skipped', () => {
    const fileOf = (check: DoctorCheck): string =>
      check.code === 'certificate-file' ? check.certificate.file : 'file' in check ? check.file : '';
    const described = (file: string) =>
      find(result.sections.files.filter((check) => fileOf(check) === file), 'certificate-file');
    assert.deepEqual(result.sections.files.map(fileOf), [
      'certs/apiclient_cert.pem',
      'certs/apiclient_key.pem',
      'certs/g2.der',
      'certs/internal-ca.CRT',
      'certs/wx-root.pem',
    ]);
    const root = described('certs/wx-root.pem');
    assert.deepEqual([root.level, root.ca, root.count], ['problem', true, 1]);
    assert.equal(root.certificate.abandonedRoot, 'Baltimore CyberTrust Root');
    assert.equal(described('certs/internal-ca.CRT').level, 'warning');
    assert.equal(described('certs/g2.der').certificate.abandonedRoot, null);
    const client = described('certs/apiclient_cert.pem');
    assert.deepEqual([client.level, client.ca], ['info', false]);
    assert.equal(result.sections.files[1]?.code, 'not-a-certificate');
  });

  test('counts, exit code, no online section', () => {
    assert.equal(result.online, null);
    assert.equal(result.problems, 1);
    assert.equal(doctorExitCode(result), 1);
    assert.equal(find(result.sections['trust-store'], 'root-trusted').level, 'ok');
  });

  test('text: one line per check, colour only when asked', () => {
    const plain = formatDoctorText(result, false);
    assert.doesNotMatch(plain, /\u001b\[/);
    assert.match(plain, /✗ certs\/wx-root\.pem: CA certificate .*Baltimore CyberTrust Root, a root WeChat has left/);
    assert.match(plain, /✓ DigiCert Global Root G2 is trusted/);
    assert.match(plain, /NODE_EXTRA_CA_CERTS and NODE_TLS_REJECT_UNAUTHORIZED are not set/);
    assert.match(plain, /add --online/);
    assert.match(plain, /^1 problem, 2 warnings\. Next:/m);
    assert.match(formatDoctorText(result, true), /\u001b\[31m✗/);
  });

  test('json: the result with a message per check', () => {
    const parsed = JSON.parse(formatDoctorJson(result)) as { schemaVersion: number; problems: number; sections: Record<string, { message: string }[]> };
    assert.equal(parsed.schemaVersion, 1);
    assert.equal(parsed.problems, 1);
    assert.equal(parsed.sections.files?.length, 5);
    assert.ok(parsed.sections.files?.every((check) => check.message.length > 0));
  });

  test('a single file given by name is read whatever its extension; a missing path is a usage error', async () => {
    const single = await runDoctor({ paths: ['certs/wx-root.pem', 'index.js'], cwd: project, online: false, env: {}, execArgv: [] });
    assert.deepEqual(codes(single.sections.files), ['certificate-file', 'not-a-certificate']);
    await assert.rejects(runDoctor({ paths: ['no/such'], cwd: project, online: false, env: {} }), DoctorUsageError);
  });

  test('no certificate files; a folder inside node_modules is searched only when named', async () => {
    await mkdir(path.join(project, 'empty'), { recursive: true });
    const empty = await runDoctor({ paths: ['empty'], cwd: project, online: false, env: {}, execArgv: [] });
    assert.deepEqual(codes(empty.sections.files), ['no-certificate-files']);
    const named = await runDoctor({ paths: ['node_modules/some-sdk'], cwd: project, online: false, env: {}, execArgv: [] });
    assert.equal(find(named.sections.files, 'certificate-file').certificate.file, 'node_modules/some-sdk/ca.pem');
  });
});

describe('runDoctor --online (in process: the test root is not in this store)', () => {
  test('targets: option, then the hidden variable, then WeChat; non-https is refused', () => {
    assert.deepEqual(onlineTargets(['https://a.test/'], { [TARGETS_ENV]: 'https://b.test/' }), ['https://a.test/']);
    assert.deepEqual(onlineTargets(undefined, { [TARGETS_ENV]: ' https://b.test/x , https://c.test/ ' }), ['https://b.test/x', 'https://c.test/']);
    assert.deepEqual(onlineTargets(undefined, {}), ['https://api2.weixin.qq.com/testcert', 'https://api.weixin.qq.com/']);
    assert.throws(() => onlineTargets(undefined, { [TARGETS_ENV]: 'http://b.test/' }), DoctorUsageError);
  });

  test('an untrusted chain is reported with its code, meaning and fix: exit 1', async () => {
    const result = await runDoctor({
      paths: ['index.js'], cwd: project, online: true, env: {}, execArgv: [],
      onlineTargets: [`https://127.0.0.1:${server.port}/testcert`],
    });
    const failure = find(result.sections.online, 'online-tls-error');
    assert.equal(failure.errorCode, 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY');
    assert.deepEqual(result.online, { targets: [`https://127.0.0.1:${server.port}/testcert`], unreachable: false });
    assert.equal(doctorExitCode(result), 1);
    assert.match(formatDoctorText(result, false), /UNABLE_TO_GET_ISSUER_CERT_LOCALLY: no root in this Node's store issued WeChat's chain\. Trust DigiCert Global Root G2/);
  });

  test('NODE_TLS_REJECT_UNAUTHORIZED=0 in the process cannot make the live check pass', async () => {
    const before = process.env.NODE_TLS_REJECT_UNAUTHORIZED;
    process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';
    try {
      const result = await runDoctor({
        paths: ['index.js'], cwd: project, online: true, env: {}, execArgv: [],
        onlineTargets: [`https://127.0.0.1:${server.port}/testcert`],
      });
      assert.equal(find(result.sections.online, 'online-tls-error').errorCode, 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY');
    } finally {
      if (before === undefined) delete process.env.NODE_TLS_REJECT_UNAUTHORIZED;
      else process.env.NODE_TLS_REJECT_UNAUTHORIZED = before;
    }
  });

  test('offline (refused, silent): unreachable, one line, exit 2', async () => {
    const closed = net.createServer().listen(0, '127.0.0.1');
    await once(closed, 'listening');
    const refusedPort = (closed.address() as net.AddressInfo).port;
    closed.close();
    await once(closed, 'close');
    // Accepts the connection and never says a word: the time limit has to end it.
    const silentSockets: net.Socket[] = [];
    const silent = net.createServer((socket) => silentSockets.push(socket)).listen(0, '127.0.0.1');
    await once(silent, 'listening');
    const silentPort = (silent.address() as net.AddressInfo).port;
    try {
      const started = Date.now();
      const result = await runDoctor({
        paths: ['index.js'], cwd: project, online: true, env: {}, execArgv: [], onlineTimeoutMs: 300,
        onlineTargets: [`https://127.0.0.1:${refusedPort}/testcert`, `https://127.0.0.1:${silentPort}/`],
      });
      assert.ok(Date.now() - started < 3000, 'the time limit ends a silent server');
      assert.deepEqual(
        result.sections.online.map((check) => ('errorCode' in check ? check.errorCode : check.code)),
        ['ECONNREFUSED', 'ETIMEDOUT'],
      );
      assert.equal(result.online?.unreachable, true);
      assert.equal(result.warnings, 0, 'offline is one fact, not a warning per target');
      assert.equal(doctorExitCode(result), 2);
      const onlineLines = formatDoctorText(result, false).split('Online check\n')[1]?.split('\n\n')[0]?.split('\n');
      assert.deepEqual(onlineLines?.length, 1);
      assert.match(onlineLines?.[0] ?? '', /offline: could not reach 127\.0\.0\.1:\d+ or 127\.0\.0\.1:\d+ \(ECONNREFUSED, ETIMEDOUT\)/);
    } finally {
      silentSockets.forEach((socket) => socket.destroy());
      silent.close();
    }
  });
});

describe('the doctor command in a child process', () => {
  const targets = () => `https://api2.weixin.qq.com:${server.port}/testcert,https://api.weixin.qq.com:${server.port}/`;
  const doctor = (args: string[], env: NodeJS.ProcessEnv) =>
    runNode(['--import', 'tsx', DOCTOR_MAIN, 'doctor', ...args], {
      cwd: ROOT,
      env: { NODE_OPTIONS: loopbackNodeOptions(), NO_COLOR: '1', ...env },
      timeoutMs: 30_000,
    });

  test('with the new root trusted the system way: "Certificate test passed!", exit 0', async () => {
    const seen = server.requests.length;
    const result = await doctor([path.join(project, 'index.js'), '--online'], { NODE_EXTRA_CA_CERTS: pki.newRoot.certFile, [TARGETS_ENV]: targets() });
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /✓ https:\/\/api2\.weixin\.qq\.com:\d+\/testcert: Certificate test passed!/);
    assert.match(result.stdout, /✓ https:\/\/api\.weixin\.qq\.com:\d+\/: TLS verified with the default store \(HTTP 404\)/);
    assert.deepEqual(server.requests.slice(seen).map((request) => request.url).sort(), ['/', '/testcert']);
  });

  test('json, without the new root: the TLS error per target, exit 1', async () => {
    const result = await doctor([path.join(project, 'index.js'), '--online', '--format', 'json'], { [TARGETS_ENV]: targets() });
    assert.equal(result.code, 1, result.stderr);
    const parsed = JSON.parse(result.stdout) as DoctorResult;
    assert.deepEqual(parsed.sections.online.map((check) => ('errorCode' in check ? check.errorCode : '')), [
      'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
      'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
    ]);
  });

  test('offline: one line, no stack, exit 2', async () => {
    // The preload fails every host outside WeChat's, as a machine without DNS would.
    const result = await doctor([path.join(project, 'index.js'), '--online'], { [TARGETS_ENV]: 'https://offline.example/testcert' });
    assert.equal(result.code, 2, result.stdout + result.stderr);
    assert.match(result.stdout, /^ {2}! offline: could not reach offline\.example \(ENOTFOUND\)/m);
    assert.equal(result.stderr, '');
  });

  test('a missing path: one line on stderr, exit 2', async () => {
    const result = await doctor([path.join(project, 'missing')], {});
    assert.equal(result.code, 2);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /^doctor: no such file or folder: .*missing \(from .*\)\n$/);
  });
});
