// A scan worker: receives { id, files, options }, answers { id, outcome } or { id, error }.
import { parentPort } from 'node:worker_threads';
import { scanProject, type ScanOptions } from './scan.ts';

parentPort!.on('message', async (message: { id: number; files: Array<[string, string]>; options: ScanOptions }) => {
  try {
    parentPort!.postMessage({ id: message.id, outcome: await scanProject(message.files, message.options) });
  } catch (error) {
    parentPort!.postMessage({ id: message.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
});
