// Where a host literal already sits in an object that code can write to: `const cfg = { wechat: { base: L } }`
// or `module.exports = { … }`. The write generators aim their write at that object rather than at a new one.
import { ts } from 'ts-morph';
import { literalNode } from './source.ts';
import type { HostLiteral, Project } from './types.ts';

export interface Member {
  /** The binding (or `module.exports`) that holds the outermost object. */
  root: string;
  /** The object that holds the literal, as code: `cfg.wechat`, `module.exports`. */
  holder: string;
  /** The literal's property name: `base`, `app-id`. */
  key: string;
  /** The property as code: `cfg.wechat.base`, `cfg['app-id']`. */
  target: string;
  /** The dotted path from the root binding: `wechat.base`. */
  path: string[];
  /** The statement that makes the object; a write goes after it. */
  statement: ts.Statement;
}

/** `root.a.b` for a literal at `{ a: { b: L } }` bound to `const root` or assigned to `module.exports`. */
export function memberOf(project: Project, literal: HostLiteral): Member | undefined {
  if (literal.syntax !== 'string') return undefined;
  const { sourceFile, node } = literalNode(project, literal);
  const accessors: string[] = [];
  const path: string[] = [];
  let current: ts.Node = node;
  while (ts.isPropertyAssignment(current.parent) && current.parent.initializer === current) {
    const name = current.parent.name;
    if (ts.isIdentifier(name)) accessors.unshift(`.${name.text}`);
    else if (ts.isStringLiteral(name)) accessors.unshift(`[${name.getText(sourceFile)}]`);
    else return undefined;
    path.unshift(name.text);
    current = current.parent.parent;
    if (!ts.isObjectLiteralExpression(current)) return undefined;
  }
  if (accessors.length === 0) return undefined;
  const member = (root: string, statement: ts.Statement): Member => ({
    root,
    holder: `${root}${accessors.slice(0, -1).join('')}`,
    key: path[path.length - 1]!,
    target: `${root}${accessors.join('')}`,
    path,
    statement,
  });
  const holder = current.parent;
  if (ts.isVariableDeclaration(holder) && holder.initializer === current && ts.isIdentifier(holder.name) && ts.isVariableStatement(holder.parent.parent)) {
    return member(holder.name.text, holder.parent.parent);
  }
  if (ts.isBinaryExpression(holder) && holder.operatorToken.kind === ts.SyntaxKind.EqualsToken && holder.right === current && ts.isExpressionStatement(holder.parent)) {
    const left = holder.left.getText(sourceFile);
    if (/^(?:module\.)?exports(?:\.[\w$]+)*$/.test(left)) return member(left, holder.parent);
  }
  return undefined;
}
