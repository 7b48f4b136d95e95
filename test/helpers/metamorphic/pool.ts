// Bounded parallel scans: run() is CPU-bound and synchronous for most of its time, so concurrency
// inside one thread buys nothing; a few worker threads (2 by default: the machine's cores) do.
// METAMORPHIC_WORKERS=0 scans in-process, one at a time (for debugging).
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { scanProject, type ScanOptions, type ScanOutcome } from './scan.ts';
import type { Project } from './types.ts';

interface Job {
  id: number;
  files: Array<[string, string]>;
  options: ScanOptions;
  resolve: (outcome: ScanOutcome) => void;
  reject: (error: Error) => void;
}

export class ScanPool {
  private readonly idle: Worker[] = [];
  private readonly workers: Worker[] = [];
  private readonly queue: Job[] = [];
  private readonly running = new Map<number, Job>();
  private nextId = 0;
  private serial: Promise<unknown> = Promise.resolve();

  constructor(readonly size = Number(process.env.METAMORPHIC_WORKERS ?? Math.min(2, availableParallelism()))) {
    for (let i = 0; i < size; i++) {
      const worker = new Worker(new URL('./worker-boot.mjs', import.meta.url));
      worker.on('message', (message: { id: number; outcome?: ScanOutcome; error?: string }) => {
        const job = this.running.get(message.id)!;
        this.running.delete(message.id);
        if (message.error !== undefined) job.reject(new Error(`scan failed in a worker: ${message.error}`));
        else job.resolve(message.outcome!);
        this.idle.push(worker);
        this.pump();
      });
      worker.on('error', (error) => {
        for (const job of this.running.values()) job.reject(error);
      });
      this.workers.push(worker);
      this.idle.push(worker);
    }
  }

  scan(project: Project, options: ScanOptions): Promise<ScanOutcome> {
    const files = [...project];
    if (this.size === 0) {
      const next = this.serial.then(() => scanProject(files, options));
      this.serial = next.catch(() => undefined);
      return next;
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, files, options, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const worker = this.idle.pop()!;
      const job = this.queue.shift()!;
      this.running.set(job.id, job);
      worker.postMessage({ id: job.id, files: job.files, options: job.options });
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }
}
