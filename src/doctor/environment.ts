// The process-wide TLS settings that change what a fixed client trusts: Node's CA flags,
// NODE_EXTRA_CA_CERTS (adds to the store; not a pin) and NODE_TLS_REJECT_UNAUTHORIZED (turns checks off).

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { CURRENT_WECHAT_ROOT, isRoot, parseCertificates } from '../certificate.ts';
import type { CaFlag, DoctorCheck } from './types.ts';

const CA_FLAGS: readonly CaFlag[] = ['--use-system-ca', '--use-openssl-ca', '--use-bundled-ca'];

/** The CA flags in effect: on the command line of this process or in NODE_OPTIONS. */
export function caFlagsOf(execArgv: readonly string[], env: NodeJS.ProcessEnv): CaFlag[] {
  const words = [...execArgv, ...(env.NODE_OPTIONS ?? '').split(/\s+/)];
  return CA_FLAGS.filter((flag) => words.includes(flag));
}

export interface EnvironmentReport {
  checks: DoctorCheck[];
  /** Whether NODE_EXTRA_CA_CERTS adds the root WeChat's chains need (trust-store.ts uses it). */
  extraHasRoot: boolean;
}

export async function checkEnvironment(env: NodeJS.ProcessEnv, cwd: string): Promise<EnvironmentReport> {
  const checks: DoctorCheck[] = [];
  let extraHasRoot = false;

  const extra = env.NODE_EXTRA_CA_CERTS;
  if (extra) {
    try {
      const certificates = parseCertificates(await readFile(path.resolve(cwd, extra)));
      extraHasRoot = certificates.some((certificate) => isRoot(certificate, CURRENT_WECHAT_ROOT));
      checks.push({ code: 'extra-ca-certs', level: 'info', file: extra, certificates: certificates.length, hasRoot: extraHasRoot });
    } catch (error) {
      // Node itself only warns and carries on without the extra certificates.
      checks.push({ code: 'extra-ca-certs-unreadable', level: 'warning', file: extra, error: errorText(error) });
    }
  }

  const reject = env.NODE_TLS_REJECT_UNAUTHORIZED;
  if (reject !== undefined) {
    // Node compares with '0' exactly: every other value leaves verification on.
    checks.push(
      reject === '0'
        ? { code: 'reject-unauthorized-off', level: 'problem', value: reject }
        : { code: 'reject-unauthorized-on', level: 'info', value: reject },
    );
  }
  return { checks, extraHasRoot };
}

function errorText(error: unknown): string {
  if (error instanceof Error) return 'code' in error && typeof error.code === 'string' ? error.code : error.message;
  return String(error);
}
