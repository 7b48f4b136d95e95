// Expressions to values: one case per kind of syntax. Names read the place their binding holds,
// properties read fields (fields.ts), calls go to calls.ts; nothing here recurses into another
// expression's definition, so evaluation always ends, and the rounds (analysis.ts) carry values along.
import { ts } from '../typescript.ts';
import { isClientGlobal, rootOfModule } from '../clients.ts';
import { isFunctionLike, isProcessEnv, isStatic, propertyNameText, skipOuter } from '../syntax.ts';
import type { Analysis } from './analysis.ts';
import { evaluateCall, evaluateTaggedTemplate } from './calls.ts';
import { basesKey, ownEntries, readField } from './fields.ts';
import {
  SOME_NUMBER,
  UNDEFINED,
  ValueSet,
  asString,
  concatStrings,
  text,
  unknown,
  type StringValue,
  type Value,
} from './lattice.ts';
import { TAIL, fieldOf } from './heap.ts';
import { importValue } from './modules.ts';
import { valueAfterLazyInit, valueInLocalOrder } from './order.ts';
import { assignTarget } from './writes.ts';

export function evaluateExpression(a: Analysis, node: ts.Expression): ValueSet {
  switch (node.kind) {
    case ts.SyntaxKind.StringLiteral:
    case ts.SyntaxKind.NoSubstitutionTemplateLiteral:
      return ValueSet.of(text((node as ts.StringLiteralLike).text, node));
    case ts.SyntaxKind.NumericLiteral:
      return ValueSet.of({ kind: 'primitive', value: Number((node as ts.NumericLiteral).text) });
    case ts.SyntaxKind.TrueKeyword:
      return ValueSet.of({ kind: 'primitive', value: true });
    case ts.SyntaxKind.FalseKeyword:
      return ValueSet.of({ kind: 'primitive', value: false });
    case ts.SyntaxKind.NullKeyword:
      return ValueSet.of({ kind: 'primitive', value: null });
    case ts.SyntaxKind.Identifier:
      return evaluateIdentifier(a, node as ts.Identifier);
    case ts.SyntaxKind.ThisKeyword:
      return thisAt(a, node);
    case ts.SyntaxKind.TemplateExpression:
      return template(a, node as ts.TemplateExpression);
    case ts.SyntaxKind.BinaryExpression:
      return binary(a, node as ts.BinaryExpression);
    case ts.SyntaxKind.ConditionalExpression: {
      const conditional = node as ts.ConditionalExpression;
      return union(a.evaluate(conditional.whenTrue), a.evaluate(conditional.whenFalse));
    }
    case ts.SyntaxKind.ParenthesizedExpression:
    case ts.SyntaxKind.AsExpression:
    case ts.SyntaxKind.NonNullExpression:
    case ts.SyntaxKind.SatisfiesExpression:
    case ts.SyntaxKind.TypeAssertionExpression:
    case ts.SyntaxKind.AwaitExpression:
    case ts.SyntaxKind.PartiallyEmittedExpression:
      // Promises are transparent: `await p` is what p resolves to, and p is modelled as that value.
      return a.evaluate((node as ts.ParenthesizedExpression).expression);
    case ts.SyntaxKind.CallExpression:
    case ts.SyntaxKind.NewExpression:
      return evaluateCall(a, node as ts.CallExpression | ts.NewExpression);
    case ts.SyntaxKind.TaggedTemplateExpression:
      return evaluateTaggedTemplate(a, node as ts.TaggedTemplateExpression);
    case ts.SyntaxKind.PropertyAccessExpression:
    case ts.SyntaxKind.ElementAccessExpression:
      return member(a, node as ts.PropertyAccessExpression | ts.ElementAccessExpression);
    case ts.SyntaxKind.ObjectLiteralExpression:
      return objectLiteral(a, node as ts.ObjectLiteralExpression);
    case ts.SyntaxKind.ArrayLiteralExpression:
      return arrayLiteral(a, node as ts.ArrayLiteralExpression);
    case ts.SyntaxKind.FunctionExpression:
    case ts.SyntaxKind.ArrowFunction:
      return ValueSet.of({ kind: 'function', node: node as ts.SignatureDeclaration });
    case ts.SyntaxKind.ClassExpression:
      return ValueSet.of({ kind: 'class', node: node as ts.ClassExpression });
    case ts.SyntaxKind.VoidExpression:
      return ValueSet.of(UNDEFINED);
    case ts.SyntaxKind.PrefixUnaryExpression: {
      const prefix = node as ts.PrefixUnaryExpression;
      if (prefix.operator === ts.SyntaxKind.ExclamationToken) return ValueSet.of({ kind: 'primitive', value: true }, { kind: 'primitive', value: false });
      if (prefix.operator === ts.SyntaxKind.MinusToken && ts.isNumericLiteral(prefix.operand)) {
        return ValueSet.of({ kind: 'primitive', value: -Number(prefix.operand.text) });
      }
      return ValueSet.of(SOME_NUMBER);
    }
    case ts.SyntaxKind.PostfixUnaryExpression:
      return ValueSet.of(SOME_NUMBER);
    case ts.SyntaxKind.CommaListExpression: {
      const elements = (node as ts.CommaListExpression).elements;
      return elements.length > 0 ? a.evaluate(elements[elements.length - 1]!) : ValueSet.of(UNDEFINED);
    }
    default:
      return ValueSet.of(unknown('operation', node));
  }
}

