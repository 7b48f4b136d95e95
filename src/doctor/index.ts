// `wechat-unpin doctor`: would this machine's Node trust WeChat's current chain once pins are gone, and
// which certificate files does the project carry? Returns data; the command prints it.

import tls from 'node:tls';
import { checkEnvironment, caFlagsOf } from './environment.ts';
import { checkCertificateFiles } from './files.ts';
import { checkOnline, DEFAULT_TIMEOUT_MS, onlineTargets } from './online.ts';
import { checkTrustStore, nodeStoreLister } from './trust-store.ts';
import type { DoctorCheck, DoctorOptions, DoctorResult } from './types.ts';

export { formatDoctorJson, formatDoctorText } from './format.ts';
export { DoctorUsageError } from './types.ts';
export type { CheckLevel, DoctorCheck, DoctorOptions, DoctorResult, DoctorSection } from './types.ts';

export async function runDoctor(options: DoctorOptions): Promise<DoctorResult> {
  const { env, cwd } = options;
  // Resolve targets first: a bad target is a usage error, found before any work.
  const targets = options.online ? onlineTargets(options.onlineTargets, env) : [];
  const caFlags = caFlagsOf(options.execArgv ?? process.execArgv, env);

  const [environment, files, online] = await Promise.all([
    checkEnvironment(env, cwd),
    checkCertificateFiles(options.paths, cwd, new Date()),
    options.online ? checkOnline(targets, options.onlineTimeoutMs ?? DEFAULT_TIMEOUT_MS) : undefined,
  ]);
  const trustStore = checkTrustStore({
    caFlags,
    extraHasRoot: environment.extraHasRoot,
    nodeVersion: process.version,
    lister: nodeStoreLister(),
    bundled: tls.rootCertificates,
  });

  const all: DoctorCheck[] = [...trustStore, ...files, ...environment.checks, ...(online?.checks ?? [])];
  return {
    schemaVersion: 1,
    node: { version: process.version, caFlags },
    sections: { 'trust-store': trustStore, files, environment: environment.checks, online: online?.checks ?? [] },
    online: online ? { targets: online.targets, unreachable: online.unreachable } : null,
    problems: all.filter((check) => check.level === 'problem').length,
    warnings: all.filter((check) => check.level === 'warning').length,
  };
}

/** 2 when --online reached nothing (offline), 1 when a problem was found, else 0. */
export function doctorExitCode(result: DoctorResult): 0 | 1 | 2 {
  if (result.online?.unreachable) return 2;
  return result.problems > 0 ? 1 : 0;
}
