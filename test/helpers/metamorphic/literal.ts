// The step most rewrites share: put an expression where a host literal's value was and declare what
// the expression needs at the top of the same file (after its imports).
import { applyEdits, insertTopLevel, parse, replaceValue, withFiles, type Edit } from './source.ts';
import type { HostLiteral, Project, RewriteContext, Variant } from './types.ts';

export interface LiteralEdit {
  /** What stands where the value was: `WU_HOST`, `wuBase()`, … */
  expression: string;
  /** Top-level code the expression needs (a declaration, an import), placed after the file's imports. */
  top?: string;
  /** Other edits in the same file. */
  edits?: Edit[];
  /** New or changed files besides the literal's own. */
  files?: Record<string, string>;
  name?: string;
}

/**
 * The project with `literal` replaced as `change` says, or undefined when the top-level code would
 * land below the literal (a literal among the leading requires: moving it there would change order).
 */
export function replaceLiteral(project: Project, literal: HostLiteral, change: LiteralEdit): Project | undefined {
  const text = project.get(literal.file)!;
  const edits = [replaceValue(literal, change.expression), ...(change.edits ?? [])];
  if (change.top !== undefined) {
    const top = insertTopLevel(parse(literal.file, text), change.top);
    if (top.start > literal.valueStart) return undefined;
    edits.push(top);
  }
  return withFiles(project, { ...change.files, [literal.file]: applyEdits(text, edits) });
}

export function literalLabel(literal: HostLiteral): string {
  return `${literal.file}:${literal.line} ${literal.host}`;
}

/** One variant per literal (and per shape `build` returns); 'not-applicable' when none applies. */
export function perLiteral(
  project: Project,
  literals: readonly HostLiteral[],
  build: (literal: HostLiteral) => LiteralEdit[] | LiteralEdit | undefined,
): Variant[] | 'not-applicable' {
  const variants: Variant[] = [];
  for (const literal of literals) {
    const built = build(literal);
    for (const change of built === undefined ? [] : Array.isArray(built) ? built : [built]) {
      const files = replaceLiteral(project, literal, change);
      if (files) variants.push({ name: `${literalLabel(literal)}${change.name ? ` ${change.name}` : ''}`, files, target: literal });
    }
  }
  return variants.length > 0 ? variants : 'not-applicable';
}

/** Literals a write generator may aim at: named by the evidence of at least one fixable finding. */
export function writeTargets(context: RewriteContext): HostLiteral[] {
  return context.literals.filter((literal) => literal.fromEvidence && literal.findings.some((index) => context.findings[index]!.status === 'fixable'));
}

/** The condition every added write sits under, so both the old and the written value stay live. */
export const CONDITION = 'process.env.WU_STAGING';
