// Ctrl-C and SIGTERM. Until the first write nothing needs undoing, so no handler is installed and a
// signal ends the process at once with the default action (a shell reports 130 for SIGINT, 143 for
// SIGTERM); a handler could not run anyway while the scanner's synchronous work holds the thread.
// From the first write on (`arm`), the first signal asks the run to stop before its next renames
// (write.ts checks `signal.aborted` between batches of files), so the report can say what was done; a
// second one stops at once, which is safe because every write is atomic. Only the CLI installs this;
// library callers pass their own AbortSignal.

/** The exit code of a run stopped by SIGINT, as shells report it (128 + signal 2). */
export const INTERRUPTED_EXIT_CODE = 130;

export interface Interrupt {
  /** Aborted on the first SIGINT (or SIGTERM) once armed. */
  readonly signal: AbortSignal;
  /** Installs the handlers: from now on a signal is answered between files, not by ending the process. */
  arm(): void;
  /** Removes the handlers; a later signal gets Node's default behaviour again. */
  dispose(): void;
}

/** Handlers for `signals`, installed at once unless `armed` is false (then by `arm()`). */
export function watchInterrupt(signals: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM'], { armed = true } = {}): Interrupt {
  const controller = new AbortController();
  let installed = false;
  const handler = (received: NodeJS.Signals): void => {
    if (!controller.signal.aborted) {
      controller.abort(new InterruptedError(received));
      return;
    }
    // Asked twice: give up at once. Re-raise with the default handler so the shell sees the signal.
    dispose();
    process.kill(process.pid, received);
  };
  const arm = (): void => {
    if (installed) return;
    installed = true;
    for (const name of signals) process.on(name, handler);
  };
  const dispose = (): void => {
    installed = false;
    for (const name of signals) process.off(name, handler);
  };
  if (armed) arm();
  return { signal: controller.signal, arm, dispose };
}

export class InterruptedError extends Error {
  override readonly name = 'InterruptedError';
  constructor(readonly received: NodeJS.Signals) {
    super(`stopped by ${received}`);
  }
}

/** What an interrupted run got done, for the CLI's closing line. */
export interface Interruption {
  /** Files written before the stop. */
  filesWritten: number;
  /** Files with a fix that were left as they were. */
  filesLeft: number;
}

export function interruptionMessage({ filesWritten, filesLeft }: Interruption): string {
  const files = (n: number): string => `${n} file${n === 1 ? '' : 's'}`;
  return `interrupted: ${files(filesWritten)} fixed, ${files(filesLeft)} left as they were (every file is either unchanged or fully fixed). Run the fix again to finish.`;
}