function union(...sets: ValueSet[]): ValueSet {
  const result = new ValueSet();
  for (const set of sets) result.addAll(set);
  return result;
}

// ---- names ----

function evaluateIdentifier(a: Analysis, node: ts.Identifier): ValueSet {
  const symbol = a.symbolOf(node);
  if (!symbol) return globalName(a, node);
  return valueOfSymbol(a, symbol, node);
}

/** The value a symbol stands for where `at` names it. */
export function valueOfSymbol(a: Analysis, symbol: ts.Symbol, at: ts.Node): ValueSet {
  const declaration = symbol.declarations?.find(isDeclaration);
  // No declaration of the code's own (`require`, `module`, `exports`, whose symbols in a CommonJS file
  // TypeScript makes from the assignments to them): a global.
  if (!declaration || !a.isProjectFile(declaration.getSourceFile())) return globalName(a, at);
  const imported = importValue(a, declaration);
  if (imported) return imported;
  if (ts.isFunctionDeclaration(declaration)) return union(ValueSet.of({ kind: 'function', node: declaration }), a.bindingOf(symbol));
  if (ts.isClassDeclaration(declaration)) return ValueSet.of({ kind: 'class', node: declaration });
  if (ts.isEnumDeclaration(declaration)) return ValueSet.of({ kind: 'object', object: a.heap.objectAt(declaration, 'statics') });
  if (ts.isModuleDeclaration(declaration)) return ValueSet.of(unknown('operation', at));
  if (ts.isCatchClause(declaration.parent) || ts.isCatchClause(declaration)) return ValueSet.of(unknown('input', at));
  if (ts.isVariableDeclaration(declaration) || ts.isParameter(declaration) || ts.isBindingElement(declaration)) {
    return valueAfterLazyInit(a, symbol, at) ?? valueInLocalOrder(a, symbol, declaration, at) ?? a.bindingOf(symbol);
  }
  // A property declared by a write in a JS file (`exports.x = …`), reached by its name: unknown here.
  return a.bindingOf(symbol);
}

