// A fix-pool worker (fix-pool.ts): fixes the jobs of each offer in order, skipping any the main
// thread has cancelled, and answers a few at a time (a message per file cost more than the small
// files' transforms; the main thread reads none before its scan ends anyway). jscodeshift and the
// transform are loaded as it starts, while the main thread is still parsing.
import { parentPort } from 'node:worker_threads';
import { fixFile, preloadFix } from '../fix.ts';
import { WORKER_CLAIM, type FixOffer, type FixReply } from '../fix-pool.ts';

/** Outcomes per message. */
const REPLY_FILES = 16;

// One offer after the other.
let queue: Promise<void> = preloadFix();

parentPort!.on('message', ({ offer, jobs, claims }: FixOffer) => {
  queue = queue.then(async () => {
    let outcomes: FixReply['outcomes'] = [];
    const send = (): void => {
      if (outcomes.length > 0) parentPort!.postMessage({ offer, outcomes } satisfies FixReply);
      outcomes = [];
    };
    for (let index = 0; index < jobs.length; index++) {
      if (Atomics.compareExchange(claims, index, 0, WORKER_CLAIM) !== 0) continue;
      const job = jobs[index]!;
      outcomes.push({ index, outcome: await fixFile(job.source, job.findings) });
      if (outcomes.length >= REPLY_FILES) send();
    }
    send();
  });
});
