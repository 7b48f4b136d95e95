// The table of write kinds: every syntax that puts a value somewhere. A binding's value is the join of
// every write to it (DESIGN.md policy 2): declarations, assignments (plain, compound, destructuring),
// loop variables, returns, class fields and constructor parameter properties, `extends`, `export =`.
// Writes made by calls (arguments into parameters, `push`, `Map#set`, `Object.assign`…) are in calls.ts
// and builtins.ts; writes into properties in fields.ts.
import { ts } from '../typescript.ts';
import { enclosingFunction, isAssignmentOperator, isProcessEnv, isStatic, propertyNameText, skipOuter } from '../syntax.ts';
import type { Analysis } from './analysis.ts';
import { elementsOf, isDeclaration, isModuleExports, memberKeys } from './evaluate.ts';
import { basesKey, readField, writeField } from './fields.ts';
import { fieldOf } from './heap.ts';
import { callFrameworkEntries } from './frameworks.ts';
import { isInjectedClass, isInjectedProperty, isProviderLiteral, registerInjectedClass, registerInjectedProperty, registerProvider } from './injection.ts';
import { bindParameters } from './calls.ts';
import { UNDEFINED, ValueSet, isComplete, leadingText, unknown, type StringPart, type StringValue } from './lattice.ts';

export interface WriteKind {
  id: string;
  /** The kinds of node it can match: `matches` is asked of these alone. */
  syntax: readonly ts.SyntaxKind[];
  /** The node whose evaluation performs the write, or undefined when this kind does not apply. */
  matches(node: ts.Node): boolean;
  apply(a: Analysis, node: ts.Node): void;
}