/** Syntax that declares a name (rather than an assignment TypeScript counts as one in a JS file). */
export function isDeclaration(node: ts.Node): boolean {
  return (
    ts.isVariableDeclaration(node) ||
    ts.isParameter(node) ||
    ts.isBindingElement(node) ||
    ts.isFunctionDeclaration(node) ||
    ts.isClassDeclaration(node) ||
    ts.isEnumDeclaration(node) ||
    ts.isModuleDeclaration(node) ||
    ts.isImportClause(node) ||
    ts.isImportSpecifier(node) ||
    ts.isNamespaceImport(node) ||
    ts.isImportEqualsDeclaration(node)
  );
}

/** Names with no declaration in the loaded code: JavaScript's and Node's globals, or unknown. */
function globalName(a: Analysis, node: ts.Node): ValueSet {
  const name = ts.isIdentifier(node) ? node.text : node.getText();
  const file = node.getSourceFile();
  switch (name) {
    case 'undefined':
      return ValueSet.of(UNDEFINED);
    case 'NaN':
    case 'Infinity':
      return ValueSet.of({ kind: 'primitive', value: Number(name) });
    case '__dirname':
      return ValueSet.of(text(dirnameOf(file.fileName), node));
    case '__filename':
      return ValueSet.of(text(file.fileName, node));
    case 'exports':
      return ValueSet.of({ kind: 'object', object: a.moduleObjectOf(file) });
    case 'module':
      return ValueSet.of({ kind: 'api', module: '<global>', path: ['module'], model: undefined });
    case 'arguments': {
      const owner = argumentsOwner(node);
      const object = owner && a.argumentsObjectOf(owner);
      return object ? ValueSet.of({ kind: 'object', object }) : ValueSet.of(unknown('parameter', node, 'arguments'));
    }
  }
  if (KNOWN_GLOBALS.has(name) || isClientGlobal(name)) {
    return ValueSet.of({ kind: 'api', module: '<global>', path: [name], model: rootOfModule(`<global>:${name}`) });
  }
  return ValueSet.of(unknown('global', node, name));
}

/** The function whose `arguments` a name reads: the nearest enclosing one that is not an arrow function. */
function argumentsOwner(node: ts.Node): ts.SignatureDeclaration | undefined {
  let current: ts.Node | undefined = node.parent;
  while (current && !(isFunctionLike(current) && !ts.isArrowFunction(current))) current = current.parent;
  return current as ts.SignatureDeclaration | undefined;
}

/** Globals the builtins table (or a client family) gives meaning to; other undeclared names are unknown. */
const KNOWN_GLOBALS = new Set([
  'process', 'require', 'console', 'JSON', 'Object', 'Promise', 'Map', 'Set', 'WeakMap', 'Array', 'String',
  'Number', 'Boolean', 'Buffer', 'URL', 'URLSearchParams', 'Symbol', 'Error', 'TypeError', 'Math', 'Date',
  'Reflect', 'encodeURIComponent', 'encodeURI', 'decodeURIComponent', 'decodeURI', 'parseInt', 'parseFloat',
  'setTimeout', 'setInterval', 'clearTimeout', 'clearInterval', 'setImmediate', 'globalThis', 'global',
  'structuredClone', 'queueMicrotask',
]);

function dirnameOf(file: string): string {
  const index = file.lastIndexOf('/');
  return index <= 0 ? '/' : file.slice(0, index);
}

/** `this` where `node` is: a class's instances, a method's receivers, a module's exports. */
export function thisAt(a: Analysis, node: ts.Node): ValueSet {
  let current: ts.Node | undefined = node.parent;
  while (current) {
    if (ts.isArrowFunction(current)) {
      current = current.parent;
      continue;
    }
    if (ts.isConstructorDeclaration(current)) return a.thisOf(current.parent);
    if (isFunctionLike(current)) return isStatic(current) && ts.isClassLike(current.parent) ? staticThis(current.parent) : a.thisOf(current);
    if (ts.isPropertyDeclaration(current) && ts.isClassLike(current.parent)) {
      return isStatic(current) ? staticThis(current.parent) : a.thisOf(current.parent);
    }
    if (ts.isClassStaticBlockDeclaration(current)) return staticThis(current.parent as ts.ClassLikeDeclaration);
    if (ts.isSourceFile(current)) return a.thisOf(current);
    current = current.parent;
  }
  return ValueSet.of(unknown('operation', node, 'this'));
}

