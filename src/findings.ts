// From what the scanner (or the deployment reader) found to the finding users see: a stable id, the
// suppression comments applied, report paths, the message. Pure; run() adds what the certificate
// file holds, which needs a read.
import path from 'node:path';
import { nodeCrypto } from './lazy-crypto.ts';
import { lineText } from './line-starts.ts';
import { messageFor } from './messages.ts';
import type { RawFinding } from './scan/index.ts';
import { findSuppression, type SuppressionLedger } from './suppress.ts';
import type { Finding, FindingStatus } from './types.ts';

/** What a finding needs from its source: the scanner's findings and deployment settings both fit. */
export type FindingSource = Omit<RawFinding, 'removal' | 'certificatePaths' | 'status'> & { status: RawFinding['status'] };

/**
 * The reported finding for `raw` in a file whose text is `text`, its paths relative to `cwd` (absolute
 * when undefined). `idCounts` is shared by every finding of one run, so that identical lines get
 * distinct ids in order. `suppressions`, when given, records which suppression comments were used
 * (--report-unused-suppressions).
 */
export function reportedFinding(
  raw: FindingSource,
  text: string,
  cwd: string | undefined,
  idCounts: Map<string, number>,
  suppressions?: SuppressionLedger,
): Finding {
  const suppressed = findSuppression(raw.file, text, raw, suppressions);
  const status: FindingStatus = suppressed ? 'suppressed' : raw.status;
  const place = (file: string): string => (cwd === undefined ? file : reportPath(file, cwd));
  const file = place(raw.file);
  const finding: Finding = {
    id: stableId(raw, text, file, idCounts),
    kind: raw.kind,
    status,
    reason: suppressed?.reason ?? raw.reason,
    file,
    line: raw.line,
    column: raw.column,
    endLine: raw.endLine,
    endColumn: raw.endColumn,
    hosts: raw.hosts,
    client: raw.client,
    message: '',
    evidence: raw.evidence.map((item) => ({ ...item, file: place(item.file) })),
  };
  if (suppressed) {
    const { line, column, justification } = suppressed.directive;
    finding.suppression = justification === undefined ? { line, column } : { line, column, justification };
  }
  finding.message = messageFor(finding);
  return finding;
}

/**
 * Stable across runs and unaffected by edits elsewhere in the file: the kind, the file and the text
 * of the finding's line (lines counted as the scanner counts them), plus how many identical lines came
 * before it.
 */
function stableId(raw: Pick<RawFinding, 'kind' | 'line'>, text: string, file: string, counts: Map<string, number>): string {
  const key = `${raw.kind}\0${file}\0${lineText(text, raw.line).trim().replace(/\s+/g, ' ')}`;
  const occurrence = counts.get(key) ?? 0;
  counts.set(key, occurrence + 1);
  return nodeCrypto().createHash('sha256').update(`${key}\0${occurrence}`).digest('hex').slice(0, 16);
}

/** Relative to the working directory, with `/` separators, as the report promises. */
export function reportPath(file: string, cwd: string): string {
  const relative = path.relative(cwd, file) || path.basename(file);
  return relative.split(path.sep).join('/');
}
