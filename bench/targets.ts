// Issue 5's targets (item 3) and issue 14's, checked against the measurements. Checked here and only here: a
// timed assertion in `npm test` would fail on a busy machine for no fault of the code.
import type { Measurement } from './measure.ts';
import { formatSeconds, megabytes, type ScalingRow, type TargetCheck } from './report.ts';

export const SCAN = 'wechat-unpin scan';
export const FIX = 'wechat-unpin fix';

function find(rows: readonly Measurement[], prefix: string): Measurement | undefined {
  return rows.find((row) => row.tool.startsWith(prefix));
}

const times = (value: number): string => `${value >= 10 ? value.toFixed(0) : value.toFixed(2)}×`;

/** `value` must stay at or under `limit`: the factor says how far over (or under) it is. */
function atMost(target: string, measured: string, value: number, limit: number): TargetCheck {
  const factor = value / limit;
  return { target, measured, factor: factor <= 1 ? `${times(1 / factor)} under the limit` : `${times(factor)} over the limit`, pass: value <= limit };
}

/** `value` must reach at least `floor`. */
function atLeast(target: string, measured: string, value: number, floor: number): TargetCheck {
  const factor = value / floor;
  return { target, measured, factor: factor >= 1 ? `${times(factor)} of the target` : `${times(1 / factor)} short`, pass: value >= floor };
}

export function largeTreeChecks(rows: readonly Measurement[]): TargetCheck[] {
  const scan = find(rows, SCAN);
  if (!scan) return [];
  const checks: TargetCheck[] = [];
  const rg = find(rows, 'rg ');
  if (rg) {
    checks.push(atMost('large tree: `scan` ≤ 2× `rg`', `${formatSeconds(scan.wallMs)} vs ${formatSeconds(rg.wallMs)} = ${times(scan.wallMs / rg.wallMs)}`, scan.wallMs / rg.wallMs, 2));
  }
  const jscodeshift = find(rows, 'jscodeshift');
  if (jscodeshift) {
    const speedup = jscodeshift.wallMs / scan.wallMs;
    checks.push(atLeast('large tree: `scan` ≥ 40× faster than jscodeshift', `${formatSeconds(jscodeshift.wallMs)} / ${formatSeconds(scan.wallMs)} = ${times(speedup)}`, speedup, 40));
  }
  if (scan.rssKb !== undefined) {
    const mb = megabytes(scan.rssKb);
    checks.push(atMost('large tree: `scan` peak RSS ≤ 250 MB (issue 14; issue 5: 300 MB)', `${Math.round(mb)} MB`, mb, 250));
  }
  return checks;
}

export function preCommitChecks(clean: readonly Measurement[], pinned: readonly Measurement[]): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const scanClean = find(clean, SCAN);
  const node = find(clean, 'node -e');
  if (scanClean && node) {
    const factor = scanClean.wallMs / node.wallMs;
    checks.push(atMost("pre-commit, no candidate: ≤ 2.5× `node -e ''`", `${formatSeconds(scanClean.wallMs)} vs ${formatSeconds(node.wallMs)} = ${times(factor)}`, factor, 2.5));
  }
  const scanPinned = find(pinned, SCAN);
  if (scanPinned) {
    checks.push(atMost('pre-commit, one pin: ≤ 1.5 s', formatSeconds(scanPinned.wallMs), scanPinned.wallMs / 1000, 1.5));
    if (scanClean) {
      const factor = scanPinned.wallMs / scanClean.wallMs;
      checks.push(
        atMost('pre-commit, one pin: < 2× the no-candidate run (issue 14)', `${formatSeconds(scanPinned.wallMs)} vs ${formatSeconds(scanClean.wallMs)} = ${times(factor)}`, factor, 2),
      );
    }
  }
  return checks;
}

export function fixHeavyChecks(rows: readonly Measurement[]): TargetCheck[] {
  const fix = find(rows, FIX);
  const jscodeshift = find(rows, 'jscodeshift');
  if (!fix || !jscodeshift) return [];
  const speedup = jscodeshift.wallMs / fix.wallMs;
  return [atLeast('fix-heavy: `fix` faster than jscodeshift', `${formatSeconds(jscodeshift.wallMs)} / ${formatSeconds(fix.wallMs)} = ${times(speedup)}`, speedup, 1)];
}

/** Linear: the cost of each further 1,000 files from 5k to 15k is at most 1.5× what it was from 1k to 5k. */
export const LINEARITY_TOLERANCE = 1.5;

export function linearityCheck(scaling: readonly ScalingRow[]): TargetCheck | undefined {
  const points = scaling
    .map((size) => ({ files: size.files, ms: find(size.rows, SCAN)?.wallMs }))
    .filter((point): point is { files: number; ms: number } => point.ms !== undefined)
    .sort((a, b) => a.files - b.files);
  if (points.length < 3) return undefined;
  const [small, middle, large] = [points[0]!, points[1]!, points[points.length - 1]!];
  const perThousand = (a: typeof small, b: typeof small): number => ((b.ms - a.ms) / (b.files - a.files)) * 1000;
  const early = perThousand(small, middle);
  const late = perThousand(middle, large);
  const measured =
    `${formatSeconds(early)} per 1k files (${small.files}→${middle.files}), ` + `${formatSeconds(late)} per 1k files (${middle.files}→${large.files})`;
  // A slope that does not grow is linear (or better); a fixed start-up cost only flattens it.
  return atMost(`cost linear in files (late slope ≤ ${LINEARITY_TOLERANCE}× early slope)`, measured, late / Math.max(early, 1), LINEARITY_TOLERANCE);
}

/** Not a target of the issue, but a fast scan that misses pins is no win: every planted pin is reported. */
export function plantedCheck(found: number, planted: number): TargetCheck {
  return {
    target: 'large tree: `scan` reports every planted pin',
    measured: `${found} of ${planted}`,
    factor: found >= planted ? 'all found' : `${planted - found} missed`,
    pass: found >= planted,
  };
}

/** How much more peak memory a tree 4× the size may take and still count as flat (issue 14, item 3). */
export const FLAT_MEMORY_TOLERANCE = 1.25;

/** Issue 14: peak RSS that does not grow with the tree beyond the candidates and their neighbourhood. */
export function flatMemoryCheck(
  small: { files: number; scan: Measurement },
  large: { files: number; scan: Measurement },
  variant?: string,
): TargetCheck | undefined {
  if (small.scan.rssKb === undefined || large.scan.rssKb === undefined) return undefined;
  const factor = large.scan.rssKb / small.scan.rssKb;
  return atMost(
    `memory flat: \`scan\` peak RSS at ${large.files} files${variant ? ` (${variant})` : ''} ≤ ${FLAT_MEMORY_TOLERANCE}× that at ${small.files} (issue 14)`,
    `${Math.round(megabytes(large.scan.rssKb))} MB vs ${Math.round(megabytes(small.scan.rssKb))} MB = ${times(factor)}`,
    factor,
    FLAT_MEMORY_TOLERANCE,
  );
}
