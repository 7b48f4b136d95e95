// A one-line progress display on stderr, for long runs in a terminal only: never in CI logs or pipes.
import type { RunProgress } from './types.ts';

const MIN_FILES = 300;
const LABELS: Record<RunProgress['phase'], string> = {
  discover: 'finding files',
  read: 'reading',
  scan: 'scanning candidates',
  fix: 'fixing',
  done: 'done',
};

export function shouldShowProgress(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv, wanted: boolean | undefined): boolean {
  return wanted !== false && stream.isTTY === true && !env['CI'];
}

/** Returns the callback for run() and a function that clears the line when the run ends. */
export function progressLine(stream: NodeJS.WriteStream): { update: (progress: RunProgress) => void; clear: () => void } {
  let shown = false;
  let largeRun = false;
  return {
    update(progress) {
      if (progress.phase === 'read') largeRun = progress.total >= MIN_FILES;
      if (!largeRun || progress.phase === 'done') return;
      const counts = progress.total > 0 ? ` ${progress.done}/${progress.total}` : '';
      stream.write(`\r\x1b[2Kwechat-unpin: ${LABELS[progress.phase]}${counts}…`);
      shown = true;
    },
    clear() {
      if (shown) stream.write('\r\x1b[2K');
    },
  };
}
