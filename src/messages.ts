// Every sentence the findings carry, in one place. Findings are data (kind, status, reason, hosts);
// tests assert those, not these words.
import type { TrustStoreNote } from './deploy/types.ts';
import type { EvidenceItem } from './scan/classify.ts';
import type { Finding, FindingKind, FindingStatus, ReasonCode } from './types.ts';

type MessageInput = Pick<Finding, 'kind' | 'status' | 'reason' | 'hosts' | 'client'> & { evidence?: Finding['evidence'] };

const WHAT: Record<FindingKind, (hosts: string) => string> = {
  'pinned-ca': (hosts) => `CA pinned for ${hosts}: the pinned root replaces the system trust store`,
  'insecure-tls': (hosts) => `certificate verification turned off for ${hosts}`,
};

const WHY: Partial<Record<ReasonCode, string>> = {
  'mixed-hosts': 'it also serves a host that is not WeChat, so removing it could break that host; review by hand',
  'unresolved-host': 'some host it serves cannot be resolved statically; review by hand',
  'unknown-consumer': 'code the scanner cannot see may use it for any host; review by hand',
  'global-agent': 'it is set process-wide and the project also calls hosts that are not WeChat; review by hand',
  'extends-default-roots':
    "it adds to Node's own roots rather than replacing them, so WeChat's rotations do not break it, and the extra CA may be a proxy's; review by hand (for a proxy's CA, NODE_EXTRA_CA_CERTS does the same without code)",
  'deployment-setting':
    'set for every process the project starts, so checks are off for WeChat and every other host; remove it from the deployment file and let the trust store decide (wechat-unpin never rewrites deployment files)',
  'suppressed-comment': 'suppressed by a wechat-unpin-ignore-next-line or wechat-unpin-ignore-line comment',
  'suppressed-file': 'suppressed by a wechat-unpin-ignore-file comment',
};

const DONE: Partial<Record<FindingStatus, string>> = {
  fixed: 'removed; the default trust store now decides',
};

export function messageFor(finding: MessageInput): string {
  const hosts = finding.hosts.length > 0 ? finding.hosts.join(', ') : 'a WeChat client';
  const what = WHAT[finding.kind](hosts);
  const why = finding.status === 'fixed' ? DONE.fixed : WHY[finding.reason];
  // A review says concretely why: the first piece of evidence is the reason (DESIGN.md policy 7).
  const first = finding.status === 'needs-review' ? finding.evidence?.[0] : undefined;
  const detail = first && finding.reason !== 'wechat-only' ? `: ${first.note} (${first.file}:${first.line})` : '';
  return why ? `${what} (${why}${detail})` : what;
}

const UNKNOWN_HOST: Record<NonNullable<EvidenceItem['reason']>, (detail: string) => string> = {
  environment: (detail) => `host from ${detail}, set at run time`,
  parameter: (detail) => `host from the parameter ${detail}, whose callers the scanner cannot see`,
  call: (detail) => `host from ${detail}, a call the scanner has no model for`,
  module: (detail) => `host from ${detail}, a module the scanner has no model for`,
  global: (detail) => `host from the global ${detail}, which the scanner cannot see`,
  input: (detail) => `host from ${detail}, read at run time`,
  operation: (detail) => `host computed by ${detail}, which the scanner does not follow`,
  limit: (detail) => `host the scanner stopped following (${detail})`,
};

const UNKNOWN_CONSUMER: Record<NonNullable<EvidenceItem['why']>, (detail: string) => string> = {
  call: (detail) => `passed to ${detail}, which the scanner has no model for`,
  stored: (detail) => `stored into ${detail}, which the scanner cannot follow`,
  export: () => 'exported here and not imported in the scanned code',
  callback: (detail) => `given to ${detail} as a callback`,
};

/** The note of one piece of evidence. */
export function evidenceNote(item: Pick<EvidenceItem, 'code' | 'detail' | 'reason' | 'why'>): string {
  switch (item.code) {
    case 'host':
      return `host ${item.detail}`;
    case 'other-host':
      return `also serves ${item.detail}`;
    case 'unknown-host':
      return UNKNOWN_HOST[item.reason ?? 'operation'](item.detail);
    case 'unknown-consumer':
      return UNKNOWN_CONSUMER[item.why ?? 'call'](item.detail);
    case 'unsettled':
      return 'the value analysis reached its work limit, so who reads this setting is only partly known; scan a smaller folder';
    case 'outside-client':
      return `a ${item.detail} client used outside the scanned code, presumed to follow its base URL`;
    case 'request':
      return `${item.detail} request`;
    case 'relay':
      return 'passed on as the same option';
    case 'global':
      return `process-wide ${item.detail} setting`;
  }
}

