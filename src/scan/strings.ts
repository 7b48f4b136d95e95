// Static evaluation of the strings that name a host: literals, templates, concatenations, constants
// in other modules, parameters whose callers pass literals. Never runs code; gives up with `unknown`.
import { ts } from 'ts-morph';
import { Resolver, enclosingClass, isFunctionLike, skipOuter } from './resolve.ts';

/** A string the code can produce: all of it, or only its start (the rest computed at run time). */
export interface KnownText {
  kind: 'text';
  text: string;
  complete: boolean;
  /** Where the text was written, for the report's evidence. */
  origin: ts.Node;
}

/** A value the scanner cannot know: an environment variable, a function's result, a parameter. */
export interface UnknownText {
  kind: 'unknown';
  origin: ts.Node;
}

export type TextValue = KnownText | UnknownText;

const MAX_DEPTH = 10;
const ARRAY_CALLBACK_METHODS = new Set(['map', 'forEach', 'flatMap', 'filter', 'some', 'every', 'find']);
const MAX_VALUES = 32;

export class StringEvaluator {
  constructor(private readonly resolver: Resolver) {}

  evaluate(expression: ts.Expression, depth = 0, seen: Set<ts.Node> = new Set()): TextValue[] {
    const node = skipOuter(expression);
    if (depth > MAX_DEPTH || seen.has(node)) return [unknown(node)];
    seen.add(node);
    try {
      return this.evaluateNode(node, depth + 1, seen).slice(0, MAX_VALUES);
    } finally {
      seen.delete(node);
    }
  }

  private evaluateNode(node: ts.Expression, depth: number, seen: Set<ts.Node>): TextValue[] {
    if (ts.isStringLiteralLike(node)) return [{ kind: 'text', text: node.text, complete: true, origin: node }];
    if (ts.isTemplateExpression(node)) return this.template(node, depth, seen);
    if (ts.isBinaryExpression(node)) {
      const operator = node.operatorToken.kind;
      if (operator === ts.SyntaxKind.PlusToken) return this.concatenation(node, depth, seen);
      if (
        operator === ts.SyntaxKind.BarBarToken ||
        operator === ts.SyntaxKind.QuestionQuestionToken
      ) {
        return [...this.evaluate(node.left, depth, seen), ...this.evaluate(node.right, depth, seen)];
      }
      return [unknown(node)];
    }
    if (ts.isConditionalExpression(node)) {
      return [...this.evaluate(node.whenTrue, depth, seen), ...this.evaluate(node.whenFalse, depth, seen)];
    }
    if (ts.isNewExpression(node) || ts.isCallExpression(node)) return this.call(node, depth, seen);
    if (ts.isIdentifier(node) || ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) {
      return this.name(node, depth, seen);
    }
    return [unknown(node)];
  }

  private template(node: ts.TemplateExpression, depth: number, seen: Set<ts.Node>): TextValue[] {
    let prefixes: KnownText[] = [{ kind: 'text', text: node.head.text, complete: true, origin: node }];
    for (const span of node.templateSpans) {
      const parts = this.evaluate(span.expression, depth, seen);
      const known = parts.filter((part): part is KnownText => part.kind === 'text' && part.complete);
      if (known.length !== parts.length) {
        // What the template is known to start with is still worth having: it may hold the host.
        const incomplete = parts
          .filter((part): part is KnownText => part.kind === 'text')
          .flatMap((part) => prefixes.map((prefix) => ({ ...prefix, text: prefix.text + part.text, complete: false })));
        return [...prefixes.map((prefix) => ({ ...prefix, complete: false })), ...incomplete];
      }
      prefixes = prefixes.flatMap((prefix) =>
        known.map((part) => ({ ...prefix, text: prefix.text + part.text + span.literal.text, origin: part.origin })),
      );
    }
    return prefixes;
  }

