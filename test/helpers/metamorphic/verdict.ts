// What a variant must report, and how it differs from that.
//
// The verdict is the multiset of (file, kind, status) of the findings: lines move under most rewrites
// and identifiers change under renames, so neither lines nor node text can be compared; the file is
// mapped through the variant's renames and moved code. The fix is checked on what `fix` would write
// (scan with planFixes): every fix-selected pin's text (from its key to the end of its property or
// statement, read from the variant's own source) occurs fewer times after the fix, a pin left for
// review keeps its text, and no file without a fix-selected pin is changed.
import { ts } from 'ts-morph';
import type { ScanOutcome, SlimFinding } from './scan.ts';
import { isCode, offsetOf, parse, syntaxErrors, walk } from './source.ts';
import type { Project, RewriteKind, Variant } from './types.ts';

/** Where a finding of the original is expected in the variant. */
export function fileAfter(finding: Pick<SlimFinding, 'file' | 'line'>, variant: Variant): string {
  const moved = variant.moved?.find((item) => item.file === finding.file && item.fromLine <= finding.line && finding.line <= item.toLine);
  return moved ? moved.to : (variant.renames?.[finding.file] ?? finding.file);
}

function key(file: string, finding: Pick<SlimFinding, 'kind' | 'status'>): string {
  return `${file} ${finding.kind} ${finding.status}`;
}

/** The verdict the variant must have: the original's, with the written-to target's fixable findings needs-review. */
export function expectedVerdict(original: ScanOutcome, variant: Variant, kind: RewriteKind): string[] {
  return original.findings
    .map((finding, index) => {
      const reviewed = kind === 'adds-other-write' && finding.status === 'fixable' && variant.target?.findings.includes(index);
      return key(fileAfter(finding, variant), { kind: finding.kind, status: reviewed ? 'needs-review' : finding.status });
    })
    .sort();
}

export function actualVerdict(outcome: ScanOutcome): string[] {
  return outcome.findings.map((finding) => key(finding.file, finding)).sort();
}

function multisetMinus(a: readonly string[], b: readonly string[]): string[] {
  const rest = [...b];
  return a.filter((item) => {
    const at = rest.indexOf(item);
    if (at < 0) return true;
    rest.splice(at, 1);
    return false;
  });
}

function describe(finding: SlimFinding): string {
  const where = finding.evidence
    .slice(0, 3)
    .map((item) => `${item.note} @${item.file}:${item.line}`)
    .join('; ');
  return `${finding.file}:${finding.line} ${finding.kind} ${finding.status} (${finding.reason}${finding.hosts.length ? `; hosts ${finding.hosts.join(',')}` : ''}${where ? `; ${where}` : ''})`;
}

/** Every way the variant's outcome falls short; empty when it passes. */
export function problems(input: {
  originalProject: Project;
  original: ScanOutcome;
  variant: Variant;
  outcome: ScanOutcome;
  kind: RewriteKind;
  fixInsecure: boolean;
}): string[] {
  const { original, variant, outcome, kind } = input;
  const out: string[] = [];
  const known = new Set(original.errors.map((error) => `${variant.renames?.[error.file] ?? error.file}: ${error.message}`));
  const errors = outcome.errors.filter((error) => !known.has(`${error.file}: ${error.message}`));
  if (errors.length > 0) out.push(`errors: ${errors.map((error) => `${error.file}: ${error.message}`).join(' | ')}`);

  const expected = expectedVerdict(original, variant, kind);
  const actual = actualVerdict(outcome);
  const missing = multisetMinus(expected, actual);
  const unexpected = multisetMinus(actual, expected);
  if (missing.length > 0 || unexpected.length > 0) {
    out.push(
      `verdict: expected [${expected.join(', ')}], got [${actual.join(', ')}]` +
        `${missing.length ? `; missing ${missing.join(', ')}` : ''}${unexpected.length ? `; unexpected ${unexpected.join(', ')}` : ''}` +
        `\n  original: ${original.findings.map(describe).join(' | ')}\n  variant:  ${outcome.findings.map(describe).join(' | ') || '(no finding)'}`,
    );
  }
  out.push(...fixProblems(outcome, variant.files, input.fixInsecure));
  if (kind === 'adds-other-write') out.push(...keptByWrite(input.originalProject, original, variant, outcome, input.fixInsecure));
  return out;
}

/**
 * A write of another host makes its target's pins needs-review, whatever the variant's scan says:
 * fix must leave each of them. Its text (read from the original) may be removed only as often as
 * the file holds pins of the same text that stay fixable.
 */
