// The terminal report: findings grouped by file, a summary line, and one line saying what to do next.
// Text from the tree (names, messages, certificate subjects) goes through printable(): no raw escapes.
import pc from 'picocolors';
import { leftOutMessage, nextStep, type Outcome } from '../messages.ts';
import { wouldFix } from './changes.ts';
import { printable } from '../printable.ts';
import type { Finding, FindingStatus, ReportContext, RunResult } from '../types.ts';

type Paint = (text: string) => string;

export function formatText(result: RunResult, context: ReportContext): string {
  const colors = pc.createColors(context.color);
  const statusPaint: Record<FindingStatus, Paint> = {
    fixable: colors.yellow,
    fixed: colors.green,
    'needs-review': colors.magenta,
    suppressed: colors.dim,
  };
  const lines: string[] = [];
  for (const [file, findings] of groupByFile(result.findings)) {
    lines.push(colors.underline(printable(file)));
    for (const finding of findings) {
      const position = colors.dim(`${finding.line}:${finding.column}`.padEnd(8));
      const status = statusPaint[finding.status](finding.status.padEnd(12));
      lines.push(`  ${position} ${status} ${colors.bold(finding.kind.padEnd(12))} ${printable(finding.message)}`);
      if (finding.certificate) {
        const cert = finding.certificate;
        const expiry = cert.expired ? colors.red(`expired ${cert.notAfter.slice(0, 10)}`) : `valid until ${cert.notAfter.slice(0, 10)}`;
        const abandoned = cert.abandonedRoot ? colors.red('; a root WeChat no longer uses') : '';
        lines.push(`  ${' '.repeat(8)} ${colors.dim(`pins ${printable(cert.file)}: ${printable(commonName(cert.subject))}, ${expiry}${abandoned}`)}`);
      }
    }
    lines.push('');
  }
  if (result.errors.length > 0) {
    lines.push(colors.red('Files left alone:'));
    for (const error of result.errors) lines.push(`  ${printable(error.file)}: ${printable(error.message)}`);
    lines.push('');
  }
  if (result.notes.length > 0) {
    lines.push('Trust-store settings to know before unpinning:');
    for (const note of result.notes) lines.push(`  ${printable(note.file)}:${note.line}:${note.column} ${printable(note.message)}`);
    lines.push('');
  }
  if (result.unusedCertificates.length > 0) {
    lines.push(`No scanned code reads these certificate files any more (kept; delete them once nothing else needs them):`);
    for (const file of result.unusedCertificates) lines.push(`  ${printable(file)}`);
    lines.push('');
  }
  if (result.unusedSuppressions && result.unusedSuppressions.length > 0) {
    lines.push(colors.yellow('Suppression comments that suppressed nothing:'));
    for (const note of result.unusedSuppressions) lines.push(`  ${printable(note.file)}:${note.line}:${note.column} ${printable(note.message)}`);
    lines.push('');
  }
  lines.push(summaryLine(result, colors));
  if (result.summary.filesWithoutWeChatEvidence > 0) lines.push(colors.dim(leftOutMessage(result.summary.filesWithoutWeChatEvidence)));
  lines.push(nextStep(result.command, outcomeOf(result)));
  return `${lines.join('\n')}\n`;
}

/** What is left, for the closing line. Under --dry-run, what the change would remove counts as done. */
function outcomeOf(result: RunResult): Outcome {
  // Under --dry-run nothing was written: what the change would remove is not left.
  const covered = result.command === 'fix' && result.dryRun ? wouldFix(result) : new Set<Finding>();
  const open = (kind: Finding['kind']): Finding[] =>
    result.findings.filter((finding) => finding.kind === kind && finding.status === 'fixable' && !covered.has(finding));
  return {
    fixablePins: open('pinned-ca').length,
    review: result.summary.byStatus['needs-review'],
    insecure: open('insecure-tls').length,
    insecureLeft: open('insecure-tls').length,
    errors: result.errors.length,
    dryRun: result.dryRun,
    wouldFix: [...covered].filter((finding) => finding.status === 'fixable').length,
    fixed: result.summary.byStatus.fixed,
    suppressed: result.summary.byStatus.suppressed,
  };
}

/** `CN=DigiCert Global Root CA` out of a full subject; the whole subject when it has no CN. */
function commonName(subject: string): string {
  return /(?:^|[,\n]\s*)CN=([^,\n]+)/.exec(subject)?.[1]?.trim() ?? subject;
}

function summaryLine(result: RunResult, colors: ReturnType<typeof pc.createColors>): string {
  const { summary } = result;
  const counts = Object.entries(summary.byStatus)
    .filter(([, count]) => count > 0)
    .map(([status, count]) => `${count} ${status}`);
  const found = counts.length > 0 ? counts.join(', ') : 'no findings';
  const files = (n: number): string => `${n} file${n === 1 ? '' : 's'}`;
  const changed =
    result.command === 'fix' ? `, ${result.dryRun ? `${files(result.changes.length)} would change` : `${files(summary.filesChanged)} changed`}` : '';
  return colors.bold(
    `${found} in ${summary.filesMatched} files (${summary.filesParsed} parsed${changed}, ${summary.errors} errors) in ${summary.durationMs} ms`,
  );
}

function groupByFile(findings: readonly Finding[]): Map<string, Finding[]> {
  const groups = new Map<string, Finding[]>();
  for (const finding of findings) {
    const list = groups.get(finding.file);
    if (list) list.push(finding);
    else groups.set(finding.file, [finding]);
  }
  return groups;
}