function staticThis(declaration: ts.ClassLikeDeclaration): ValueSet {
  return ValueSet.of({ kind: 'class', node: declaration });
}

// ---- strings ----

/** The most strings one template (or path join) makes; past it, an unknown stands for the rest. */
export const MAX_COMBINATIONS = 64;

function template(a: Analysis, node: ts.TemplateExpression): ValueSet {
  let results: StringValue[] = [text(node.head.text, node.head)];
  let cut = false;
  for (const span of node.templateSpans) {
    const parts = [...a.evaluate(span.expression)].map((value) => asString(value, span.expression));
    const tail = text(span.literal.text, span.literal);
    const next: StringValue[] = [];
    // A part with no value yet gives no string yet (the rounds bring it); never an unknown.
    for (const head of results) for (const part of parts) next.push(concatStrings(concatStrings(head, part), tail));
    cut ||= next.length > MAX_COMBINATIONS;
    results = next.slice(0, MAX_COMBINATIONS);
  }
  const values = ValueSet.of(...results);
  if (cut) values.add(unknown('limit', node, 'many strings'));
  return values;
}

function binary(a: Analysis, node: ts.BinaryExpression): ValueSet {
  const operator = node.operatorToken.kind;
  if (operator >= ts.SyntaxKind.FirstAssignment && operator <= ts.SyntaxKind.LastAssignment) return assignment(a, node);
  switch (operator) {
    case ts.SyntaxKind.PlusToken:
      return plus(a, node.left, node.right, node);
    case ts.SyntaxKind.BarBarToken:
    case ts.SyntaxKind.QuestionQuestionToken:
    case ts.SyntaxKind.AmpersandAmpersandToken:
      return union(a.evaluate(node.left), a.evaluate(node.right));
    case ts.SyntaxKind.CommaToken:
      a.evaluate(node.left);
      return a.evaluate(node.right);
    case ts.SyntaxKind.EqualsEqualsEqualsToken:
    case ts.SyntaxKind.ExclamationEqualsEqualsToken:
    case ts.SyntaxKind.EqualsEqualsToken:
    case ts.SyntaxKind.ExclamationEqualsToken:
    case ts.SyntaxKind.LessThanToken:
    case ts.SyntaxKind.GreaterThanToken:
    case ts.SyntaxKind.LessThanEqualsToken:
    case ts.SyntaxKind.GreaterThanEqualsToken:
    case ts.SyntaxKind.InstanceOfKeyword:
    case ts.SyntaxKind.InKeyword:
      return ValueSet.of({ kind: 'primitive', value: true }, { kind: 'primitive', value: false });
    case ts.SyntaxKind.MinusToken:
    case ts.SyntaxKind.AsteriskToken:
    case ts.SyntaxKind.SlashToken:
    case ts.SyntaxKind.PercentToken:
    case ts.SyntaxKind.AsteriskAsteriskToken:
      return ValueSet.of(SOME_NUMBER);
    default:
      return ValueSet.of(unknown('operation', node));
  }
}

/** `a + b`: string concatenation when either side may be a string; numbers are left unknown. */
export function plus(a: Analysis, left: ts.Expression, right: ts.Expression, at: ts.Node): ValueSet {
  return concatenate(a.evaluate(left), a.evaluate(right), at);
}

export function concatenate(left: ValueSet, right: ValueSet, at: ts.Node): ValueSet {
  const result = new ValueSet();
  for (const l of left) {
    for (const r of right) {
      if (l.kind === 'primitive' && r.kind === 'primitive' && typeof l.value === 'number' && typeof r.value === 'number') {
        result.add(SOME_NUMBER);
      } else {
        result.add(concatStrings(asString(l, at), asString(r, at)));
      }
    }
  }
  return result;
}