const TRUST_STORE: Record<TrustStoreNote['option'], string> = {
  '--use-openssl-ca': "Node trusts OpenSSL's CA store instead of its bundled roots; once pins are removed, that store must hold the roots WeChat's chains end in",
  '--use-system-ca': "Node trusts the system's CA store besides its bundled roots; nothing to change",
  NODE_EXTRA_CA_CERTS: "adds CAs to Node's bundled roots (a proxy's CA, say); nothing to change",
};

/** A trust-store note: what the option does to the store a removed pin falls back to. */
export function trustStoreMessage(note: Pick<TrustStoreNote, 'option' | 'via' | 'value'>): string {
  const where = note.via === 'command line' ? ' on a node command line' : note.via === note.option ? '' : ` in ${note.via}`;
  return `${note.option}${where}: ${TRUST_STORE[note.option]}`;
}

/** A suppression comment that suppressed nothing (--report-unused-suppressions). */
export function unusedSuppressionMessage(
  marker: string,
  directive: { type: 'next-line' | 'line' | 'file'; target?: number; kinds?: FindingKind[] },
): string {
  const kinds = directive.kinds ? ` ${directive.kinds.join(', ')}` : '';
  const what = directive.kinds ? `no ${directive.kinds.join(' or ')} finding` : 'no finding';
  const where =
    directive.type === 'file'
      ? 'in this file'
      : `on line ${directive.target ?? 0} or in a statement that starts there`;
  return `unused ${marker}${kinds}: ${what} ${where}; remove the comment`;
}

/** What is left after a run, for the closing line. */
export interface Outcome {
  /**
   * Pins still `fixable`: under scan, what fix would remove; under fix, what it did not write (under
   * --dry-run, what the change would not remove).
   */
  fixablePins: number;
  review: number;
  /** Turned-off checks still `fixable` (fix removes them only with --fix-insecure). */
  insecure: number;
  /** Files left alone (unparsable, skipped, not written). */
  errors: number;
  dryRun: boolean;
  /** Under fix --dry-run: the findings the change would remove. */
  wouldFix?: number;
  /** Under fix --dry-run: turned-off checks the change would leave (no --fix-insecure). */
  insecureLeft?: number;
  /** Findings a real fix removed. */
  fixed?: number;
  suppressed?: number;
}

/**
 * The one line that tells the user what to do next, by outcome. "Nothing to do" only when nothing at
 * all was found: not under a finding left open or suppressed, not after a write that failed, nor while
 * files went unchecked.
 */
/** Why some files with TLS settings were not analysed, and how to analyse one anyway. */
export function leftOutMessage(count: number): string {
  const files = count === 1 ? '1 file with a TLS setting was' : `${count} files with TLS settings were`;
  return `${files} left out: nothing in their imports names a WeChat host or SDK (name a file on the command line to analyse it anyway).`;
}

export function nextStep(command: 'scan' | 'fix', counts: Outcome): string {
  const review = counts.review > 0 ? '; review the rest by hand.' : '.';
  if (command === 'scan' && counts.fixablePins > 0) {
    return counts.insecure > 0
      ? `Run \`wechat-unpin fix --fix-insecure\` to remove what is provably safe, turned-off certificate checks included${review}`
      : 'Run `wechat-unpin fix` to remove what is provably safe; review the rest by hand.';
  }
  const pinsLeft = command === 'fix' && counts.fixablePins > 0 ? ' Some pins cannot be removed: see "Files left alone" for why.' : '';
  if (command === 'fix' && counts.dryRun && (counts.wouldFix ?? 0) > 0) {
    const left = (counts.insecureLeft ?? 0) > 0 ? ' Turned-off certificate checks would remain: add --fix-insecure to remove them too.' : '';
    return `Run again without --dry-run to write these changes.${left}${pinsLeft}`;
  }
  if (command === 'fix' && counts.fixablePins > 0) {
    return counts.dryRun
      ? pinsLeft.trimStart()
      : 'Some pins were not removed: see "Files left alone" for why, deal with it, and run the fix again.';
  }
  if (counts.insecure > 0) {
    const how = command === 'fix' && !counts.dryRun ? 'run `wechat-unpin fix --fix-insecure` to remove them' : '`wechat-unpin fix --fix-insecure` removes them';
    return `Turned-off certificate checks remain: ${how}${counts.review > 0 ? '; review the needs-review findings by hand.' : '.'}`;
  }
  if (counts.review > 0) return 'Review the needs-review findings by hand: each message says why it was not rewritten.';
  if (counts.errors > 0) {
    return (counts.fixed ?? 0) > 0
      ? 'The pins found were removed; the files left alone (listed above) were not checked.'
      : 'No pin found in the files checked; the files left alone (listed above) were not checked.';
  }
  if ((counts.fixed ?? 0) > 0) return "Done: every pin found was removed; Node's default trust store now decides.";
  if ((counts.suppressed ?? 0) > 0) return 'No open findings: the ones listed are suppressed by wechat-unpin-ignore comments.';
  return 'Nothing to do: no code pins a CA for WeChat hosts.';
}
