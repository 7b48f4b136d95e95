// describeCertificate: real roots from Node's bundled store (fingerprint match), generated look-alikes
// (subject match), PEM, DER, bundles and files that are not certificates.

import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import tls from 'node:tls';
import { after, before, test } from 'node:test';
import { describeCertificate, parseCertificates } from '../src/certificate.ts';
import { createRoot, createTestPki, pemToDer, type TestPki } from './helpers/pki.ts';

/** A root from Node's bundled store, by exact CN. */
function bundledRoot(cn: string): string {
  const pem = tls.rootCertificates.find((candidate) => new X509Certificate(candidate).subject.endsWith(`\nCN=${cn}`));
  assert.ok(pem, `Node's bundled store has no ${cn}`);
  return pem;
}

const G1 = bundledRoot('DigiCert Global Root CA');
const G2 = bundledRoot('DigiCert Global Root G2');

let pki: TestPki;
before(async () => {
  pki = await createTestPki();
});
after(async () => {
  await pki?.remove();
});

test('DigiCert Global Root G2 (current) is described and not abandoned', () => {
  const info = describeCertificate(Buffer.from(G2), 'certs/g2.pem', new Date('2026-01-01T00:00:00Z'));
  assert.deepEqual(info, {
    file: 'certs/g2.pem',
    subject: 'C=US, O=DigiCert Inc, OU=www.digicert.com, CN=DigiCert Global Root G2',
    issuer: 'C=US, O=DigiCert Inc, OU=www.digicert.com, CN=DigiCert Global Root G2',
    notAfter: '2038-01-15T12:00:00Z',
    expired: false,
    abandonedRoot: null,
  });
});

test('DigiCert Global Root CA (G1) is an abandoned root, as PEM and as DER', () => {
  const pem = describeCertificate(Buffer.from(G1), 'wx.pem');
  assert.equal(pem?.abandonedRoot, 'DigiCert Global Root CA');
  assert.equal(pem?.notAfter, '2031-11-10T00:00:00Z');
  const der = describeCertificate(pemToDer(G1), 'wx.cer');
  assert.deepEqual(der, { ...pem, file: 'wx.cer' });
});

test('Baltimore CyberTrust Root and GeoTrust Global CA are recognised by subject, whatever the file name', async () => {
  const baltimore = await createRoot(pki.dir, 'anything', '/C=IE/O=Baltimore/OU=CyberTrust/CN=Baltimore CyberTrust Root');
  const geotrust = await createRoot(pki.dir, 'other', '/C=US/O=GeoTrust Inc./CN=GeoTrust Global CA');
  assert.equal(describeCertificate(Buffer.from(baltimore.cert), 'certs/ca.pem')?.abandonedRoot, 'Baltimore CyberTrust Root');
  assert.equal(describeCertificate(Buffer.from(geotrust.cert), 'certs/ca.pem')?.abandonedRoot, 'GeoTrust Global CA');
  // The file name says Baltimore; the certificate does not.
  assert.equal(describeCertificate(Buffer.from(pki.oldRoot.cert), 'Baltimore_CyberTrust_Root.pem')?.abandonedRoot, null);
});

test('a near-miss subject is not an abandoned root', async () => {
  const nearMiss = await createRoot(pki.dir, 'near', '/C=US/O=DigiCert Inc/OU=www.digicert.com/CN=DigiCert Global Root CA 2');
  assert.equal(describeCertificate(Buffer.from(nearMiss.cert), 'x.pem')?.abandonedRoot, null);
});

test('a bundle is described by its first certificate and flags an abandoned root anywhere in it', () => {
  const bundle = Buffer.from(`${G2}\n${pki.intermediate.cert}${G1}`);
  assert.equal(parseCertificates(bundle).length, 3);
  const info = describeCertificate(bundle, 'bundle.crt');
  assert.equal(info?.subject, 'C=US, O=DigiCert Inc, OU=www.digicert.com, CN=DigiCert Global Root G2');
  assert.equal(info?.abandonedRoot, 'DigiCert Global Root CA');
});

test('a leaf is described with its issuer', () => {
  const info = describeCertificate(Buffer.from(pki.server.cert), 'server.pem');
  assert.equal(info?.subject, 'CN=api.weixin.qq.com');
  assert.equal(info?.issuer, 'C=US, O=wechat-unpin test, CN=New Test TLS CA');
});

test('expired is judged against `now`', () => {
  assert.equal(describeCertificate(Buffer.from(G2), 'g2.pem', new Date('2038-01-15T11:59:59Z'))?.expired, false);
  assert.equal(describeCertificate(Buffer.from(G2), 'g2.pem', new Date('2038-01-15T12:00:01Z'))?.expired, true);
});

test('PEM with CRLF line ends and text around it (openssl "Bag Attributes") still parses', () => {
  const messy = `Bag Attributes\r\n    friendlyName: wx\r\n${G2.replace(/\n/g, '\r\n')}\r\ntrailing notes\r\n`;
  assert.equal(describeCertificate(Buffer.from(messy), 'messy.pem')?.notAfter, '2038-01-15T12:00:00Z');
});

test('files that hold no certificate give undefined', async () => {
  const key = await readFile(pki.server.keyFile);
  assert.equal(describeCertificate(key, 'apiclient_key.pem'), undefined);
  assert.equal(describeCertificate(Buffer.from('not a certificate\n'), 'notes.crt'), undefined);
  assert.equal(describeCertificate(Buffer.alloc(0), 'empty.der'), undefined);
  // Starts like DER (a SEQUENCE) but is not one.
  assert.equal(describeCertificate(Buffer.from([0x30, 0x03, 0x02, 0x01, 0x00]), 'bogus.der'), undefined);
  // A PEM block whose body is damaged.
  assert.equal(describeCertificate(Buffer.from(G2.replace(/[A-Za-z]{8}/, '!!!!!!!!')), 'broken.pem'), undefined);
});