/** `x = v`, `x ||= v`, `x += v`: the write happens (writes.ts); the expression's value is what was written. */
function assignment(a: Analysis, node: ts.BinaryExpression): ValueSet {
  const operator = node.operatorToken.kind;
  let values = operator === ts.SyntaxKind.PlusEqualsToken ? plus(a, node.left, node.right, node) : a.evaluate(node.right);
  // `opts.ca = x;` as a statement is a TLS setting of its own (sites.ts): the setting is what is written.
  const site = ts.isExpressionStatement(node.parent) ? a.sites.idOf(node.parent) : undefined;
  if (site !== undefined) {
    noteRelays(a, site, values);
    values = ValueSet.of({ kind: 'setting', site });
  }
  if (
    operator === ts.SyntaxKind.EqualsToken ||
    operator === ts.SyntaxKind.PlusEqualsToken ||
    operator === ts.SyntaxKind.BarBarEqualsToken ||
    operator === ts.SyntaxKind.QuestionQuestionEqualsToken ||
    operator === ts.SyntaxKind.AmpersandAmpersandEqualsToken
  ) {
    assignTarget(a, node.left, values, node);
  } else {
    // `-=`, `*=`, `|=` and kin: arithmetic.
    assignTarget(a, node.left, ValueSet.of(SOME_NUMBER), node);
  }
  return values;
}

// ---- properties ----

function member(a: Analysis, node: ts.PropertyAccessExpression | ts.ElementAccessExpression): ValueSet {
  const base = skipOuter(node.expression);
  // `import.meta.url`: this file, as a file: URL.
  if (ts.isMetaProperty(base) && ts.isPropertyAccessExpression(node) && node.name.text === 'url') {
    return ValueSet.of(text(`file://${node.getSourceFile().fileName}`, node));
  }
  if (isModuleExports(a, node)) return a.moduleValueOf(node.getSourceFile());
  if (isProcessEnv(base)) return ValueSet.of(unknown('environment', node, `process.env.${memberKeyText(node)}`));
  if (base.kind === ts.SyntaxKind.SuperKeyword) return superMember(a, node);
  const keys = memberKeys(a, node);
  const objects = a.evaluate(node.expression);
  if (keys === undefined) return readField(a, objects, undefined, node);
  const result = new ValueSet();
  for (const key of keys) result.addAll(readField(a, objects, key, node));
  return result;
}

/** The property names a member expression may read; undefined when the key is not known. */
export function memberKeys(a: Analysis, node: ts.PropertyAccessExpression | ts.ElementAccessExpression): string[] | undefined {
  if (ts.isPropertyAccessExpression(node)) return [node.name.text];
  const argument = skipOuter(node.argumentExpression);
  if (ts.isStringLiteralLike(argument) || ts.isNumericLiteral(argument)) return [argument.text];
  const keys: string[] = [];
  for (const value of a.evaluate(argument)) {
    if (value.kind === 'string' && value.parts.length === 1 && 'text' in value.parts[0]!) keys.push(value.parts[0].text);
    else if (value.kind === 'primitive' && typeof value.value === 'number' && !Number.isNaN(value.value)) keys.push(String(value.value));
    else return undefined;
  }
  // No value yet (the rounds bring it): no key yet, rather than every key, which would stay joined.
  return keys;
}

function memberKeyText(node: ts.PropertyAccessExpression | ts.ElementAccessExpression): string {
  if (ts.isPropertyAccessExpression(node)) return node.name.text;
  return ts.isStringLiteralLike(node.argumentExpression) ? node.argumentExpression.text : '[…]';
}

