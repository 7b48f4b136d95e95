// A read-pool worker (read-pool.ts): takes batches of file names, answers with what prescan.ts learns
// of each. Holds nothing between batches.
import { parentPort, workerData } from 'node:worker_threads';
import { prescanBatch, type PrescanOptions } from '../prescan.ts';

const options = workerData as PrescanOptions;

parentPort!.on('message', (batch: { id: number; files: string[] }) => {
  parentPort!.postMessage({ id: batch.id, batch: prescanBatch(batch.files, options) });
});
