// What `doctor` finds, as data. Every sentence a user reads is made from these in messages.ts; the JSON
// output is this shape serialised as it is.

import type { CertificateSkip } from '../certificate-file.ts';
import type { CertificateInfo } from '../types.ts';

/** `problem` makes the command exit 1; `warning` is worth reading but does not fail; `ok` and `info` are facts. */
export type CheckLevel = 'ok' | 'info' | 'warning' | 'problem';

/** bundled: Node's copy of Mozilla's roots; default: what connections use; extra: NODE_EXTRA_CA_CERTS. */
export type StoreName = 'bundled' | 'system' | 'default' | 'extra';

export type CaFlag = '--use-system-ca' | '--use-openssl-ca' | '--use-bundled-ca';

export type DoctorCheck =
  /** Whether one store holds the root WeChat's current chains need. */
  | { code: 'store-root'; level: CheckLevel; store: StoreName; root: string; present: boolean }
  /** The verdict: does the store TLS connections actually use trust WeChat's chain? */
  | { code: 'root-trusted'; level: CheckLevel; root: string; stores: StoreName[] }
  | { code: 'root-untrusted'; level: CheckLevel; root: string }
  /** --use-openssl-ca on a Node that cannot list OpenSSL's store: only --online can tell. */
  | { code: 'root-unknown'; level: CheckLevel; root: string; flag: CaFlag }
  /** This Node cannot list the system store (tls.getCACertificates is Node 22.15+ / 23.10+). */
  | { code: 'system-store-unavailable'; level: CheckLevel; nodeVersion: string }
  | { code: 'ca-flag'; level: CheckLevel; flag: CaFlag }
  /** A certificate file in the project. */
  | { code: 'certificate-file'; level: CheckLevel; certificate: CertificateInfo; count: number; ca: boolean }
  /** A *.pem etc. that holds no certificate (a private key, usually). */
  | { code: 'not-a-certificate'; level: CheckLevel; file: string }
  | { code: 'no-certificate-files'; level: CheckLevel; paths: string[] }
  /** A *.pem etc. not read: a link out of the paths searched, not a regular file, over 1 MiB, unreadable. */
  | { code: 'certificate-file-skipped'; level: CheckLevel; file: string; reason: CertificateSkip }
  | { code: 'extra-ca-certs'; level: CheckLevel; file: string; certificates: number; hasRoot: boolean }
  | { code: 'extra-ca-certs-unreadable'; level: CheckLevel; file: string; error: string }
  | { code: 'reject-unauthorized-off'; level: CheckLevel; value: string }
  | { code: 'reject-unauthorized-on'; level: CheckLevel; value: string }
  /** --online: the handshake verified with the default store. */
  | { code: 'online-passed'; level: CheckLevel; url: string; status: number; testPassed: boolean }
  | { code: 'online-tls-error'; level: CheckLevel; url: string; errorCode: string }
  | { code: 'online-unreachable'; level: CheckLevel; url: string; errorCode: string };

export type CheckCode = DoctorCheck['code'];

export type DoctorSection = 'trust-store' | 'files' | 'environment' | 'online';

export interface DoctorResult {
  schemaVersion: 1;
  node: { version: string; caFlags: CaFlag[] };
  sections: Record<DoctorSection, DoctorCheck[]>;
  /** Present under --online. `unreachable`: no target answered at all (this machine is offline). */
  online: { targets: string[]; unreachable: boolean } | null;
  problems: number;
  warnings: number;
}

export interface DoctorOptions {
  /** Files or folders to search for certificate files, relative to cwd or absolute. */
  paths: string[];
  cwd: string;
  online: boolean;
  /** Where --online connects; default WeChat's testcert and API hosts. */
  onlineTargets?: string[];
  /** Per-target time limit for --online, in milliseconds (default 5000). */
  onlineTimeoutMs?: number;
  env: NodeJS.ProcessEnv;
  /** For tests: the Node flags in effect (default process.execArgv plus NODE_OPTIONS from env). */
  execArgv?: string[];
}

/** A doctor run that cannot start (a path that does not exist): one line to the user, exit 2. */
export class DoctorUsageError extends Error {
  override name = 'DoctorUsageError';
}
