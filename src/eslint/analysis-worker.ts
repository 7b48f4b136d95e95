// The analysis worker: runs the scanner's asynchronous library calls (discovery, reads, fixProject)
// for the synchronous ESLint rules. The main thread blocks on `flag` until the reply is posted
// (analysis-client.ts). The scanner is loaded when a project first has a file that may hold a finding.
import { workerData, type MessagePort } from 'node:worker_threads';
import type { WorkerMessage, WorkerReply } from './protocol.ts';

const { port, flag } = workerData as { port: MessagePort; flag: Int32Array };
// Loaded here rather than imported above: a failure to load is then a reply the rule can report,
// not a worker that dies while the main thread waits.
const context = import('./project-context.ts');

port.on('message', async (message: WorkerMessage) => {
  if ('prepare' in message) {
    // Nobody waits for it: a failure here is met again, and reported, by the request that needs the project.
    await (await context).prepare(message.prepare).catch(() => undefined);
    return;
  }
  const { id, request } = message;
  let reply: WorkerReply;
  try {
    reply = { id, result: await (await context).analyse(request) };
  } catch (error) {
    const { message, name, stack } = error instanceof Error ? error : new Error(String(error));
    reply = { id, error: { message, name, ...(stack === undefined ? {} : { stack }) } };
  }
  port.postMessage(reply);
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
});