  private concatenation(node: ts.BinaryExpression, depth: number, seen: Set<ts.Node>): TextValue[] {
    const left = this.evaluate(node.left, depth, seen);
    const right = this.evaluate(node.right, depth, seen);
    const values: TextValue[] = [];
    for (const head of left) {
      if (head.kind === 'unknown' || !head.complete) {
        values.push(head);
        continue;
      }
      for (const tail of right) {
        if (tail.kind === 'unknown') values.push({ ...head, complete: false });
        else values.push({ kind: 'text', text: head.text + tail.text, complete: tail.complete, origin: head.origin });
      }
    }
    return values;
  }

  /** `new URL(path, base)`, `url.resolve(base, path)`, `String(x)`, `x.toString()`, helper functions. */
  private call(node: ts.CallExpression | ts.NewExpression, depth: number, seen: Set<ts.Node>): TextValue[] {
    const args = node.arguments ?? ts.factory.createNodeArray();
    const callee = node.expression;
    const calleeName = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : '';
    if (ts.isNewExpression(node) && calleeName === 'URL' && args[0]) {
      const target = this.evaluate(args[0], depth, seen);
      const base = args[1] ? this.evaluate(args[1], depth, seen) : [];
      return target.flatMap((value) => (value.kind === 'text' && isPathOnly(value.text) && base.length > 0 ? base : [value]));
    }
    if (calleeName === 'resolve' && args.length === 2 && args[0] && args[1]) {
      const target = this.evaluate(args[1], depth, seen);
      return target.flatMap((value) => (value.kind === 'text' && isPathOnly(value.text) ? this.evaluate(args[0]!, depth, seen) : [value]));
    }
    if (calleeName === 'String' && args[0]) return this.evaluate(args[0], depth, seen);
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(callee) && callee.name.text === 'toString') {
      return this.evaluate(callee.expression, depth, seen);
    }
    if (ts.isCallExpression(node)) {
      const ref = this.resolver.refOf(callee);
      if (ref?.kind === 'function') return this.returnsOf(ref.declaration, depth, seen);
    }
    return [unknown(node)];
  }

  private returnsOf(fn: ts.SignatureDeclaration, depth: number, seen: Set<ts.Node>): TextValue[] {
    const results: TextValue[] = [];
    if (ts.isArrowFunction(fn) && !ts.isBlock(fn.body)) return this.evaluate(fn.body, depth, seen);
    const body = (fn as ts.FunctionLikeDeclarationBase).body;
    if (!body) return [unknown(fn)];
    const visit = (node: ts.Node): void => {
      if (ts.isReturnStatement(node) && node.expression) results.push(...this.evaluate(node.expression, depth, seen));
      if (!isFunctionLike(node)) ts.forEachChild(node, visit);
    };
    ts.forEachChild(body, visit);
    return results.length > 0 ? results : [unknown(fn)];
  }

  private name(node: ts.Expression, depth: number, seen: Set<ts.Node>): TextValue[] {
    const declaration = ts.isIdentifier(node) ? this.resolver.declarationOf(node) : undefined;
    if (declaration && ts.isParameter(declaration)) {
      const elements = this.iteratedElements(declaration);
      if (elements) return this.evaluateAll(elements, depth, seen);
      return this.parameterValues(declaration, depth, seen);
    }
    // `for (const url of URLS)`: every element of the array.
    if (declaration && ts.isVariableDeclaration(declaration) && ts.isVariableDeclarationList(declaration.parent)) {
      const loop = declaration.parent.parent;
      if (ts.isForOfStatement(loop)) {
        const elements = this.arrayElementsOf(loop.expression);
        return elements ? this.evaluateAll(elements, depth, seen) : [unknown(node)];
      }
    }
    // `URLS[i]`: any element of the array.
    if (ts.isElementAccessExpression(node) && !ts.isStringLiteralLike(node.argumentExpression) && !ts.isNumericLiteral(node.argumentExpression)) {
      const elements = this.arrayElementsOf(node.expression);
      if (elements) return this.evaluateAll(elements, depth, seen);
    }
    const value = this.resolver.valueOfName(node);
    if (value) return this.evaluate(value, depth, seen);
    // `this.baseUrl` declared by a constructor parameter property: what every `new` passes.
    if (ts.isPropertyAccessExpression(node) && node.expression.kind === ts.SyntaxKind.ThisKeyword) {
      const owner = enclosingClass(node);
      const parameter = owner ? this.resolver.parameterPropertyOf(owner, node.name.text) : undefined;
      if (parameter) return this.parameterValues(parameter, depth, seen);
    }
    // `this.host` assigned in a constructor from a parameter, or a field set in several places.
    return [unknown(node)];
  }

  private evaluateAll(expressions: readonly ts.Expression[], depth: number, seen: Set<ts.Node>): TextValue[] {
    return expressions.flatMap((expression) => this.evaluate(expression, depth, seen));
  }

  /** The elements of an array literal an expression stands for; undefined when not (or with a spread). */
  private arrayElementsOf(expression: ts.Expression): ts.Expression[] | undefined {
    let inner = skipOuter(expression);
    if (ts.isIdentifier(inner) || ts.isPropertyAccessExpression(inner)) inner = skipOuter(this.resolver.valueOfName(inner) ?? inner);
    if (!ts.isArrayLiteralExpression(inner) || inner.elements.some(ts.isSpreadElement)) return undefined;
    return [...inner.elements];
  }

  /** `URLS.map((url) => …)`: the first parameter of a callback given to an array method is an element. */
  private iteratedElements(parameter: ts.ParameterDeclaration): ts.Expression[] | undefined {
    const fn = parameter.parent;
    if (fn.parameters[0] !== parameter || !(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn))) return undefined;
    const call = fn.parent;
    if (!call || !ts.isCallExpression(call) || call.arguments[0] !== fn || !ts.isPropertyAccessExpression(call.expression)) return undefined;
    if (!ARRAY_CALLBACK_METHODS.has(call.expression.name.text)) return undefined;
    return this.arrayElementsOf(call.expression.expression);
  }

  /** A parameter's values: what every call of its function passes (or its default). */
  private parameterValues(parameter: ts.ParameterDeclaration, depth: number, seen: Set<ts.Node>): TextValue[] {
    const fn = parameter.parent;
    const index = fn.parameters.indexOf(parameter);
    const values: TextValue[] = [];
    for (const call of this.callsOf(fn)) {
      const argument = call.arguments?.[index];
      if (argument) values.push(...this.evaluate(argument, depth, seen));
      else if (parameter.initializer) values.push(...this.evaluate(parameter.initializer, depth, seen));
    }
    return values.length > 0 ? values : [unknown(parameter)];
  }

  /** The calls of a project function, found through the symbol of its name. */
  callsOf(fn: ts.SignatureDeclaration): Array<ts.CallExpression | ts.NewExpression> {
    const nameNode = functionNameNode(fn);
    if (!nameNode) return [];
    const symbol = this.resolver.symbolOf(nameNode);
    if (!symbol) return [];
    const calls: Array<ts.CallExpression | ts.NewExpression> = [];
    for (const reference of this.resolver.referencesOf(symbol)) {
      let callee: ts.Node = reference;
      if (ts.isPropertyAccessExpression(reference.parent) && reference.parent.name === reference) callee = reference.parent;
      const parent = callee.parent;
      if (parent && (ts.isCallExpression(parent) || ts.isNewExpression(parent)) && parent.expression === callee) {
        calls.push(parent);
      }
    }
    return calls;
  }
}

/** The identifier that names a function: its own name, or the variable or property it is assigned to. */
export function functionNameNode(fn: ts.SignatureDeclaration): ts.Node | undefined {
  if ((ts.isFunctionDeclaration(fn) || ts.isMethodDeclaration(fn)) && fn.name) return fn.name;
  if (ts.isConstructorDeclaration(fn)) return fn.parent.name;
  const parent = fn.parent;
  if (parent && (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent))) {
    return parent.name;
  }
  return undefined;
}

function unknown(origin: ts.Node): UnknownText {
  return { kind: 'unknown', origin };
}

function isPathOnly(text: string): boolean {
  return /^(\/(?!\/)|\.|\?|#)/.test(text) || (text.length > 0 && !/^[a-z][a-z0-9+.-]*:|^\/\//i.test(text) && !/^[a-z0-9-]+(\.[a-z0-9-]+)+/i.test(text));
}
