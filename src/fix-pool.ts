// Fixes ahead of the verdicts, on a second thread. The scanner knows every TLS setting of a file
// (sites.ts) as soon as it has parsed it, long before the value analysis says which are fixable. A
// worker starts transforming each file with all its settings as targets while this thread solves the
// values; when the verdicts are in, a file whose fix targets are exactly those is taken as the worker
// fixed it, and any other file is fixed here as before. fixFile is a pure function of the file's name,
// text and targets, so a result taken from the worker is the very one this thread would compute: the
// output cannot change, only when it is ready.
//
// Measured on the bench's fix-heavy tree (2 cores, shared): the worker's transforms overlap the scan,
// and this thread never loads jscodeshift when every guess holds. The simpler splits paid nothing: a
// worker taking half of the fixes after the scan, or this thread also taking files from the back of
// the worker's list, cost ~0.5 s more CPU (babel and recast loaded, compiled and warmed up on both
// threads) for no wall time; the whole fix in a worker after the scan gained nothing.
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { fixFile, type FixOutcome } from './fix.ts';
import type { RemovalTarget } from '../transforms/remove-pinned-ca.ts';

/** One file's fix job: the text and the ranges to remove, in the order fixFile is given them. */
export interface FixJob {
  source: { file: string; text: string };
  findings: ReadonlyArray<{ removal: RemovalTarget }>;
}

/**
 * What the worker is sent: one offer's jobs, and a flag per job that either thread sets once, with
 * Atomics (1: the worker started it; 2: this thread cancelled it, the verdicts want another fix). The
 * flags are shared memory because this thread is busy scanning while the worker works: it could not
 * answer a message.
 */
export interface FixOffer {
  offer: number;
  jobs: FixJob[];
  claims: Int32Array;
}
/** Outcomes of some of an offer's jobs, by index (worker/fix-worker.ts). */
export interface FixReply {
  offer: number;
  outcomes: Array<{ index: number; outcome: FixOutcome }>;
}

export const WORKER_CLAIM = 1;
const CANCELLED = 2;

/** Files with settings below which no worker is started: its start-up would cost more than it saves. */
export const MIN_FIX_AHEAD = 24;

interface Entry {
  job: FixJob;
  offer: number;
  index: number;
}

type Slot = { promise: Promise<FixOutcome | undefined>; resolve: (outcome: FixOutcome | undefined) => void };

export class FixAhead {
  private readonly entries = new Map<string, Entry>();
  /** Per offer: the claim flags and the files, by job index. */
  private readonly offers: Array<{ claims: Int32Array; files: string[] }> = [];
  private readonly outcomes = new Map<string, Slot>();
  private worker: Worker | undefined;
  /** Outcomes taken from the worker (for tests: that the worker did the work). */
  taken = 0;

  /**
   * Starts the worker (it loads jscodeshift while the scan parses); undefined on one core. `texts` are
   * the files the scan reads; `fixInsecure` whether turned-off checks are fixed too (run's --fix-insecure).
   */
  static start(texts: ReadonlyMap<string, string>, fixInsecure = false): FixAhead | undefined {
    if (os.availableParallelism() < 2) return undefined;
    // Built, the worker is the .js beside this file; run from source (tests, under tsx), a bootstrap that registers tsx first.
    const entry = new URL(import.meta.url.endsWith('.ts') ? './worker/fix-worker-from-source.mjs' : './worker/fix-worker.js', import.meta.url);
    try {
      return new FixAhead(new Worker(entry), texts, new Set(fixInsecure ? ['pinned-ca', 'insecure-tls'] : ['pinned-ca']));
    } catch {
      return undefined;
    }
  }

  private constructor(
    worker: Worker,
    private readonly texts: ReadonlyMap<string, string>,
    /** The kinds of setting the fix removes. */
    private readonly kinds: ReadonlySet<string>,
  ) {
    this.worker = worker;
    // Never keeps the process alive: a run that ends early (an error) does not wait for it.
    worker.unref();
    worker.on('message', ({ offer, outcomes }: FixReply) => {
      for (const { index, outcome } of outcomes) this.slotOf(this.offers[offer]!.files[index]!).resolve(outcome);
    });
    worker.on('error', () => this.close());
    worker.on('exit', () => this.close());
  }

