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

/** The one line that tells the user what to do next, by outcome. */
export function nextStep(command: 'scan' | 'fix', counts: { fixable: number; review: number; insecure: number; dryRun: boolean }): string {
  if (command === 'scan' && counts.fixable > 0) return 'Run `wechat-unpin fix` to remove what is provably safe; review the rest by hand.';
  if (command === 'fix' && counts.dryRun && counts.fixable > 0) return 'Run again without --dry-run to write these changes.';
  if (counts.insecure > 0) return 'Turned-off certificate checks remain: remove them, or run `wechat-unpin fix --fix-insecure`.';
  if (counts.review > 0) return 'Review the needs-review findings by hand: each message says why it was not rewritten.';
  return 'Nothing to do: no code pins a CA for WeChat hosts.';
}
