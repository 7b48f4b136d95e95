// Every sentence the findings carry, in one place. Findings are data (kind, status, reason, hosts);
// tests assert those, not these words.
import type { Finding, FindingKind, FindingStatus, ReasonCode } from './types.ts';

type MessageInput = Pick<Finding, 'kind' | 'status' | 'reason' | 'hosts' | 'client'>;

const WHAT: Record<FindingKind, (hosts: string) => string> = {
  'pinned-ca': (hosts) => `CA pinned for ${hosts}: the pinned root replaces the system trust store`,
  'insecure-tls': (hosts) => `certificate verification turned off for ${hosts}`,
};

const WHY: Partial<Record<ReasonCode, string>> = {
  'mixed-hosts': 'it also serves a host that is not WeChat, so removing it could break that host; review by hand',
  'unresolved-host': 'some host it serves cannot be resolved statically; review by hand',
  'unknown-consumer': 'it is passed to code the scanner cannot follow; review by hand',
  'global-agent': 'it is set process-wide and the project also calls hosts that are not WeChat; review by hand',
  'suppressed-comment': 'suppressed by a wechat-unpin-ignore-next-line comment',
  'suppressed-file': 'suppressed by a wechat-unpin-ignore-file comment',
};

const DONE: Partial<Record<FindingStatus, string>> = {
  fixed: 'removed; the default trust store now decides',
};

export function messageFor(finding: MessageInput): string {
  const hosts = finding.hosts.length > 0 ? finding.hosts.join(', ') : 'a WeChat client';
  const what = WHAT[finding.kind](hosts);
  const why = finding.status === 'fixed' ? DONE.fixed : WHY[finding.reason];
  return why ? `${what} (${why})` : what;
}

/** What is left after a run, for the closing line. */
export interface Outcome {
  /** Pins still `fixable`: under scan, what fix would remove; under fix, what it did not write. */
  fixablePins: number;
  review: number;
  /** Turned-off checks still `fixable` (fix removes them only with --fix-insecure). */
  insecure: number;
  /** Files left alone (unparsable, skipped, not written). */
  errors: number;
  dryRun: boolean;
}

/**
 * The one line that tells the user what to do next, by outcome. "Nothing to do" only when nothing is
 * left: not after a write that failed, nor while files went unchecked.
 */
export function nextStep(command: 'scan' | 'fix', counts: Outcome): string {
  if (command === 'scan' && counts.fixablePins > 0) return 'Run `wechat-unpin fix` to remove what is provably safe; review the rest by hand.';
  if (command === 'fix' && counts.dryRun && counts.fixablePins > 0) return 'Run again without --dry-run to write these changes.';
  if (command === 'fix' && counts.fixablePins > 0) {
    return 'Some pins were not removed: see "Files left alone" for why, deal with it, and run the fix again.';
  }
  if (counts.insecure > 0) return 'Turned-off certificate checks remain: remove them, or run `wechat-unpin fix --fix-insecure`.';
  if (counts.review > 0) return 'Review the needs-review findings by hand: each message says why it was not rewritten.';
  if (counts.errors > 0) return 'No pin found in the files checked; the files left alone (listed above) were not checked.';
  return 'Nothing to do: no code pins a CA for WeChat hosts.';
}
