// `doctor --online`: the live check WeChat's notice asks for (curl https://api2.weixin.qq.com/testcert),
// made with Node's default trust store and no pin, so it answers "would the fixed code connect?".

import https from 'node:https';
import { DoctorUsageError, type DoctorCheck } from './types.ts';

export const DEFAULT_ONLINE_TARGETS: readonly string[] = [
  'https://api2.weixin.qq.com/testcert',
  'https://api.weixin.qq.com/',
];

/** Hidden: comma-separated URLs that replace the default targets (tests point it at a loopback server). */
export const TARGETS_ENV = 'WECHAT_UNPIN_DOCTOR_TARGETS';

export const DEFAULT_TIMEOUT_MS = 5000;

const TESTCERT_PASSED = 'Certificate test passed!';

/** Error codes that mean "no answer at all" rather than "the answer did not verify". */
const UNREACHABLE_CODES = new Set([
  'ENOTFOUND',
  'EAI_AGAIN',
  'EAI_FAIL',
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETDOWN',
]);

/** The URLs --online checks: the option, else the hidden variable, else WeChat's two hosts. */
export function onlineTargets(option: readonly string[] | undefined, env: NodeJS.ProcessEnv): string[] {
  const given =
    option && option.length > 0
      ? [...option]
      : (env[TARGETS_ENV] ?? '').split(',').map((url) => url.trim()).filter(Boolean);
  for (const url of given) {
    if (!URL.canParse(url) || new URL(url).protocol !== 'https:') {
      throw new DoctorUsageError(`doctor: online target "${url}" (from ${TARGETS_ENV}) is not an https:// URL`);
    }
  }
  return given.length > 0 ? given : [...DEFAULT_ONLINE_TARGETS];
}

/** One GET with the default store; resolves (never rejects) to what happened. */
export function probe(url: string, timeoutMs: number): Promise<DoctorCheck> {
  return new Promise((resolve) => {
    let body = '';
    const request = https.get(
      url,
      {
        // A fresh agent: no kept-alive socket holds the process open afterwards.
        agent: false,
        // Explicit, so NODE_TLS_REJECT_UNAUTHORIZED=0 in the environment cannot make the check pass.
        rejectUnauthorized: true,
        headers: { 'user-agent': 'wechat-unpin doctor' },
      },
      (response) => {
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          if (body.length < 4096) body += chunk;
        });
        response.on('end', () => {
          clearTimeout(timer);
          const status = response.statusCode ?? 0;
          resolve({ code: 'online-passed', level: 'ok', url, status, testPassed: body.includes(TESTCERT_PASSED) });
        });
        response.on('error', fail);
      },
    );
    const timer = setTimeout(() => {
      request.destroy(Object.assign(new Error(`no answer within ${timeoutMs} ms`), { code: 'ETIMEDOUT' }));
    }, timeoutMs);
    request.on('error', fail);

    function fail(error: Error): void {
      clearTimeout(timer);
      const errorCode = codeOf(error);
      resolve(
        UNREACHABLE_CODES.has(errorCode)
          ? { code: 'online-unreachable', level: 'warning', url, errorCode }
          : { code: 'online-tls-error', level: 'problem', url, errorCode },
      );
    }
  });
}

function codeOf(error: Error): string {
  return 'code' in error && typeof error.code === 'string' ? error.code : error.message;
}

export interface OnlineReport {
  targets: string[];
  checks: DoctorCheck[];
  /** Every target was unreachable: this machine is offline (or every route to WeChat is blocked). */
  unreachable: boolean;
}

export async function checkOnline(targets: readonly string[], timeoutMs: number): Promise<OnlineReport> {
  const checks = await Promise.all(targets.map((url) => probe(url, timeoutMs)));
  const unreachable = checks.length > 0 && checks.every((check) => check.code === 'online-unreachable');
  // Offline is one fact (exit 2), not a warning per target; one unreachable target among others is a warning.
  return { targets: [...targets], checks: unreachable ? checks.map((check) => ({ ...check, level: 'info' })) : checks, unreachable };
}