/** `super.m`: the member of the base class, for `this`. */
function superMember(a: Analysis, node: ts.PropertyAccessExpression | ts.ElementAccessExpression): ValueSet {
  const owner = enclosingClassOf(node);
  const name = ts.isPropertyAccessExpression(node) ? node.name.text : undefined;
  if (!owner || name === undefined) return ValueSet.of(unknown('operation', node));
  const result = new ValueSet();
  for (const base of a.location(basesKey(owner))) {
    if (base.kind === 'class') {
      for (const item of base.node.members) {
        if (item.name && propertyNameText(item.name) === name && ts.isMethodDeclaration(item)) result.add({ kind: 'function', node: item });
      }
    } else {
      result.addAll(readField(a, [base], name, node));
    }
  }
  return result;
}

function enclosingClassOf(node: ts.Node): ts.ClassLikeDeclaration | undefined {
  let current = node.parent;
  while (current && !ts.isClassLike(current)) current = current.parent;
  return current;
}

/** `module.exports`, unless `module` is a local name of the file. */
export function isModuleExports(a: Analysis, node: ts.Node): boolean {
  if (!ts.isPropertyAccessExpression(node) || !ts.isIdentifier(node.expression)) return false;
  if (node.expression.text !== 'module' || node.name.text !== 'exports') return false;
  return !a.symbolOf(node.expression)?.declarations?.some(isDeclaration);
}

// ---- literals ----

/**
 * `{ a: x, ...base, b: y }`: one object per literal. A property written after a spread replaces what
 * the spread gave it (later wins); the spread's other fields are copied. A setting's property holds the
 * setting itself, so whoever reads it later is known (sites.ts).
 */
function objectLiteral(a: Analysis, node: ts.ObjectLiteralExpression): ValueSet {
  const object = a.heap.objectAt(node, 'literal');
  const self: Value = { kind: 'object', object };
  const pending = new Map<string, ValueSet>();
  const add = (key: string, values: Iterable<Value>): void => {
    let set = pending.get(key);
    if (!set) pending.set(key, (set = new ValueSet()));
    set.addAll(values);
  };
  for (const property of node.properties) {
    if (ts.isSpreadAssignment(property)) {
      const sources = a.evaluate(property.expression);
      // A key every spread object surely holds replaces what came before it (later wins).
      for (const key of surelyHeldKeys(a, sources)) pending.set(key, new ValueSet());
      for (const source of sources) {
        if (source.kind === 'object') {
          for (const [key, values] of ownEntries(a, source.object, property)) add(key, values);
          a.write(object.anyKey, source.object.anyKey);
        } else if (source.kind === 'unknown' || source.kind === 'api') {
          a.write(object.anyKey, [unknown(source.kind === 'unknown' ? source.reason : 'module', property.expression)]);
        }
      }
      continue;
    }
    const key = property.name ? propertyNameText(property.name) : undefined;
    const values = propertyValue(a, property, self);
    if (key === undefined) a.write(object.anyKey, values);
    else pending.set(key, ValueSet.of(...values));
  }
  for (const [key, values] of pending) a.write(fieldOf(object, key), values);
  return ValueSet.of(self);
}

/**
 * The keys every value of a spread surely has: each is an object literal that writes the key itself
 * (`{ baseURL: X, … }`) and no loaded code deletes a property of that name. Anything else (an object
 * of unknown make, a parameter, an instance) may lack the key, and then what came before it stays.
 */
function surelyHeldKeys(a: Analysis, sources: ValueSet): string[] {
  if (a.deletedKeys.has('*')) return [];
  let held: Set<string> | undefined;
  for (const source of sources) {
    if (source.kind !== 'object' || source.object.kind !== 'literal' || !ts.isObjectLiteralExpression(source.object.node)) return [];
    const keys = new Set<string>();
    for (const property of source.object.node.properties) {
      if (ts.isSpreadAssignment(property) || !property.name || ts.isComputedPropertyName(property.name)) continue;
      const key = propertyNameText(property.name);
      if (key !== undefined && !a.deletedKeys.has(key)) keys.add(key);
    }
    held = held ? new Set([...held].filter((key) => keys.has(key))) : keys;
  }
  return held ? [...held] : [];
}

