// Ctrl-C during a fix: the first SIGINT asks the run to stop after the file in flight (run.ts checks
// `signal.aborted` between files), so the report can say what was done; a second one stops at once,
// which is safe because every write is atomic. Only the CLI installs this; library callers pass their
// own AbortSignal.

/** The exit code of a run stopped by SIGINT, as shells report it (128 + signal 2). */
export const INTERRUPTED_EXIT_CODE = 130;

export interface Interrupt {
  /** Aborted on the first SIGINT (or SIGTERM). */
  readonly signal: AbortSignal;
  /** Removes the handlers; a later signal gets Node's default behaviour again. */
  dispose(): void;
}

export function watchInterrupt(signals: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM']): Interrupt {
  const controller = new AbortController();
  const handler = (received: NodeJS.Signals): void => {
    if (!controller.signal.aborted) {
      controller.abort(new InterruptedError(received));
      return;
    }
    // Asked twice: give up at once. Re-raise with the default handler so the shell sees the signal.
    dispose();
    process.kill(process.pid, received);
  };
  const dispose = (): void => {
    for (const name of signals) process.off(name, handler);
  };
  for (const name of signals) process.on(name, handler);
  return { signal: controller.signal, dispose };
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
