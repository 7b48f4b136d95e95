// A call's result under its constant arguments. The analysis gives a function one result for all its
// calls; a function that chooses what to return by comparing a parameter with constants
// (`switch (kind) { case 'pay': return payAgent; … }`) would then hand every caller every choice. When a
// call passes constants and the function never reassigns those parameters, its body is walked with them:
// branches the constants rule out are left out of that call's result. Anything the walk cannot decide
// (a loop, a `try`, a condition on something else) falls back to the function's whole result.
import { ts } from '../typescript.ts';
import type { Analysis } from './analysis.ts';
import type { Args } from './builtins.ts';
import { isComplete, leadingText, ValueSet, type Value } from './lattice.ts';

type Constant = string | number | boolean | null | undefined;

/** The result of calling `fn` with `args`, when its constants decide it; undefined otherwise. */
export function resultForConstants(a: Analysis, fn: ts.SignatureDeclaration, args: Args): ValueSet | undefined {
  const body = (fn as ts.FunctionLikeDeclarationBase).body;
  if (!body || !ts.isBlock(body)) return undefined;
  const constants = new Map<ts.Symbol, Constant>();
  fn.parameters.forEach((parameter, index) => {
    const values = args.values[index];
    if (!ts.isIdentifier(parameter.name) || !values || values.size !== 1 || parameter.dotDotDotToken) return;
    const constant = constantOf([...values][0]!);
    const symbol = a.declaredSymbol(parameter.name);
    if (constant.known && symbol && !isReassigned(a, body, symbol)) constants.set(symbol, constant.value);
  });
  if (constants.size === 0) return undefined;
  const result = new ValueSet();
  const outcome = new Walk(a, constants, result).statements(body.statements);
  return outcome === 'unknown' ? undefined : result;
}

function constantOf(value: Value): { known: boolean; value?: Constant } {
  if (value.kind === 'primitive' && !(typeof value.value === 'number' && Number.isNaN(value.value))) return { known: true, value: value.value };
  if (value.kind === 'string' && isComplete(value)) return { known: true, value: leadingText(value) };
  return { known: false };
}

