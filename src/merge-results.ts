// One report for several runs: the CLI runs once per config file when the paths lead to different
// ones (a monorepo's packages), and reports them together, as if one run had covered every path.
import type { RunResult, RunSummary } from './types.ts';

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
  if (first.unusedSuppressions) merged.unusedSuppressions = [...first.unusedSuppressions];
  for (const result of rest) {
    addSummary(merged.summary, result.summary);
    merged.findings.push(...result.findings);
    merged.errors.push(...result.errors);
    merged.changes.push(...result.changes);
    merged.unusedCertificates.push(...result.unusedCertificates);
    Object.assign(merged.sources, result.sources);
    merged.notes.push(...result.notes);
    if (result.unusedSuppressions) merged.unusedSuppressions = [...(merged.unusedSuppressions ?? []), ...result.unusedSuppressions];
    if (result.interrupted) merged.interrupted = result.interrupted;
  }
  merged.unusedCertificates = [...new Set(merged.unusedCertificates)].sort();
  return merged;
}

/** Adds every count of `more` to `total`: numbers, and records of numbers (findings, byStatus). */
function addSummary(total: RunSummary, more: RunSummary): void {
  const sum = total as unknown as Record<string, number | Record<string, number>>;
  for (const [key, value] of Object.entries(more) as Array<[string, number | Record<string, number>]>) {
    const current = sum[key];
    if (typeof value === 'number') sum[key] = (typeof current === 'number' ? current : 0) + value;
    else {
      const counts = (typeof current === 'object' ? current : (sum[key] = {})) as Record<string, number>;
      for (const [name, count] of Object.entries(value)) counts[name] = (counts[name] ?? 0) + count;
    }
  }
}
