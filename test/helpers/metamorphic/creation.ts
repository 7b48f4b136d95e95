// The agent or client creation that carries a pin, found from a finding's position: the rewrites that
// move, wrap or re-route the creation (move-agent-module, client-iife, agent-await) share it.
import { ts } from 'ts-morph';
import { walk } from './source.ts';

const FACTORY_NAMES = new Set(['create', 'extend', 'defaults', 'createSecureContext']);

/** The `new X({ … ca … })` or `x.create({ … })` whose options object (nested or not) holds the position. */
export function creationAt(sourceFile: ts.SourceFile, offset: number): ts.NewExpression | ts.CallExpression | undefined {
  let node: ts.Node | undefined;
  walk(sourceFile, (candidate) => {
    if (candidate.getStart(sourceFile) <= offset && offset < candidate.end) node = candidate;
  });
  let current = node;
  while (current && !ts.isObjectLiteralExpression(current)) current = current.parent;
  while (current && (ts.isObjectLiteralExpression(current) || ts.isPropertyAssignment(current))) {
    const parent: ts.Node = current.parent;
    if ((ts.isNewExpression(parent) || ts.isCallExpression(parent)) && parent.arguments?.includes(current as ts.Expression)) {
      if (ts.isNewExpression(parent)) return parent;
      const callee = parent.expression;
      const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : '';
      return FACTORY_NAMES.has(name) ? parent : undefined;
    }
    current = parent;
  }
  return undefined;
}
