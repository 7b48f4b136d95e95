// The certificate files a project carries, and what each one is. A CA certificate in a project is
// usually there to be pinned; an abandoned or expired one is a pin that fails today.

import { stat } from 'node:fs/promises';
import path from 'node:path';
import { globby } from 'globby';
import { describeCertificates, parseCertificates } from '../certificate.ts';
import { certificateReader } from '../certificate-file.ts';
import { DoctorUsageError, type CheckLevel, type DoctorCheck } from './types.ts';

export const CERTIFICATE_GLOB = '**/*.{pem,crt,cer,der}';

/**
 * Absolute paths of the certificate files under `paths`. A file given by name counts whatever its
 * extension; a folder's search skips node_modules below it (a folder inside node_modules is searched
 * only when named). .gitignore is not honoured on purpose: pinned CA files and client keys often are.
 */
export async function findCertificateFiles(paths: readonly string[], cwd: string): Promise<string[]> {
  const found = new Set<string>();
  for (const given of paths) {
    const absolute = path.resolve(cwd, given);
    const info = await stat(absolute).catch(() => undefined);
    if (!info) throw new DoctorUsageError(`doctor: no such file or folder: ${given} (from ${cwd})`);
    if (info.isFile()) {
      found.add(absolute);
      continue;
    }
    // Links to folders are not entered, as in scan: one could lead out of the tree, two links to `.`
    // would make the walk endless. A link to a file is listed; the reader then keeps to the tree.
    const matches = await globby(CERTIFICATE_GLOB, {
      cwd: absolute,
      absolute: true,
      dot: true,
      caseSensitiveMatch: false,
      followSymbolicLinks: false,
      ignore: ['**/node_modules/**', '**/.git/**'],
    });
    for (const match of matches) found.add(path.normalize(match));
  }
  return [...found].sort();
}

/** Report paths: relative to cwd, `/`-separated (as in the JSON report of scan and fix). */
export function reportPath(file: string, cwd: string): string {
  return path.relative(cwd, file).split(path.sep).join('/');
}

export async function checkCertificateFiles(paths: readonly string[], cwd: string, now: Date): Promise<DoctorCheck[]> {
  const files = await findCertificateFiles(paths, cwd);
  if (files.length === 0) return [{ code: 'no-certificate-files', level: 'info', paths: [...paths] }];
  // Only regular files of certificate size inside the paths searched (certificate-file.ts): a FIFO
  // named ca.pem must not hang doctor, nor a link make it read a file elsewhere.
  const reader = certificateReader(paths.map((given) => path.resolve(cwd, given)));
  return Promise.all(
    files.map(async (absolute): Promise<DoctorCheck> => {
      const file = reportPath(absolute, cwd);
      const read = await reader.read(absolute);
      if (!('bytes' in read)) return { code: 'certificate-file-skipped', level: 'info', file, reason: read.skipped };
      const certificates = parseCertificates(read.bytes);
      const certificate = describeCertificates(certificates, file, now);
      if (!certificate) return { code: 'not-a-certificate', level: 'info', file };
      const ca = certificates[0]?.ca ?? false;
      const level: CheckLevel =
        certificate.abandonedRoot !== null || certificate.expired ? 'problem' : ca ? 'warning' : 'info';
      return { code: 'certificate-file', level, certificate, count: certificates.length, ca };
    }),
  );
}