  /**
   * The scanner's settings, as it finds them (ScanInput.onSites). Files with at least one setting of
   * the kinds the fix removes go to the worker, with all those settings as targets, in the scanner's
   * order. A file offered again (a scan that widens runs the sites anew) keeps its first job.
   */
  readonly offer = (sites: ReadonlyArray<{ file: string; kind: string; removal: RemovalTarget }>): void => {
    if (!this.worker) return;
    const byFile = new Map<string, RemovalTarget[]>();
    for (const site of sites) {
      if (!this.kinds.has(site.kind) || this.entries.has(site.file)) continue;
      const list = byFile.get(site.file);
      if (list) list.push(site.removal);
      else byFile.set(site.file, [site.removal]);
    }
    const offer = this.offers.length;
    const jobs: FixJob[] = [];
    const files: string[] = [];
    for (const [file, removals] of byFile) {
      const text = this.texts.get(file);
      if (text === undefined) continue;
      // Only what fixFile reads crosses over.
      const job: FixJob = { source: { file, text }, findings: removals.map(({ kind, start, end }) => ({ removal: { kind, start, end } })) };
      this.entries.set(file, { job, offer, index: jobs.length });
      jobs.push(job);
      files.push(file);
    }
    if (jobs.length === 0) return;
    const claims = new Int32Array(new SharedArrayBuffer(jobs.length * Int32Array.BYTES_PER_ELEMENT));
    this.offers.push({ claims, files });
    this.worker.postMessage({ offer, jobs, claims } satisfies FixOffer);
  };

  /**
   * Cancels every offered file that no job wants as it was offered (not to be fixed, or with other
   * targets): the worker skips those it has not started.
   */
  keepOnly(jobs: readonly FixJob[]): void {
    const wanted = new Set(jobs.filter((job) => this.wants(job)).map((job) => job.source.file));
    for (const [file, entry] of this.entries) {
      if (!wanted.has(file)) Atomics.compareExchange(this.offers[entry.offer]!.claims, entry.index, 0, CANCELLED);
    }
  }

  /** The worker's outcome for `job`, waiting for it; undefined when this thread must fix the file itself. */
  async take(job: FixJob): Promise<FixOutcome | undefined> {
    if (!this.wants(job)) return undefined;
    // Now the process waits for the worker: an unref'd one would let it exit with the fix unfinished.
    this.worker?.ref();
    const outcome = await this.slotOf(job.source.file).promise;
    if (outcome) this.taken++;
    return outcome;
  }

  /** Ends the worker; outcomes not yet answered are this thread's to compute. */
  close(): void {
    const worker = this.worker;
    this.worker = undefined;
    if (worker) {
      worker.removeAllListeners('exit');
      void worker.terminate();
    }
    for (const { resolve } of this.outcomes.values()) resolve(undefined);
  }

  /** Whether the worker was given `job` as it is (the same text and targets) and has not been cancelled. */
  private wants(job: FixJob): boolean {
    const entry = this.entries.get(job.source.file);
    return (
      entry !== undefined &&
      entry.job.source.text === job.source.text &&
      sameTargets(entry.job, job) &&
      Atomics.load(this.offers[entry.offer]!.claims, entry.index) !== CANCELLED
    );
  }

  private slotOf(file: string): Slot {
    let slot = this.outcomes.get(file);
    if (!slot) {
      let resolve!: Slot['resolve'];
      const promise = new Promise<FixOutcome | undefined>((settle) => (resolve = settle));
      slot = { promise, resolve };
      // Once the worker is gone, nothing more will come.
      if (!this.worker) resolve(undefined);
      this.outcomes.set(file, slot);
    }
    return slot;
  }
}

function sameTargets(a: FixJob, b: FixJob): boolean {
  return (
    a.findings.length === b.findings.length &&
    a.findings.every(({ removal }, index) => {
      const other = b.findings[index]!.removal;
      return removal.kind === other.kind && removal.start === other.start && removal.end === other.end;
    })
  );
}

/** The outcome of every job, in the jobs' order, as fixFile gives it; the worker's where its guess held. */
export async function fixFiles(
  jobs: readonly FixJob[],
  ahead: FixAhead | undefined,
  onDone: (done: number) => void = () => undefined,
): Promise<FixOutcome[]> {
  ahead?.keepOnly(jobs);
  const outcomes: FixOutcome[] = [];
  for (const job of jobs) {
    outcomes.push((await ahead?.take(job)) ?? (await fixFile(job.source, job.findings)));
    onDone(outcomes.length);
  }
  ahead?.close();
  return outcomes;
}