function isReassigned(a: Analysis, body: ts.Node, symbol: ts.Symbol): boolean {
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (
      (ts.isBinaryExpression(node) && node.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && node.operatorToken.kind <= ts.SyntaxKind.LastAssignment && ts.isIdentifier(node.left) && a.symbolOf(node.left) === symbol) ||
      ((ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) && ts.isIdentifier(node.operand) && a.symbolOf(node.operand) === symbol)
    ) {
      found = true;
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(body);
  return found;
}

/** How a run of statements ends: every path returned, some may go on, or the walk cannot tell. */
type Outcome = 'returned' | 'continues' | 'breaks' | 'unknown';

class Walk {
  constructor(
    private readonly a: Analysis,
    private readonly constants: ReadonlyMap<ts.Symbol, Constant>,
    private readonly result: ValueSet,
  ) {}

  statements(list: readonly ts.Statement[]): Outcome {
    for (const statement of list) {
      const outcome = this.statement(statement);
      if (outcome !== 'continues') return outcome;
    }
    return 'continues';
  }

  private statement(statement: ts.Statement): Outcome {
    if (ts.isReturnStatement(statement)) {
      if (statement.expression) this.result.addAll(this.a.evaluate(statement.expression));
      return 'returned';
    }
    if (ts.isBlock(statement)) return this.statements(statement.statements);
    if (ts.isIfStatement(statement)) {
      const condition = this.decide(statement.expression);
      if (condition === undefined) return 'unknown';
      const branch = condition ? statement.thenStatement : statement.elseStatement;
      return branch ? this.statement(branch) : 'continues';
    }
    if (ts.isSwitchStatement(statement)) return this.switchStatement(statement);
    if (ts.isBreakStatement(statement) && !statement.label) return 'breaks';
    if (ts.isExpressionStatement(statement) || ts.isVariableStatement(statement) || ts.isEmptyStatement(statement)) return 'continues';
    // Loops, try, throw, labels: not decided here.
    return ts.isThrowStatement(statement) ? 'returned' : 'unknown';
  }

  private switchStatement(statement: ts.SwitchStatement): Outcome {
    const subject = this.constant(statement.expression);
    if (!subject.known) return 'unknown';
    const clauses = statement.caseBlock.clauses;
    let start = clauses.findIndex((clause) => ts.isCaseClause(clause) && this.equals(clause.expression, subject.value));
    if (start < 0) start = clauses.findIndex(ts.isDefaultClause);
    if (start < 0) return 'continues';
    // From the matching clause on, falling through until a break or a return.
    for (const clause of clauses.slice(start)) {
      if (ts.isCaseClause(clause) && !clause.expression) return 'unknown';
      const outcome = this.statements(clause.statements);
      if (outcome === 'breaks') return 'continues';
      if (outcome !== 'continues') return outcome;
    }
    return 'continues';
  }

  private equals(expression: ts.Expression, value: Constant): boolean | undefined {
    const other = this.constant(expression);
    return other.known ? other.value === value : undefined;
  }

  /** A condition the constants decide: `kind === 'pay'`, `kind !== 'pay'`, `!kind`, `kind`. */
  private decide(condition: ts.Expression): boolean | undefined {
    const inner = skipParentheses(condition);
    if (ts.isPrefixUnaryExpression(inner) && inner.operator === ts.SyntaxKind.ExclamationToken) {
      const operand = this.decide(inner.operand);
      return operand === undefined ? undefined : !operand;
    }
    if (ts.isBinaryExpression(inner)) {
      const operator = inner.operatorToken.kind;
      const equal = operator === ts.SyntaxKind.EqualsEqualsEqualsToken || operator === ts.SyntaxKind.EqualsEqualsToken;
      const unequal = operator === ts.SyntaxKind.ExclamationEqualsEqualsToken || operator === ts.SyntaxKind.ExclamationEqualsToken;
      if (equal || unequal) {
        const left = this.constant(inner.left);
        const right = this.constant(inner.right);
        if (!left.known || !right.known) return undefined;
        return equal ? left.value === right.value : left.value !== right.value;
      }
      if (operator === ts.SyntaxKind.AmpersandAmpersandToken || operator === ts.SyntaxKind.BarBarToken) {
        const left = this.decide(inner.left);
        const right = this.decide(inner.right);
        if (left === undefined || right === undefined) return undefined;
        return operator === ts.SyntaxKind.AmpersandAmpersandToken ? left && right : left || right;
      }
      return undefined;
    }
    const value = this.constant(inner);
    return value.known ? Boolean(value.value) : undefined;
  }

  /** A literal, or a parameter this call gives a constant. */
  private constant(expression: ts.Expression): { known: boolean; value?: Constant } {
    const inner = skipParentheses(expression);
    if (ts.isStringLiteralLike(inner)) return { known: true, value: inner.text };
    if (ts.isNumericLiteral(inner)) return { known: true, value: Number(inner.text) };
    if (inner.kind === ts.SyntaxKind.TrueKeyword) return { known: true, value: true };
    if (inner.kind === ts.SyntaxKind.FalseKeyword) return { known: true, value: false };
    if (inner.kind === ts.SyntaxKind.NullKeyword) return { known: true, value: null };
    if (ts.isIdentifier(inner)) {
      if (inner.text === 'undefined') return { known: true, value: undefined };
      const symbol = this.a.symbolOf(inner);
      if (symbol && this.constants.has(symbol)) return { known: true, value: this.constants.get(symbol) };
    }
    return { known: false };
  }
}

function skipParentheses(expression: ts.Expression): ts.Expression {
  let current = expression;
  while (ts.isParenthesizedExpression(current)) current = current.expression;
  return current;
}
