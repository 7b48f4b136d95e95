// Reading a certificate file that scanned code names (`ca: fs.readFileSync('/dev/zero')`) or that doctor
// finds. The path comes from the code, so from anyone who can commit: it is read only when it is a
// regular file inside the folders the user named (links resolved first, so none leads out), of
// certificate size, and without blocking: the open is non-blocking and fstat decides before a byte is
// read, so a FIFO, a device or /proc never hangs the run or fills its memory. No timeout is needed.
import { constants } from 'node:fs';
import { open, realpath } from 'node:fs/promises';
import path from 'node:path';

/** A certificate bundle is a few hundred KiB at most (Mozilla's whole store is ~220 KiB of PEM). */
export const MAX_CERTIFICATE_BYTES = 1024 * 1024;

export type CertificateSkip = 'outside' | 'not-a-file' | 'too-large' | 'unreadable';

export type CertificateRead = { bytes: Buffer } | { skipped: CertificateSkip };

export interface CertificateReader {
  read(file: string): Promise<CertificateRead>;
}

/**
 * A reader confined to `roots`: folders, or files named on their own (a named file is itself allowed).
 * Roots are resolved through their links once, so a project under a linked folder still works.
 */
export function certificateReader(roots: readonly string[]): CertificateReader {
  let realRoots: Promise<string[]> | undefined;
  const resolvedRoots = (): Promise<string[]> =>
    (realRoots ??= Promise.all(roots.map((root) => realpath(root).catch(() => path.resolve(root)))));
  return {
    read: async (file) => {
      let real: string;
      try {
        real = await realpath(file);
      } catch {
        return { skipped: 'unreadable' };
      }
      const inside = (await resolvedRoots()).some((root) => real === root || real.startsWith(root.endsWith(path.sep) ? root : root + path.sep));
      if (!inside) return { skipped: 'outside' };
      return readRegularFile(real, MAX_CERTIFICATE_BYTES);
    },
  };
}

/**
 * The bytes of `file` if it is a regular file of at most `maxBytes`. O_NOFOLLOW: a link swapped in
 * after the path was resolved is refused, not followed. O_NONBLOCK: opening a FIFO does not wait for
 * a writer, and fstat then turns it away.
 */
export async function readRegularFile(file: string, maxBytes: number): Promise<CertificateRead> {
  let handle;
  try {
    handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW);
  } catch {
    return { skipped: 'unreadable' };
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) return { skipped: 'not-a-file' };
    if (info.size > maxBytes) return { skipped: 'too-large' };
    // Read one byte past the limit: a file that grew since fstat is still refused, never read whole.
    const buffer = Buffer.alloc(maxBytes + 1);
    let length = 0;
    while (length < buffer.length) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    if (length > maxBytes) return { skipped: 'too-large' };
    return { bytes: buffer.subarray(0, length) };
  } catch {
    return { skipped: 'unreadable' };
  } finally {
    await handle.close();
  }
}