export const WRITE_KINDS: readonly WriteKind[] = [
  {
    id: 'declaration',
    syntax: [ts.SyntaxKind.VariableDeclaration],
    // `const x = v`, `let { a, b: [c] } = v`, `for (const x of xs)`, `let x;`
    matches: ts.isVariableDeclaration,
    apply: (a, node) => {
      const declaration = node as ts.VariableDeclaration;
      const loop = declaration.parent.parent;
      if (ts.isForOfStatement(loop)) {
        assignBinding(a, declaration.name, elementsOf(a, a.evaluate(loop.expression), declaration), declaration);
      } else if (ts.isForInStatement(loop)) {
        assignBinding(a, declaration.name, ValueSet.of(unknown('operation', declaration, 'a property name')), declaration);
      } else if (isAmbient(declaration)) {
        // `declare const token: string`: given by code the analysis does not see.
        assignBinding(a, declaration.name, ValueSet.of(unknown('global', declaration, declaration.name.getText())), declaration);
      } else {
        assignBinding(a, declaration.name, declaration.initializer ? a.evaluate(declaration.initializer) : ValueSet.of(UNDEFINED), declaration);
      }
    },
  },
  {
    id: 'assignment',
    syntax: [ts.SyntaxKind.BinaryExpression],
    // `x = v`, `o.p = v`, `x += v`, `[a, b] = v`; evaluating the assignment performs it.
    matches: (node) => ts.isBinaryExpression(node) && isAssignmentOperator(node.operatorToken.kind),
    apply: (a, node) => void a.evaluate(node as ts.Expression),
  },
  {
    id: 'call',
    syntax: [ts.SyntaxKind.CallExpression, ts.SyntaxKind.NewExpression, ts.SyntaxKind.TaggedTemplateExpression],
    // Arguments into parameters, and what modelled calls do (builtins.ts, the client tables).
    matches: (node) => ts.isCallExpression(node) || ts.isNewExpression(node) || ts.isTaggedTemplateExpression(node),
    apply: (a, node) => void a.evaluate(node as ts.Expression),
  },
  {
    id: 'for-of-target',
    syntax: [ts.SyntaxKind.ForOfStatement, ts.SyntaxKind.ForInStatement],
    // `for (x of xs)` with an existing binding.
    matches: (node) => (ts.isForOfStatement(node) || ts.isForInStatement(node)) && !ts.isVariableDeclarationList(node.initializer),
    apply: (a, node) => {
      const loop = node as ts.ForOfStatement | ts.ForInStatement;
      const values = ts.isForOfStatement(loop) ? elementsOf(a, a.evaluate(loop.expression), loop) : ValueSet.of(unknown('operation', loop));
      assignTarget(a, loop.initializer as ts.Expression, values, loop);
    },
  },
  {
    id: 'return',
    syntax: [ts.SyntaxKind.ReturnStatement],
    matches: (node) => ts.isReturnStatement(node) && node.expression !== undefined,
    apply: (a, node) => {
      const statement = node as ts.ReturnStatement;
      const fn = enclosingFunction(statement);
      if (fn) a.write(a.returnsOf(fn), a.evaluate(statement.expression!));
    },
  },
  {
    id: 'yield',
    syntax: [ts.SyntaxKind.YieldExpression],
    // A generator's call is an iterator of what it yields (`yield*` yields each element of its operand):
    // an array-like object, so `for (… of gen())`, `for await`, spreads and Array.from read the yields.
    matches: (node) => ts.isYieldExpression(node),
    apply: (a, node) => {
      const expression = node as ts.YieldExpression;
      const fn = enclosingFunction(expression);
      if (!fn || !(fn as ts.FunctionLikeDeclarationBase).asteriskToken) return;
      const iterator = a.heap.objectAt(fn, 'array', 'generator');
      a.write(a.returnsOf(fn), [{ kind: 'object', object: iterator }]);
      if (!expression.expression) return void a.write(iterator.anyKey, [UNDEFINED]);
      const values = a.evaluate(expression.expression);
      a.write(iterator.anyKey, expression.asteriskToken ? elementsOf(a, values, expression) : values);
    },
  },
  {
    id: 'arrow-result',
    syntax: [ts.SyntaxKind.ArrowFunction],
    // `(x) => value`
    matches: (node) => ts.isArrowFunction(node) && !ts.isBlock(node.body),
    apply: (a, node) => {
      const arrow = node as ts.ArrowFunction;
      a.write(a.returnsOf(arrow), a.evaluate(arrow.body as ts.Expression));
    },
  },
  {
    id: 'class-field',
    syntax: [ts.SyntaxKind.PropertyDeclaration],
    // `url = WX` (every instance, subclasses' too) and `static url = WX`.
    matches: (node) => ts.isPropertyDeclaration(node) && node.initializer !== undefined && ts.isClassLike(node.parent),
    apply: (a, node) => {
      const field = node as ts.PropertyDeclaration;
      const owner = field.parent as ts.ClassLikeDeclaration;
      const key = propertyNameText(field.name);
      const target = isStatic(field) ? ValueSet.of({ kind: 'class', node: owner }) : a.thisOf(owner);
      writeField(a, target, key, a.evaluate(field.initializer!), field);
    },
  },
  {
    id: 'parameter-property',
    syntax: [ts.SyntaxKind.Parameter],
    // `constructor(private readonly agent: Agent)` is `this.agent = agent`.
    matches: (node) => ts.isParameter(node) && ts.isConstructorDeclaration(node.parent) && ts.isParameterPropertyDeclaration(node, node.parent),
    apply: (a, node) => {
      const parameter = node as ts.ParameterDeclaration;
      if (!ts.isIdentifier(parameter.name)) return;
      const symbol = a.declaredSymbol(parameter.name);
      if (!symbol) return;
      const owner = (parameter.parent as ts.ConstructorDeclaration).parent;
      writeField(a, a.thisOf(owner), parameter.name.text, a.bindingOf(symbol), parameter);
    },
  },
  {
    id: 'class-decorator',
    syntax: [ts.SyntaxKind.ClassDeclaration, ts.SyntaxKind.ClassExpression],
    // `@dec class C {}` calls dec(C, context); an initializer it adds (`context.addInitializer(fn)`)
    // runs with `this` = C. A decorator is code like any other: what it writes counts.
    matches: (node) => ts.isClassLike(node) && (ts.getDecorators(node)?.length ?? 0) > 0,
    apply: (a, node) => {
      const declaration = node as ts.ClassLikeDeclaration;
      const self = ValueSet.of({ kind: 'class', node: declaration });
      for (const decorator of ts.getDecorators(declaration) ?? []) {
        const context = a.heap.objectAt(decorator, 'literal', 'decorator-context');
        a.write(fieldOf(context, '<class>'), self);
        a.write(fieldOf(context, 'addInitializer'), [{ kind: 'api', module: '<decorator>', path: ['addInitializer'], model: undefined, receiver: context }]);
        for (const fn of a.evaluate(decorator.expression)) {
          if (fn.kind !== 'function') continue;
          a.called.add(fn.node);
          bindParameters(a, fn.node, { values: [self, ValueSet.of({ kind: 'object', object: context })], nodes: [] });
        }
      }
    },
  },
  {
    id: 'injection-provider',
    syntax: [ts.SyntaxKind.ObjectLiteralExpression],
    // `{ provide: TOKEN, useFactory | useValue | useClass | useExisting }`: what a container injects
    // for TOKEN (values/injection.ts).
    matches: isProviderLiteral,
    apply: (a, node) => registerProvider(a, node as ts.ObjectLiteralExpression),
  },
  {
    id: 'injected-property',
    syntax: [ts.SyntaxKind.PropertyDeclaration],
    // `@inject(TOKEN) private http`: the container writes the field with what TOKEN's providers make.
    matches: isInjectedProperty,
    apply: (a, node) => registerInjectedProperty(a, node as ts.PropertyDeclaration),
  },
  {
    id: 'injected-class',
    syntax: [ts.SyntaxKind.ClassDeclaration, ts.SyntaxKind.ClassExpression],
    // A decorated class with constructor parameters: the container constructs it with its tokens' values.
    matches: isInjectedClass,
    apply: (a, node) => registerInjectedClass(a, node as ts.ClassLikeDeclaration),
  },
  {
    id: 'extends',
    syntax: [ts.SyntaxKind.ClassDeclaration, ts.SyntaxKind.ClassExpression],
    // `class A extends B`: what B is decides A's inherited members and who runs A's field initialisers.
    matches: (node) => ts.isClassLike(node) && extendsClause(node) !== undefined,
    apply: (a, node) => {
      const base = extendsClause(node as ts.ClassLikeDeclaration)!;
      a.write(a.location(basesKey(node)), a.evaluate(base));
    },
  },
  {
    id: 'export-equals',
    syntax: [ts.SyntaxKind.ExportAssignment],
    // TypeScript's `export = value` is `module.exports = value`.
    matches: (node) => ts.isExportAssignment(node) && node.isExportEquals === true,
    apply: (a, node) => a.write(a.moduleValueOf(node.getSourceFile()), a.evaluate((node as ts.ExportAssignment).expression)),
  },
  {
    id: 'framework-entry',
    syntax: [ts.SyntaxKind.SourceFile],
    // egg calls `app.js` with its application, a schedule's `task` with a context (values/frameworks.ts).
    matches: ts.isSourceFile,
    apply: (a, node) => callFrameworkEntries(a, node as ts.SourceFile),
  },
  {
    id: 'json-module',
    syntax: [ts.SyntaxKind.ExpressionStatement],
    // `require('./config.json')` is the JSON file's value.
    matches: (node) => ts.isExpressionStatement(node) && ts.isSourceFile(node.parent) && node.parent.fileName.endsWith('.json'),
    apply: (a, node) => a.write(a.moduleValueOf(node.getSourceFile()), a.evaluate((node as ts.ExpressionStatement).expression)),
  },
  {
    id: 'object-literal',
    syntax: [ts.SyntaxKind.ObjectLiteralExpression],
    // Every object literal is made, even where nothing else evaluates it: a TLS setting in it is
    // written there, and its methods get it as `this`.
    matches: (node) => ts.isObjectLiteralExpression(node),
    apply: (a, node) => void a.evaluate(node as ts.Expression),
  },
];

