// One report for several runs: the CLI runs once per config file when the paths lead to different
// ones (a monorepo's packages), and reports them together, as if one run had covered every path.
import type { RunResult } from './types.ts';

export function mergeResults(results: readonly RunResult[]): RunResult {
  const [first, ...rest] = results;
  if (!first) throw new Error('mergeResults needs at least one result');
  if (rest.length === 0) return first;
  const merged: RunResult = {
    ...first,
    summary: structuredClone(first.summary),
    findings: [...first.findings],
    errors: [...first.errors],
    changes: [...first.changes],
    unusedCertificates: [...first.unusedCertificates],
    sources: { ...first.sources },
    notes: [...first.notes],
  };
  for (const result of rest) {
    const sum = merged.summary;
    sum.filesMatched += result.summary.filesMatched;
    sum.filesParsed += result.summary.filesParsed;
    sum.filesChanged += result.summary.filesChanged;
    sum.errors += result.summary.errors;
    sum.durationMs += result.summary.durationMs;
    for (const kind of Object.keys(sum.findings) as Array<keyof typeof sum.findings>) sum.findings[kind] += result.summary.findings[kind];
    for (const status of Object.keys(sum.byStatus) as Array<keyof typeof sum.byStatus>) sum.byStatus[status] += result.summary.byStatus[status];
    merged.findings.push(...result.findings);
    merged.errors.push(...result.errors);
    merged.changes.push(...result.changes);
    merged.unusedCertificates.push(...result.unusedCertificates);
    Object.assign(merged.sources, result.sources);
    merged.notes.push(...result.notes);
    if (result.interrupted) merged.interrupted = result.interrupted;
  }
  merged.unusedCertificates = [...new Set(merged.unusedCertificates)].sort();
  return merged;
}
