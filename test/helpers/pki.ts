// A throwaway PKI made at test time with the openssl binary (node:crypto can parse certificates but not
// issue them). It mirrors WeChat's 2024 rotation: an "old" root the sample pins, and a "new" root whose
// intermediate signs the server certificate for api.weixin.qq.com and api2.weixin.qq.com.
// EC P-256 keys keep generation to a few milliseconds per certificate.

import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

async function openssl(args: string[], cwd: string): Promise<void> {
  await run('openssl', args, { cwd, timeout: 20_000 });
}

/** A certificate and its key, both as PEM files on disk and as text. */
export interface IssuedCertificate {
  certFile: string;
  keyFile: string;
  cert: string;
  key: string;
}

export interface TestPki {
  dir: string;
  oldRoot: IssuedCertificate;
  newRoot: IssuedCertificate;
  intermediate: IssuedCertificate;
  server: IssuedCertificate;
  /** Server certificate then intermediate: what the server presents (roots are never sent). */
  serverChain: string;
  remove(): Promise<void>;
}

const EC_KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

/** A self-signed CA certificate with the given subject (`/C=IE/O=…/CN=…`). */
export async function createRoot(dir: string, name: string, subject: string): Promise<IssuedCertificate> {
  const certFile = path.join(dir, `${name}.pem`);
  const keyFile = path.join(dir, `${name}.key`);
  await openssl(
    ['req', '-x509', ...EC_KEY, '-keyout', keyFile, '-out', certFile, '-days', '3650', '-subj', subject,
      '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'],
    dir,
  );
  return load(certFile, keyFile);
}

/** A certificate signed by `issuer`, with the given v3 extensions (openssl extfile syntax). */
export async function issue(
  dir: string,
  name: string,
  subject: string,
  issuer: IssuedCertificate,
  extensions: string[],
): Promise<IssuedCertificate> {
  const certFile = path.join(dir, `${name}.pem`);
  const keyFile = path.join(dir, `${name}.key`);
  const csrFile = path.join(dir, `${name}.csr`);
  const extFile = path.join(dir, `${name}.ext`);
  await writeFile(extFile, `${extensions.join('\n')}\n`);
  await openssl(['req', '-new', ...EC_KEY, '-keyout', keyFile, '-out', csrFile, '-subj', subject], dir);
  await openssl(
    ['x509', '-req', '-in', csrFile, '-CA', issuer.certFile, '-CAkey', issuer.keyFile, '-CAcreateserial',
      '-out', certFile, '-days', '825', '-sha256', '-extfile', extFile],
    dir,
  );
  return load(certFile, keyFile);
}

async function load(certFile: string, keyFile: string): Promise<IssuedCertificate> {
  return { certFile, keyFile, cert: await readFile(certFile, 'utf8'), key: await readFile(keyFile, 'utf8') };
}

/** DER bytes of a PEM certificate, for the `.der` / `.cer` cases. */
export function pemToDer(pem: string): Buffer {
  const body = pem.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, '');
  return Buffer.from(body, 'base64');
}

export async function createTestPki(): Promise<TestPki> {
  const dir = await mkdtemp(path.join(tmpdir(), 'wechat-unpin-pki-'));
  const oldRoot = await createRoot(dir, 'old-root', '/C=US/O=wechat-unpin test/CN=Old Test Root (pinned)');
  const newRoot = await createRoot(dir, 'new-root', '/C=US/O=wechat-unpin test/CN=New Test Root');
  const intermediate = await issue(dir, 'intermediate', '/C=US/O=wechat-unpin test/CN=New Test TLS CA', newRoot, [
    'basicConstraints=critical,CA:TRUE,pathlen:0',
    'keyUsage=critical,keyCertSign,cRLSign',
  ]);
  const server = await issue(dir, 'server', '/CN=api.weixin.qq.com', intermediate, [
    'basicConstraints=critical,CA:FALSE',
    'keyUsage=critical,digitalSignature',
    'extendedKeyUsage=serverAuth',
    'subjectAltName=DNS:api.weixin.qq.com,DNS:api2.weixin.qq.com',
  ]);
  return {
    dir,
    oldRoot,
    newRoot,
    intermediate,
    server,
    serverChain: server.cert + intermediate.cert,
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}
