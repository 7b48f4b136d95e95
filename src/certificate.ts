// What a certificate file holds, for the report and for `doctor`. Pure: bytes in, data out; the caller
// reads the file. Roots are recognised by their SHA-256 fingerprint or their exact subject name, never by
// the file's name: people save WeChat's roots as `wx.pem`, `ca.crt`, `cert/root.cer` and so on.

import type { X509Certificate } from 'node:crypto';
import { nodeCrypto } from './lazy-crypto.ts';
import type { CertificateInfo } from './types.ts';

export interface KnownRoot {
  name: string;
  /** SHA-256 of the DER, as node:crypto prints it (upper-case hex, colon-separated). */
  fingerprint256: string;
  /** The subject as node:crypto prints it (one `KEY=value` per line, issuer order). */
  subject: string;
}

/** The root WeChat's current chains (2024 onwards) end in: see ../shared/WECHAT.md. */
export const CURRENT_WECHAT_ROOT: KnownRoot = {
  name: 'DigiCert Global Root G2',
  fingerprint256:
    'CB:3C:CB:B7:60:31:E5:E0:13:8F:8D:D3:9A:23:F9:DE:47:FF:C3:5E:43:C1:14:4C:EA:27:D4:6A:5A:B1:CB:5F',
  subject: 'C=US\nO=DigiCert Inc\nOU=www.digicert.com\nCN=DigiCert Global Root G2',
};

/** Roots WeChat's chains used to end in and have left; a pin on one of them now fails. */
export const ABANDONED_WECHAT_ROOTS: readonly KnownRoot[] = [
  {
    name: 'Baltimore CyberTrust Root',
    fingerprint256:
      '16:AF:57:A9:F6:76:B0:AB:12:60:95:AA:5E:BA:DE:F2:2A:B3:11:19:D6:44:AC:95:CD:4B:93:DB:F3:F2:6A:EB',
    subject: 'C=IE\nO=Baltimore\nOU=CyberTrust\nCN=Baltimore CyberTrust Root',
  },
  {
    // G1; its successor G2 (CURRENT_WECHAT_ROOT) differs only in the CN suffix, so match whole names.
    name: 'DigiCert Global Root CA',
    fingerprint256:
      '43:48:A0:E9:44:4C:78:CB:26:5E:05:8D:5E:89:44:B4:D8:4F:96:62:BD:26:DB:25:7F:89:34:A4:43:C7:01:61',
    subject: 'C=US\nO=DigiCert Inc\nOU=www.digicert.com\nCN=DigiCert Global Root CA',
  },
  {
    name: 'GeoTrust Global CA',
    fingerprint256:
      'FF:85:6A:2D:25:1D:CD:88:D3:66:56:F4:50:12:67:98:CF:AB:AA:DE:40:79:9C:72:2D:E4:D2:B5:DB:36:A7:3A',
    subject: 'C=US\nO=GeoTrust Inc.\nCN=GeoTrust Global CA',
  },
];

const PEM_BEGIN = '-----BEGIN CERTIFICATE-----';
const PEM_END = '-----END CERTIFICATE-----';

/**
 * The PEM certificate blocks of a text, in order. indexOf, not a lazy regex: a regex retries from every
 * BEGIN and scans to the end of the text each time when no END follows, quadratic in the file's size.
 */
export function pemBlocks(text: string): string[] {
  const blocks: string[] = [];
  let begin = text.indexOf(PEM_BEGIN);
  while (begin !== -1) {
    const end = text.indexOf(PEM_END, begin + PEM_BEGIN.length);
    if (end === -1) break;
    blocks.push(text.slice(begin, end + PEM_END.length));
    begin = text.indexOf(PEM_BEGIN, end + PEM_END.length);
  }
  return blocks;
}

/**
 * Every certificate in the bytes: each PEM block of a bundle in file order, or the one DER certificate.
 * Blocks that do not parse are left out; an empty array means "not a certificate file" (a key, say).
 */
export function parseCertificates(bytes: Buffer): X509Certificate[] {
  // latin1 keeps a byte per char, so a DER file cannot throw here; PEM is ASCII either way.
  const blocks = pemBlocks(bytes.toString('latin1'));
  if (blocks.length > 0) return blocks.flatMap((block) => tryParse(block));
  // DER starts with a SEQUENCE tag; checking it spares the parser every text file that is not PEM.
  return bytes[0] === 0x30 ? tryParse(bytes) : [];
}

function tryParse(input: string | Buffer): X509Certificate[] {
  try {
    return [new (nodeCrypto().X509Certificate)(input)];
  } catch {
    return [];
  }
}

/** Whether the certificate is the given root, or a re-issue / cross-sign of it (same subject name). */
export function isRoot(certificate: X509Certificate, root: KnownRoot): boolean {
  return certificate.fingerprint256 === root.fingerprint256 || certificate.subject === root.subject;
}

/** The abandoned WeChat root this certificate is, if any. */
export function abandonedRootOf(certificate: X509Certificate): KnownRoot | undefined {
  return ABANDONED_WECHAT_ROOTS.find((root) => isRoot(certificate, root));
}

/** `Nov 10 00:00:00 2031 GMT` (what Node 20 offers) as `2031-11-10T00:00:00Z` (what the report shows). */
export function notAfterOf(certificate: X509Certificate): Date {
  return new Date(certificate.validTo);
}

export function formatInstant(date: Date): string {
  return date.toISOString().replace(/\.000Z$/, 'Z');
}

/** `C=US\nO=DigiCert Inc\nCN=…` as one line, in the same order. */
export function formatName(name: string): string {
  return name.split('\n').join(', ');
}

/**
 * What a certificate file holds: the first certificate's names and expiry, and the abandoned WeChat root
 * anywhere in it (a bundle that carries Baltimore in third place still pins Baltimore). Undefined when
 * the bytes hold no certificate.
 */
export function describeCertificate(bytes: Buffer, file: string, now = new Date()): CertificateInfo | undefined {
  return describeCertificates(parseCertificates(bytes), file, now);
}

/** describeCertificate for certificates already parsed (doctor also needs the count and CA flag). */
export function describeCertificates(
  certificates: readonly X509Certificate[],
  file: string,
  now = new Date(),
): CertificateInfo | undefined {
  const first = certificates[0];
  if (!first) return undefined;
  const notAfter = notAfterOf(first);
  const abandoned = certificates.map(abandonedRootOf).find((root) => root !== undefined);
  return {
    file,
    subject: formatName(first.subject),
    issuer: formatName(first.issuer),
    notAfter: formatInstant(notAfter),
    expired: notAfter.getTime() < now.getTime(),
    abandonedRoot: abandoned?.name ?? null,
  };
}
