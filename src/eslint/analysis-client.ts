// The rules' side of the analysis worker. ESLint rules are synchronous and the library's discovery,
// reads and fix are not, so the rule posts its request and blocks on a shared flag until the worker
// replies (the pattern eslint-plugin-prettier relies on through synckit). The worker is started on
// first use and does not keep the process alive.
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { UsageError } from '../errors.ts';
import type { AnalysisRequest, AnalysisResult, PrepareRequest, WorkerMessage, WorkerReply } from './protocol.ts';

/** Long enough for a first scan of a large project on a busy machine; a hung worker must not hang the editor forever. */
const REPLY_TIMEOUT_MS = 120_000;

interface Connection {
  port: MessagePort;
  flag: Int32Array;
  nextId: number;
}

let connection: Connection | undefined;

function connect(): Connection {
  const flag = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  // Built, the worker is the .js beside this file; run from source (tests, under tsx), a bootstrap that registers tsx first.
  const entry = new URL(import.meta.url.endsWith('.ts') ? './analysis-worker-from-source.mjs' : './analysis-worker.js', import.meta.url);
  const worker = new Worker(entry, { workerData: { port: port2, flag }, transferList: [port2] });
  worker.unref();
  return { port: port1, flag, nextId: 1 };
}

/**
 * Starts the worker with the first linted file, whatever its text, and has it scan that file's
 * project: the scanner loads and runs on another core while ESLint lints files that cannot hold a
 * finding (most of them), so the first file that can finds the answer ready.
 */
export function warmUp(first: PrepareRequest): void {
  if (connection) return;
  connection = connect();
  connection.port.postMessage({ prepare: first } satisfies WorkerMessage);
}

/** The worker's analysis of one linted text; throws what the worker threw (a UsageError stays one). */
export function analyseSync(request: AnalysisRequest): AnalysisResult {
  const link = (connection ??= connect());
  const id = link.nextId++;
  Atomics.store(link.flag, 0, 0);
  link.port.postMessage({ id, request });
  const deadline = Date.now() + REPLY_TIMEOUT_MS;
  for (;;) {
    // Always look before waiting: a reply posted just before the flag was reset is not missed.
    const received = receiveMessageOnPort(link.port) as { message: WorkerReply } | undefined;
    if (received) {
      const reply = received.message;
      // A reply to an earlier request that timed out: not this one.
      if (reply.id !== id) continue;
      if ('result' in reply) return reply.result;
      const error = reply.error.name === 'UsageError' ? new UsageError(reply.error.message) : new Error(reply.error.message);
      if (reply.error.stack) error.stack = reply.error.stack;
      throw error;
    }
    const left = deadline - Date.now();
    if (left <= 0) {
      throw new Error(`wechat-unpin: no analysis of ${request.filename} within ${REPLY_TIMEOUT_MS / 1000} s; the analysis worker may have failed to start`);
    }
    Atomics.wait(link.flag, 0, 0, Math.min(left, 1000));
    Atomics.store(link.flag, 0, 0);
  }
}