function keptByWrite(project: Project, original: ScanOutcome, variant: Variant, outcome: ScanOutcome, fixInsecure: boolean): string[] {
  const out: string[] = [];
  const targets = new Set(variant.target?.findings ?? []);
  const textOf = (finding: SlimFinding): string => pinText(finding.file, project.get(finding.file) ?? '', finding);
  for (const index of targets) {
    const finding = original.findings[index]!;
    if (!selectedForFix(finding, fixInsecure)) continue;
    const file = fileAfter(finding, variant);
    const change = outcome.changes.find((item) => item.file === file);
    const text = textOf(finding);
    if (!change || !text) continue;
    const stillFixable = original.findings.filter(
      (other, at) => !targets.has(at) && selectedForFix(other, fixInsecure) && fileAfter(other, variant) === file && textOf(other) === text,
    ).length;
    if (occurrences(change.after, text) < occurrences(change.before, text) - stillFixable) {
      out.push(`fix: removes ${JSON.stringify(text)} from ${file}, a pin the added write makes needs-review`);
    }
  }
  return out;
}

function selectedForFix(finding: SlimFinding, fixInsecure: boolean): boolean {
  return finding.status === 'fixable' && (finding.kind === 'pinned-ca' || fixInsecure);
}

function fixProblems(outcome: ScanOutcome, files: Project, fixInsecure: boolean): string[] {
  const out: string[] = [];
  const changes = new Map(outcome.changes.map((change) => [change.file, change]));
  const selectedFiles = new Set(outcome.findings.filter((finding) => selectedForFix(finding, fixInsecure)).map((finding) => finding.file));
  for (const file of changes.keys()) if (!selectedFiles.has(file)) out.push(`fix: changes ${file}, which holds no fix-selected pin`);
  const byFile = new Map<string, SlimFinding[]>();
  for (const finding of outcome.findings) byFile.set(finding.file, [...(byFile.get(finding.file) ?? []), finding]);
  for (const [file, findings] of byFile) {
    const change = changes.get(file);
    const before = files.get(file);
    if (before === undefined) continue;
    const removed = new Map<string, number>();
    const kept = new Map<string, number>();
    for (const finding of findings) {
      const text = pinText(file, before, finding);
      const tally = selectedForFix(finding, fixInsecure) ? removed : kept;
      tally.set(text, (tally.get(text) ?? 0) + 1);
    }
    if (removed.size > 0 && !change) {
      out.push(`fix: leaves ${file} unchanged, though it holds ${[...removed.keys()].map((text) => JSON.stringify(text)).join(', ')} to remove`);
      continue;
    }
    if (!change) continue;
    for (const [text, count] of removed) {
      const left = occurrences(change.after, text);
      if (left > occurrences(change.before, text) - count) out.push(`fix: ${file} still holds ${JSON.stringify(text)} (${left} left)`);
    }
    for (const [text, count] of kept) {
      if (occurrences(change.after, text) < count) out.push(`fix: removes ${JSON.stringify(text)} from ${file}, a pin that is not fixable`);
    }
  }
  return out;
}

function occurrences(text: string, part: string): number {
  let count = 0;
  for (let at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + part.length)) count++;
  return count;
}

/** From the finding's key to the end of its property, assignment statement or `.ca(x)` call. */
export function pinText(file: string, text: string, finding: Pick<SlimFinding, 'line' | 'column'>): string {
  if (!isCode(file)) return '';
  const sourceFile = parse(file, text);
  const offset = offsetOf(sourceFile, finding.line, finding.column);
  let node: ts.Node | undefined;
  walk(sourceFile, (candidate) => {
    if (candidate.getStart(sourceFile) === offset && !node) node = candidate;
  });
  for (let current = node; current && !ts.isSourceFile(current); current = current.parent) {
    if (ts.isPropertyAssignment(current) || ts.isShorthandPropertyAssignment(current) || ts.isExpressionStatement(current)) return text.slice(offset, current.end);
    if (ts.isCallExpression(current) && ts.isPropertyAccessExpression(current.expression) && current.expression.name.getStart(sourceFile) === offset) return text.slice(offset, current.end);
  }
  return node ? text.slice(offset, node.end) : '';
}

/** Files of the variant that the rewrite changed or added and that do not parse: a generator bug. */
export function unparsable(before: Project, variant: Variant): string[] {
  return [...variant.files].filter(([file, text]) => isCode(file) && before.get(file) !== text).flatMap(([file, text]) => syntaxErrors(file, text));
}