function isAmbient(declaration: ts.VariableDeclaration): boolean {
  const statement = declaration.parent.parent;
  return ts.isVariableStatement(statement) && (ts.getModifiers(statement) ?? []).some((modifier) => modifier.kind === ts.SyntaxKind.DeclareKeyword);
}

function extendsClause(node: ts.ClassLikeDeclaration): ts.Expression | undefined {
  return node.heritageClauses?.find((clause) => clause.token === ts.SyntaxKind.ExtendsKeyword)?.types[0]?.expression;
}

/** A node that writes, with the kinds of write it performs (matched once, applied every round). */
export interface Effect {
  node: ts.Node;
  kinds: readonly WriteKind[];
}

/** The write kinds that may match each kind of node (WriteKind.syntax), in the table's order. */
const KINDS_BY_SYNTAX = new Map<ts.SyntaxKind, WriteKind[]>();
for (const kind of WRITE_KINDS) {
  for (const syntax of kind.syntax) {
    const list = KINDS_BY_SYNTAX.get(syntax);
    if (list) list.push(kind);
    else KINDS_BY_SYNTAX.set(syntax, [kind]);
  }
}

/** The nodes of a file that write, in source order, each with its kinds. */
export function collectEffects(file: ts.SourceFile): Effect[] {
  const effects: Effect[] = [];
  const visit = (node: ts.Node): void => {
    // No array for the many nodes that write nothing.
    let kinds: WriteKind[] | undefined;
    for (const kind of KINDS_BY_SYNTAX.get(node.kind) ?? []) if (kind.matches(node)) (kinds ??= []).push(kind);
    if (kinds) effects.push({ node, kinds });
    ts.forEachChild(node, visit);
  };
  visit(file);
  return effects;
}

