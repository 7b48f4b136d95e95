// The two string-building rewrites (`.concat`, `[…].join`) share how they take a literal apart: at the
// end of its origin (`https://host` | `/path…`), or, for a literal that is only an origin, at the `+`
// it is the left operand of.
import { ts } from 'ts-morph';
import { literalLabel } from './literal.ts';
import { applyEdits, literalNode, quote, withFiles } from './source.ts';
import type { HostLiteral, Project, RewriteContext, Variant } from './types.ts';

export interface Split {
  /** `'https://api.weixin.qq.com'` and `'/cgi-bin/token'` as source text */
  origin: string;
  rest: string;
  /** true: `rest` is an operand of the `+` (any expression), not a string */
  binary: boolean;
  start: number;
  end: number;
}

export function splitLiteral(project: Project, literal: HostLiteral): Split | undefined {
  if (literal.syntax !== 'string') return undefined;
  const { sourceFile, node } = literalNode(project, literal);
  const value = (node as ts.StringLiteral).text;
  const parts = /^(https?:\/\/[^/?#]+)([/?#].*)$/s.exec(value);
  if (parts) return { origin: quote(parts[1]!), rest: quote(parts[2]!), binary: false, start: literal.start, end: literal.end };
  const parent = node.parent;
  if (ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.PlusToken && parent.left === node) {
    return { origin: node.getText(sourceFile), rest: parent.right.getText(sourceFile), binary: true, start: parent.getStart(sourceFile), end: parent.end };
  }
  return undefined;
}

export function perSplit(project: Project, context: RewriteContext, build: (split: Split) => string): Variant[] | 'not-applicable' {
  const variants: Variant[] = [];
  for (const literal of context.literals) {
    const split = splitLiteral(project, literal);
    if (!split) continue;
    const text = applyEdits(project.get(literal.file)!, [{ start: split.start, end: split.end, text: build(split) }]);
    variants.push({ name: `${literalLabel(literal)}${split.binary ? ' (a + b)' : ''}`, files: withFiles(project, { [literal.file]: text }), target: literal });
  }
  return variants.length > 0 ? variants : 'not-applicable';
}