function propertyValue(a: Analysis, property: ts.ObjectLiteralElementLike, self: Value): ValueSet {
  const site = a.sites.idOf(property);
  if (site !== undefined) {
    // The setting's own value is evaluated for what it hands on (a setting read from another one).
    const value = ts.isPropertyAssignment(property) ? property.initializer : ts.isShorthandPropertyAssignment(property) ? property.name : undefined;
    if (value) noteRelays(a, site, a.evaluate(value));
    return ValueSet.of({ kind: 'setting', site });
  }
  if (ts.isPropertyAssignment(property)) {
    const initializer = skipOuter(property.initializer);
    if (ts.isFunctionExpression(initializer)) a.write(a.thisOf(initializer), [self]);
    return a.evaluate(property.initializer);
  }
  if (ts.isShorthandPropertyAssignment(property)) return a.evaluate(property.name);
  if (ts.isMethodDeclaration(property)) {
    a.write(a.thisOf(property), [self]);
    return ValueSet.of({ kind: 'function', node: property });
  }
  if (ts.isGetAccessorDeclaration(property)) {
    a.write(a.thisOf(property), [self]);
    return a.returnsOf(property);
  }
  return new ValueSet();
}

/** A setting whose value holds another setting (`ca: config.ca`) hands that one on: it is reported here. */
export function noteRelays(a: Analysis, site: number, values: ValueSet): void {
  for (const value of values.ofKind('setting')) {
    if (value.site === site) continue;
    let into = a.relays.get(value.site);
    if (!into) a.relays.set(value.site, (into = new Set()));
    into.add(site);
  }
}

/** `[a, b, ...rest]`: elements before a spread sit at their index; the rest somewhere after them. */
function arrayLiteral(a: Analysis, node: ts.ArrayLiteralExpression): ValueSet {
  const array = a.heap.objectAt(node, 'array');
  let exact = true;
  node.elements.forEach((element, index) => {
    if (ts.isSpreadElement(element)) {
      exact = false;
      a.write(fieldOf(array, TAIL), elementsOf(a, a.evaluate(element.expression), element));
      return;
    }
    if (ts.isOmittedExpression(element)) return;
    const values = a.evaluate(element);
    if (exact) a.write(fieldOf(array, String(index)), values);
    else a.write(fieldOf(array, TAIL), values);
  });
  return ValueSet.of({ kind: 'object', object: array });
}

/** What iterating values gives: an array's elements, a Map's entries, Node's roots as they are. */
export function elementsOf(a: Analysis, values: Iterable<Value>, at: ts.Node): ValueSet {
  const result = new ValueSet();
  for (const value of values) {
    if (value.kind === 'object') {
      if (value.object.kind === 'map') {
        for (const [key, entry] of value.object.fields) result.add({ kind: 'object', object: pairOf(a, value.object.node, key, entry, at) });
        if (value.object.anyKey.size > 0) result.add({ kind: 'object', object: pairOf(a, value.object.node, undefined, value.object.anyKey, at) });
      } else {
        result.addAll(readField(a, [value], undefined, at));
      }
    } else if (value.kind === 'default-roots') {
      result.add(value);
    } else if (value.kind === 'string') {
      result.add(unknown('operation', at));
    } else if (value.kind === 'unknown') {
      result.add(unknown(value.reason, at));
    }
  }
  return result;
}

/** `[key, value]` of a Map entry, as an array object. */
function pairOf(a: Analysis, mapNode: ts.Node, key: string | undefined, values: ValueSet, at: ts.Node): import('./heap.ts').AbstractObject {
  const pair = a.heap.objectAt(mapNode, 'array', `entry:${key ?? '*'}`);
  a.write(fieldOf(pair, '0'), [key === undefined ? unknown('operation', at) : text(key, mapNode)]);
  a.write(fieldOf(pair, '1'), values);
  return pair;
}
