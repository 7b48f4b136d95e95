// The two places the value analysis looks at order, both provable from syntax alone: a local `let`
// whose writes are statements of its own block (straight-line code), and `return x` right after a lazy
// initialisation of `x`. Everywhere else a binding holds every value written to it (DESIGN.md policy 2).
import { ts } from '../typescript.ts';
import { isFunctionLike, skipOuter } from '../syntax.ts';
import type { Analysis } from './analysis.ts';
import { UNDEFINED, ValueSet, isComplete, leadingText, type Value } from './lattice.ts';

/**
 * `return x` right after a lazy initialisation of `x`
 * (`x ||= v;`, `x ??= v;`, `if (!x) x = v;`, `if (x == null) { …; x = v; }`). Nothing runs between the
 * two statements, so there `x` is not the empty value the guard replaced: the binding's values less
 * those, and `v`'s (which may be empty itself). Undefined for any other read.
 */
export function valueAfterLazyInit(a: Analysis, symbol: ts.Symbol, at: ts.Node): ValueSet | undefined {
  const statement = at.parent;
  if (!statement || !ts.isReturnStatement(statement) || statement.expression !== at) return undefined;
  const statements = ts.isBlock(statement.parent) || ts.isSourceFile(statement.parent) ? statement.parent.statements : undefined;
  const index = statements?.indexOf(statement) ?? -1;
  if (index < 1) return undefined;
  const guard = lazyInitialisation(a, symbol, statements![index - 1]!);
  if (!guard) return undefined;
  const result = new ValueSet();
  for (const value of a.bindingOf(symbol)) if (!isEmptyValue(value, guard.replaces)) result.add(value);
  result.addAll(a.evaluate(guard.value));
  return result;
}

/**
 * A local `let` that no nested function reads, written only by `x = v` (and its declaration): the
 * analysis can see order in two places. If every write is a statement of the declaring block
 * (`let url = '/v3/…'; url = this.root + url;`), a read there sees the last write before its statement.
 * Otherwise a read inside a write's own value (`if (c) url = base + url`) sees every other write, when
 * no loop inside the block can run that write twice. Without this, `url = root + url` would join `root +
 * root + …` forever. Undefined for any other binding or read.
 */
export function valueInLocalOrder(a: Analysis, symbol: ts.Symbol, declaration: ts.Declaration, at: ts.Node): ValueSet | undefined {
  const plan = localWrites(a, symbol, declaration);
  if (!plan) return undefined;
  if (plan.straight) {
    let statement: ts.Node = at;
    while (statement.parent && statement.parent !== plan.block) statement = statement.parent;
    if (statement.parent !== plan.block) return undefined;
    const index = plan.block.statements.indexOf(statement as ts.Statement);
    let reaching: LocalWrite | undefined;
    for (const write of plan.writes) if (write.index < index) reaching = write;
    return reaching ? valueOfWrite(a, reaching) : undefined;
  }
  const own = plan.writes.find((write) => write.node !== declaration && isWithin(at, write.value) && !inLoopBelow(write.node, plan.block));
  if (!own) return undefined;
  const result = new ValueSet();
  for (const write of plan.writes) if (write !== own) result.addAll(valueOfWrite(a, write));
  return result;
}

interface LocalWrite {
  /** The declaration or the `x = v` expression. */
  node: ts.Node;
  /** Index of the block statement holding it (for straight-line plans). */
  index: number;
  /** The value written; undefined for `let x;`. */
  value: ts.Expression | undefined;
}

interface LocalPlan {
  block: ts.Block;
  writes: LocalWrite[];
  /** Every write is a statement of the block. */
  straight: boolean;
}

function valueOfWrite(a: Analysis, write: LocalWrite): ValueSet {
  return write.value ? a.evaluate(write.value) : ValueSet.of(UNDEFINED);
}

function isWithin(node: ts.Node, ancestor: ts.Node | undefined): boolean {
  for (let current: ts.Node | undefined = node; current; current = current.parent) if (current === ancestor) return true;
  return false;
}

function inLoopBelow(node: ts.Node, block: ts.Node): boolean {
  for (let current = node.parent; current && current !== block; current = current.parent) {
    if (ts.isIterationStatement(current, false)) return true;
  }
  return false;
}

const localPlans = new WeakMap<ts.Declaration, LocalPlan | null>();

function localWrites(a: Analysis, symbol: ts.Symbol, declaration: ts.Declaration): LocalPlan | undefined {
  const cached = localPlans.get(declaration);
  if (cached !== undefined) return cached ?? undefined;
  const plan = planLocalWrites(a, symbol, declaration);
  localPlans.set(declaration, plan ?? null);
  return plan;
}

