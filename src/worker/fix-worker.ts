// A fix-pool worker (fix-pool.ts): fixes the jobs of each offer in order, skipping any the main
// thread has claimed, and answers each as it is done. jscodeshift and the transform are loaded as it
// starts, while the main thread is still parsing.
import { parentPort } from 'node:worker_threads';
import { fixFile, preloadFix } from '../fix.ts';
import { WORKER_CLAIM, type FixOffer, type FixReply } from '../fix-pool.ts';

// One offer after the other.
let queue: Promise<void> = preloadFix();

parentPort!.on('message', ({ offer, jobs, claims }: FixOffer) => {
  queue = queue.then(async () => {
    for (let index = 0; index < jobs.length; index++) {
      if (Atomics.compareExchange(claims, index, 0, WORKER_CLAIM) !== 0) continue;
      const job = jobs[index]!;
      const outcome = await fixFile(job.source, job.findings);
      parentPort!.postMessage({ offer, index, outcome } satisfies FixReply);
    }
  });
});
