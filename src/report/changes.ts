// Which findings a run's changes remove: the reports count and list them, under `fix` (status
// `fixed`), `fix --dry-run` and a scan that planned its fixes (still `fixable`: nothing was written).
import type { Finding, RunResult } from '../types.ts';

/**
 * The findings the run's changes remove (or would). A change names the ids it fixes; one that does
 * not (a RunResult built by hand) is taken to fix every finding of its file that the fix selects by
 * default: fixable pins.
 */
export function wouldFix(result: Pick<RunResult, 'findings' | 'changes'>): Set<Finding> {
  const ids = new Set<string>();
  const files = new Set<string>();
  for (const change of result.changes) {
    if (change.before === change.after) continue;
    if (change.fixes) for (const id of change.fixes) ids.add(id);
    else files.add(change.file);
  }
  return new Set(
    result.findings.filter(
      (finding) =>
        finding.status === 'fixed' ||
        (finding.status === 'fixable' && (ids.has(finding.id) || (files.has(finding.file) && finding.kind === 'pinned-ca'))),
    ),
  );
}