/**
 * Property names some loaded code deletes (`delete o.key`, `delete o['key']`; '*' for a computed key):
 * a field of that name is never certain to be there, whatever the literal that made it says.
 */
export function collectDeletedKeys(file: ts.SourceFile, into: Set<string>): void {
  const visit = (node: ts.Node): void => {
    if (ts.isDeleteExpression(node)) {
      const target = skipOuter(node.expression);
      if (ts.isPropertyAccessExpression(target)) into.add(target.name.text);
      else if (ts.isElementAccessExpression(target) && ts.isStringLiteralLike(target.argumentExpression)) into.add(target.argumentExpression.text);
      else into.add('*');
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
}

export function applyEffect(a: Analysis, { node, kinds }: Effect): void {
  for (const kind of kinds) kind.apply(a, node);
}

/** A declaration's (or parameter's) name: a binding, or a pattern that takes values apart. */
export function assignBinding(a: Analysis, name: ts.BindingName, values: ValueSet, at: ts.Node): void {
  if (ts.isIdentifier(name)) {
    const symbol = a.declaredSymbol(name);
    if (symbol) a.write(a.bindingOf(symbol), values);
    return;
  }
  if (ts.isObjectBindingPattern(name)) {
    for (const element of name.elements) {
      if (element.dotDotDotToken) {
        assignBinding(a, element.name, values, at);
        continue;
      }
      const keyNode = element.propertyName ?? element.name;
      const key = ts.isComputedPropertyName(keyNode) ? computedKey(a, keyNode) : propertyNameText(keyNode);
      assignBinding(a, element.name, withDefault(a, readField(a, values, key, element), element.initializer), at);
    }
    return;
  }
  name.elements.forEach((element, index) => {
    if (ts.isOmittedExpression(element)) return;
    if (element.dotDotDotToken) {
      assignBinding(a, element.name, values, at);
      return;
    }
    assignBinding(a, element.name, withDefault(a, readField(a, values, String(index), element), element.initializer), at);
  });
}

/** `{ a = fallback }`: the default joins in wherever the value may be undefined. */
export function withDefault(a: Analysis, values: ValueSet, initializer: ts.Expression | undefined): ValueSet {
  // An unknown value may be undefined too: then the default is one of the values.
  if (!initializer || (values.size > 0 && !values.has(UNDEFINED) && ![...values.ofKind('unknown')].length)) return values;
  const result = values.without(UNDEFINED);
  result.addAll(a.evaluate(initializer));
  return result;
}

function computedKey(a: Analysis, name: ts.ComputedPropertyName): string | undefined {
  const values = [...a.evaluate(name.expression)];
  const first = values[0];
  return values.length === 1 && first?.kind === 'string' && first.parts.length === 1 && 'text' in first.parts[0]! ? first.parts[0].text : undefined;
}

/** The left side of an assignment: a name, a property, or a destructuring pattern. */
/** URL parts whose write can change the host a URL names. */
const URL_HOST_PARTS = new Set(['href', 'host', 'hostname', 'protocol', 'port']);

/**
 * `u.hostname = 'relay.example.com'` (or host, href, …) where `u` holds URL strings: the URLs it may
 * hold afterwards. A host the analysis cannot read makes the URL's host unknown.
 */
function movedUrls(objects: ValueSet, keys: string[] | undefined, values: ValueSet, at: ts.Node): ValueSet {
  const moved = new ValueSet();
  const parts = keys === undefined ? [...URL_HOST_PARTS] : keys.filter((key) => URL_HOST_PARTS.has(key));
  if (parts.length === 0) return moved;
  for (const url of objects.ofKind('string')) {
    const leading = leadingText(url);
    // The scheme and the whole host must be known text: `https://host/` then anything.
    const origin = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)(?=[/?#])/i.exec(leading) ?? (isComplete(url) ? /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)$/i.exec(leading) : null);
    if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(leading)) continue;
    for (const part of parts) {
      for (const value of values) {
        const known = value.kind === 'string' && isComplete(value) ? leadingText(value) : undefined;
        if (part === 'href') moved.add(value);
        else if ((part === 'host' || part === 'hostname') && known !== undefined && origin) moved.add(withOrigin(url, origin[0].length, `${origin[1]}${known}`));
        else if (part === 'protocol' || part === 'port') {
          if (origin) moved.add(url);
        } else moved.add(unknown('operation', at, `a URL whose ${part} is set to what the analysis cannot read`));
      }
    }
  }
  return moved;
}

/** `url` with its first `length` characters (all known text) replaced by `origin`; the rest, holes included, kept. */
function withOrigin(url: StringValue, length: number, origin: string): StringValue {
  const parts: StringPart[] = [];
  let skipped = 0;
  for (const part of url.parts) {
    if ('text' in part && skipped < length) {
      const take = Math.min(length - skipped, part.text.length);
      skipped += take;
      const rest = part.text.slice(take);
      if (parts.length === 0) parts.push({ text: origin + rest, origin: part.origin });
      else if (rest) parts.push({ text: rest, origin: part.origin });
      continue;
    }
    parts.push(part);
  }
  return { kind: 'string', parts };
}

export function assignTarget(a: Analysis, target: ts.Expression, values: ValueSet, at: ts.Node): void {
  const inner = skipOuter(target);
  if (ts.isIdentifier(inner)) {
    const symbol = a.symbolOf(inner);
    if (symbol?.declarations?.some(isDeclaration)) a.write(a.bindingOf(symbol), values);
    return;
  }
  if (ts.isPropertyAccessExpression(inner) || ts.isElementAccessExpression(inner)) {
    if (isModuleExports(a, inner)) {
      a.write(a.moduleValueOf(inner.getSourceFile()), values);
      return;
    }
    if (isProcessEnv(skipOuter(inner.expression))) return;
    const objects = a.evaluate(inner.expression);
    const keys = memberKeys(a, inner);
    if (keys === undefined) writeField(a, objects, undefined, values, at);
    else for (const key of keys) writeField(a, objects, key, values, at);
    // A URL is a string here: `u.hostname = h` makes the binding hold the URL with that host too.
    const moved = movedUrls(objects, keys, values, at);
    if (moved.size > 0) assignTarget(a, inner.expression, moved, at);
    return;
  }
  if (ts.isObjectLiteralExpression(inner)) {
    for (const property of inner.properties) {
      if (ts.isSpreadAssignment(property)) assignTarget(a, property.expression, values, at);
      else if (ts.isShorthandPropertyAssignment(property)) {
        assignTarget(a, property.name, withDefault(a, readField(a, values, property.name.text, property), property.objectAssignmentInitializer), at);
      } else if (ts.isPropertyAssignment(property)) {
        const key = propertyNameText(property.name);
        const element = skipOuter(property.initializer);
        const [nested, fallback] = ts.isBinaryExpression(element) && element.operatorToken.kind === ts.SyntaxKind.EqualsToken ? [element.left, element.right] : [element, undefined];
        assignTarget(a, nested, withDefault(a, readField(a, values, key, property), fallback), at);
      }
    }
    return;
  }
  if (ts.isArrayLiteralExpression(inner)) {
    inner.elements.forEach((element, index) => {
      if (ts.isOmittedExpression(element)) return;
      if (ts.isSpreadElement(element)) assignTarget(a, element.expression, values, at);
      else {
        const [nested, fallback] = ts.isBinaryExpression(element) && element.operatorToken.kind === ts.SyntaxKind.EqualsToken ? [element.left, element.right] : [element, undefined];
        assignTarget(a, nested, withDefault(a, readField(a, values, String(index), element), fallback), at);
      }
    });
  }
}