function planLocalWrites(a: Analysis, symbol: ts.Symbol, declaration: ts.Declaration): LocalPlan | undefined {
  if (!ts.isVariableDeclaration(declaration) || !ts.isIdentifier(declaration.name)) return undefined;
  const list = declaration.parent;
  if (!ts.isVariableDeclarationList(list) || !(list.flags & ts.NodeFlags.Let) || !ts.isVariableStatement(list.parent)) return undefined;
  const block = list.parent.parent;
  if (!ts.isBlock(block)) return undefined;
  const writes: LocalWrite[] = [{ node: declaration, index: block.statements.indexOf(list.parent), value: declaration.initializer }];
  let eligible = true;
  let straight = true;
  const visit = (node: ts.Node, inFunction: boolean): void => {
    if (!eligible) return;
    if (ts.isIdentifier(node) && node !== declaration.name && a.symbolOf(node) === symbol) {
      if (inFunction) eligible = false;
      else if (isWriteTarget(node)) {
        const assignment = node.parent as ts.BinaryExpression;
        // `[x = d] = v` is a default inside a pattern, not the write `x = d`.
        const inPattern = ts.isArrayLiteralExpression(assignment.parent) || ts.isObjectLiteralExpression(assignment.parent) || ts.isPropertyAssignment(assignment.parent) || ts.isSpreadElement(assignment.parent);
        if (assignment.operatorToken.kind !== ts.SyntaxKind.EqualsToken || inPattern) eligible = false;
        else {
          const statement = assignment.parent;
          const topLevel = ts.isExpressionStatement(statement) && statement.parent === block;
          if (!topLevel) straight = false;
          writes.push({ node: assignment, index: topLevel ? block.statements.indexOf(statement) : -1, value: assignment.right });
        }
      } else if (isOtherWrite(node)) eligible = false;
    }
    ts.forEachChild(node, (child) => visit(child, inFunction || isFunctionLike(child) || ts.isClassLike(child)));
  };
  visit(block, false);
  if (!eligible || writes.length < 2) return undefined;
  writes.sort((x, y) => x.index - y.index);
  return { block, writes, straight };
}

/** `x = v` with x the whole left side. */
function isWriteTarget(node: ts.Identifier): boolean {
  const parent = node.parent;
  return ts.isBinaryExpression(parent) && parent.left === node && parent.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && parent.operatorToken.kind <= ts.SyntaxKind.LastAssignment;
}

/** `x++`, `[x] = v`, `({ x } = v)`, `for (x of …)`: writes this plan does not follow. */
function isOtherWrite(node: ts.Identifier): boolean {
  const parent = node.parent;
  if (ts.isPrefixUnaryExpression(parent) || ts.isPostfixUnaryExpression(parent)) return true;
  if (ts.isForInStatement(parent) || ts.isForOfStatement(parent)) return true;
  // Inside a destructuring pattern on the left of `=`.
  let top: ts.Node = node;
  while (
    ts.isArrayLiteralExpression(top.parent) ||
    ts.isObjectLiteralExpression(top.parent) ||
    ts.isShorthandPropertyAssignment(top.parent) ||
    (ts.isPropertyAssignment(top.parent) && top.parent.initializer === top) ||
    ts.isSpreadElement(top.parent) ||
    ts.isSpreadAssignment(top.parent)
  ) {
    top = top.parent;
  }
  return top !== node && ts.isBinaryExpression(top.parent) && top.parent.left === top;
}

/** Which values a guard replaces: every falsy one (`||=`, `!x`), null and undefined (`??=`, `== null`), or undefined alone. */
type Emptiness = 'falsy' | 'nullish' | 'undefined';

/** `x ||= v`, `x ??= v`, `x = x || v`, or `if (!x) … x = v` (the `if` ending in the write): what replaces which values. */
function lazyInitialisation(a: Analysis, symbol: ts.Symbol, statement: ts.Statement): { value: ts.Expression; replaces: Emptiness } | undefined {
  const names = (node: ts.Expression): boolean => ts.isIdentifier(skipOuter(node)) && a.symbolOf(skipOuter(node)) === symbol;
  if (ts.isExpressionStatement(statement) && ts.isBinaryExpression(statement.expression) && names(statement.expression.left)) {
    const { operatorToken, right } = statement.expression;
    if (operatorToken.kind === ts.SyntaxKind.BarBarEqualsToken) return { value: right, replaces: 'falsy' };
    if (operatorToken.kind === ts.SyntaxKind.QuestionQuestionEqualsToken) return { value: right, replaces: 'nullish' };
    return undefined;
  }
  if (!ts.isIfStatement(statement) || statement.elseStatement) return undefined;
  const replaces = emptinessTested(statement.expression, names);
  const body = ts.isBlock(statement.thenStatement) ? statement.thenStatement.statements.at(-1) : statement.thenStatement;
  if (!replaces || !body || !ts.isExpressionStatement(body)) return undefined;
  const write = body.expression;
  if (!ts.isBinaryExpression(write) || write.operatorToken.kind !== ts.SyntaxKind.EqualsToken || !names(write.left)) return undefined;
  return { value: write.right, replaces };
}

/** `!x` (falsy), `x == null` or `x == undefined` (nullish), `x === undefined` (undefined alone). */
function emptinessTested(condition: ts.Expression, names: (node: ts.Expression) => boolean): Emptiness | undefined {
  const test = skipOuter(condition);
  if (ts.isPrefixUnaryExpression(test) && test.operator === ts.SyntaxKind.ExclamationToken && names(test.operand)) return 'falsy';
  if (!ts.isBinaryExpression(test) || !names(test.left)) return undefined;
  const right = skipOuter(test.right);
  const isNull = right.kind === ts.SyntaxKind.NullKeyword;
  const isUndefined = ts.isIdentifier(right) && right.text === 'undefined';
  if (test.operatorToken.kind === ts.SyntaxKind.EqualsEqualsToken && (isNull || isUndefined)) return 'nullish';
  if (test.operatorToken.kind === ts.SyntaxKind.EqualsEqualsEqualsToken && isUndefined) return 'undefined';
  return undefined;
}

function isEmptyValue(value: Value, replaces: Emptiness): boolean {
  if (value.kind === 'string') return replaces === 'falsy' && isComplete(value) && leadingText(value) === '';
  if (value.kind !== 'primitive') return false;
  if (replaces === 'undefined') return value.value === undefined;
  if (replaces === 'nullish') return value.value === undefined || value.value === null;
  return !value.value;
}
