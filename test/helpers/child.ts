// Runs node in a child process with a chosen environment and a time limit, and hands back what it did.
// Children get only the variables a test names: this machine's NODE_EXTRA_CA_CERTS or NODE_OPTIONS
// must not leak into a TLS test.

import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const PRELOAD = fileURLToPath(new URL('./resolve-to-loopback.cjs', import.meta.url));

export interface ChildResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runNode(
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs?: number },
): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: options.cwd,
      env: { PATH: process.env.PATH, ...options.env },
      timeout: options.timeoutMs ?? 20_000,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** NODE_OPTIONS that send WeChat's hosts to 127.0.0.1 (the sample's own code stays untouched). */
export function loopbackNodeOptions(): string {
  return `--require "${PRELOAD}"`;
}
