// Forward data flow: given a value (an options object, an agent, a client instance), where does it go?
// It follows names, object nesting, spreads, assignments, class fields, parameters, returns and
// imports across the loaded files, and stops at calls: each stop is a Sink the client tables interpret.
import { ts } from 'ts-morph';
import {
  Resolver,
  enclosingClass,
  isAssignmentTarget,
  isThisRead,
  isFunctionLike,
  outerExpression,
  propertyNameText,
  requiredModule,
  skipOuter,
  type ValueRef,
} from './resolve.ts';
import { StringEvaluator, functionNameNode } from './strings.ts';

export type CallLike = ts.CallExpression | ts.NewExpression;

export type Sink =
  /** The value is argument `argIndex` of a call, at property `path` inside that argument. */
  | { kind: 'argument'; call: CallLike; argIndex: number; path: string[]; callee: ValueRef | undefined }
  /** The value is called, or a method of it is: `instance.get(url)`, `client(url)`. */
  | { kind: 'receiver'; call: CallLike; method: string; path: string[] }
  /** The value was stored into an object made by a call (`instance.defaults.httpsAgent = agent`). */
  | { kind: 'stored'; holder: ts.Expression; path: string[] }
  /** The value was stored into a module's own state (`https.globalAgent.options.ca = …`). */
  | { kind: 'module-state'; module: string; path: string[]; node: ts.Node }
  /** The value leaves what the scanner can follow (exported and never imported here, say). */
  | { kind: 'escape'; node: ts.Node }
  /**
   * The value becomes the same TLS option again elsewhere (`ca: config.wechat.ca`): that property is
   * a setting of its own, reported and fixed there, so this one stops here.
   */
  | { kind: 'relay'; node: ts.Node };

const MAX_STEPS = 400;

export class FlowTracer {
  private steps = 0;
  private readonly visited = new Set<string>();
  private relayKey: string | undefined;

  constructor(
    private readonly resolver: Resolver,
    private readonly strings: StringEvaluator,
  ) {}

  /**
   * Where the value of `node` goes, `path` being where the tracked value sits inside it. With
   * `relayKey`, a value that becomes that option again elsewhere stops there as a 'relay'.
   */
  sinksOf(node: ts.Node, path: string[], relayKey?: string): Sink[] {
    this.steps = 0;
    this.visited.clear();
    this.relayKey = relayKey;
    return this.follow(node, path);
  }

  /** Where a value stored at `target.path` goes: `target` is the left side of an assignment's member. */
  sinksOfStore(target: ts.Expression, path: string[], relayKey?: string): Sink[] {
    this.steps = 0;
    this.visited.clear();
    this.relayKey = relayKey;
    return this.store(target, path);
  }

  private follow(start: ts.Node, path: string[]): Sink[] {
    const node = outerExpression(start);
    const key = `${node.getSourceFile().fileName}:${node.pos}:${node.end}:${path.join('.')}`;
    if (this.visited.has(key)) return [];
    this.visited.add(key);
    if (++this.steps > MAX_STEPS) return [{ kind: 'escape', node }];
    const parent = node.parent;
    if (!parent) return [];
    if (ts.isObjectLiteralExpression(node) && path.length > 0) {
      return [...this.ownMethodUses(node, path), ...this.followParent(node, parent, path)];
    }
    return this.followParent(node, parent, path);
  }

  /** `{ agent, get() { … this.agent … } }`: the object's own methods read the tracked part as this.x. */
  private ownMethodUses(object: ts.ObjectLiteralExpression, path: string[]): Sink[] {
    const [head, ...rest] = path;
    const sinks: Sink[] = [];
    for (const property of object.properties) {
      const value = ts.isPropertyAssignment(property) ? skipOuter(property.initializer) : undefined;
      const method = ts.isMethodDeclaration(property) ? property : value && ts.isFunctionExpression(value) ? value : undefined;
      if (!method) continue;
      for (const use of thisReadsIn(method, head!)) sinks.push(...this.follow(use, rest));
    }
    return sinks;
  }

  private followParent(node: ts.Node, parent: ts.Node, path: string[]): Sink[] {
    if (ts.isPropertyAssignment(parent) && parent.initializer === node) {
      const name = propertyNameText(parent.name);
      if (name !== undefined && path.length === 0 && name === this.relayKey) return [{ kind: 'relay', node: parent }];
      return name === undefined ? [{ kind: 'escape', node }] : this.follow(parent.parent, [name, ...path]);
    }
    if (ts.isShorthandPropertyAssignment(parent)) {
      if (path.length === 0 && parent.name.text === this.relayKey) return [{ kind: 'relay', node: parent }];
      return this.follow(parent.parent, [parent.name.text, ...path]);
    }
    if (ts.isSpreadAssignment(parent)) return this.follow(parent.parent, path);
    if (ts.isVariableDeclaration(parent) && parent.initializer === node) return this.followDeclaration(parent, path);
    if (ts.isPropertyDeclaration(parent) && parent.initializer === node) return this.followField(parent, path);
    if ((ts.isCallExpression(parent) || ts.isNewExpression(parent)) && parent.expression !== node) {
      return this.followArgument(parent, parent.arguments?.indexOf(node as ts.Expression) ?? -1, path);
    }
    if ((ts.isCallExpression(parent) || ts.isNewExpression(parent)) && parent.expression === node) {
      return [{ kind: 'receiver', call: parent, method: '', path }];
    }
    if ((ts.isPropertyAccessExpression(parent) || ts.isElementAccessExpression(parent)) && parent.expression === node) {
      return this.followMemberRead(parent, path);
    }
    if (ts.isBinaryExpression(parent)) return this.followBinary(parent, node, path);
    if (ts.isConditionalExpression(parent) && parent.condition !== node) return this.follow(parent, path);
    if (ts.isReturnStatement(parent)) return this.followReturn(parent, path);
    if (ts.isArrowFunction(parent) && parent.body === node) return this.followCallsOf(parent, path);
    if (ts.isExportAssignment(parent)) return this.followDefaultExport(parent, path);
    return [];
  }

  private followDeclaration(declaration: ts.VariableDeclaration, path: string[]): Sink[] {
    if (ts.isIdentifier(declaration.name)) {
      const sinks = this.followReferences(declaration.name, path);
      if (sinks.length === 0 && isExported(declaration)) return [{ kind: 'escape', node: declaration }];
      return sinks;
    }
    if (ts.isObjectBindingPattern(declaration.name)) return this.followPattern(declaration.name, path);
    return [];
  }

  /** `const { agent } = value`: the part at path[0] continues under the element's name. */
  private followPattern(pattern: ts.ObjectBindingPattern, path: string[]): Sink[] {
    const [head, ...rest] = path;
    const sinks: Sink[] = [];
    for (const element of pattern.elements) {
      const key = element.propertyName ?? element.name;
      const keyText = ts.isIdentifier(key) || ts.isStringLiteral(key) ? key.text : undefined;
      if (element.dotDotDotToken && ts.isIdentifier(element.name)) {
        sinks.push(...this.followReferences(element.name, path));
      } else if (keyText !== undefined && keyText === head && ts.isIdentifier(element.name)) {
        sinks.push(...this.followReferences(element.name, rest));
      }
    }
    return sinks;
  }

  private followReferences(name: ts.Identifier, path: string[]): Sink[] {
    const symbol = this.resolver.symbolOf(name);
    if (!symbol) return [];
    return this.resolver
      .referencesOf(symbol)
      .filter((reference) => !isAssignmentTarget(reference))
      .flatMap((reference) => this.follow(reference, path));
  }

  /** A class field's value reaches every `this.field` read in the class. */
  private followField(field: ts.PropertyDeclaration, path: string[]): Sink[] {
    const owner = field.parent;
    const name = propertyNameText(field.name);
    if (!ts.isClassLike(owner) || name === undefined) return [];
    const sinks = this.resolver.thisMemberUses(owner, name).flatMap((use) => this.follow(use, path));
    // `WxOpen.agent` (a static field) or `client.agent` from outside: reads through the field's symbol.
    const symbol = this.resolver.symbolOf(field.name);
    for (const reference of symbol ? this.resolver.referencesOf(symbol) : []) {
      const member = reference.parent;
      if (!member || !ts.isPropertyAccessExpression(member) || member.name !== reference) continue;
      if (member.expression.kind === ts.SyntaxKind.ThisKeyword || isAssignmentTarget(member)) continue;
      sinks.push(...this.follow(member, path));
    }
    return sinks;
  }

  private followArgument(call: CallLike, argIndex: number, path: string[]): Sink[] {
    if (argIndex < 0) return [];
    if (ts.isCallExpression(call) && requiredModule(call)) return [];
    if (isObjectAssign(call)) return this.followObjectAssign(call, argIndex, path);
    const callee = this.resolver.refOf(call.expression);
    if (callee?.kind === 'function') {
      const parameter = callee.declaration.parameters[argIndex];
      if (!parameter) return [];
      if (ts.isIdentifier(parameter.name) && ts.isConstructorDeclaration(callee.declaration) && ts.isParameterPropertyDeclaration(parameter, callee.declaration)) {
        // A parameter property is a field too: its uses are `this.name` reads in the class.
        const uses = this.resolver.thisMemberUses(callee.declaration.parent, parameter.name.text);
        return [...this.followReferences(parameter.name, path), ...uses.flatMap((use) => this.follow(use, path))];
      }
      if (ts.isIdentifier(parameter.name)) return this.followReferences(parameter.name, path);
      if (ts.isObjectBindingPattern(parameter.name)) return this.followPattern(parameter.name, path);
      return [];
    }
    return [{ kind: 'argument', call, argIndex, path, callee }];
  }

  /**
   * `Object.assign(target, ...sources)` copies each source's properties into target and returns it:
   * a value in a source now sits in the target and in the result.
   */
  private followObjectAssign(call: ts.CallExpression, argIndex: number, path: string[]): Sink[] {
    const sinks = this.follow(call, path);
    const target = call.arguments[0];
    if (argIndex > 0 && target && !ts.isObjectLiteralExpression(skipOuter(target))) sinks.push(...this.store(target, path));
    return sinks;
  }

  /** Reading `value.x`: the tracked part continues only if it is what was read. */
  private followMemberRead(member: ts.PropertyAccessExpression | ts.ElementAccessExpression, path: string[]): Sink[] {
    const name = ts.isPropertyAccessExpression(member)
      ? member.name.text
      : ts.isStringLiteralLike(member.argumentExpression)
        ? member.argumentExpression.text
        : undefined;
    const grandparent = member.parent;
    if (isAssignmentTarget(member)) return [];
    if (path.length === 0) {
      if (grandparent && (ts.isCallExpression(grandparent) || ts.isNewExpression(grandparent)) && grandparent.expression === member) {
        return [{ kind: 'receiver', call: grandparent, method: name ?? '', path }];
      }
      return [];
    }
    if (name !== undefined && name === path[0]) return this.follow(member, path.slice(1));
    return [];
  }

  private followBinary(binary: ts.BinaryExpression, node: ts.Node, path: string[]): Sink[] {
    const operator = binary.operatorToken.kind;
    if (operator === ts.SyntaxKind.EqualsToken && binary.right === node) return this.store(binary.left, path);
    if (
      operator === ts.SyntaxKind.BarBarToken ||
      operator === ts.SyntaxKind.QuestionQuestionToken ||
      operator === ts.SyntaxKind.AmpersandAmpersandToken
    ) {
      return this.follow(binary, path);
    }
    return [];
  }

  /** `target = value` or `target.a.b = value`: the value now sits in what `target` holds. */
  private store(target: ts.Expression, path: string[]): Sink[] {
    const inner = skipOuter(target);
    if (ts.isIdentifier(inner)) {
      const sinks = this.followReferences(inner, path);
      const initial = this.resolver.initializerOf(inner);
      if (initial) sinks.push(...this.storedInto(initial, path));
      return sinks;
    }
    if (ts.isPropertyAccessExpression(inner) || ts.isElementAccessExpression(inner)) {
      const name = ts.isPropertyAccessExpression(inner)
        ? inner.name.text
        : ts.isStringLiteralLike(inner.argumentExpression)
          ? inner.argumentExpression.text
          : undefined;
      if (name === undefined) return [{ kind: 'escape', node: inner }];
      const base = skipOuter(inner.expression);
      if (isCommonJsExports(base)) return this.followCommonJsExport(base, [name, ...path]);
      if (isCommonJsExports(inner)) return this.followCommonJsExport(inner, path);
      if (base.kind === ts.SyntaxKind.ThisKeyword) return this.storeInThis(inner, name, path);
      const ref = this.resolver.refOf(base);
      if (ref?.kind === 'module') return [{ kind: 'module-state', module: ref.module, path: [...ref.path, name, ...path], node: inner }];
      return this.store(base, [name, ...path]);
    }
    if (ts.isIdentifier(inner) === false && isCommonJsExports(inner)) return this.followCommonJsExport(inner, path);
    return [{ kind: 'escape', node: inner }];
  }

  private storeInThis(member: ts.Expression, name: string, path: string[]): Sink[] {
    const owner = enclosingClass(member);
    if (!owner) return [{ kind: 'escape', node: member }];
    const sinks = this.resolver.thisMemberUses(owner, name).flatMap((use) => this.follow(use, path));
    if (path.length > 0) {
      for (const value of this.resolver.thisAssignments(owner, name)) sinks.push(...this.storedInto(value, path));
    }
    return sinks;
  }

  /** Storing into what a call made (an agent, a client instance) hands the value to that object. */
  private storedInto(holder: ts.Expression, path: string[]): Sink[] {
    const inner = skipOuter(holder);
    if (ts.isCallExpression(inner) || ts.isNewExpression(inner)) return [{ kind: 'stored', holder: inner, path }];
    return [];
  }

  private followReturn(statement: ts.ReturnStatement, path: string[]): Sink[] {
    let fn: ts.Node | undefined = statement.parent;
    while (fn && !isFunctionLike(fn)) fn = fn.parent;
    return fn ? this.followCallsOf(fn as ts.SignatureDeclaration, path) : [];
  }

  private followCallsOf(fn: ts.SignatureDeclaration, path: string[]): Sink[] {
    const calls = this.strings.callsOf(fn);
    if (calls.length === 0) {
      const name = functionNameNode(fn);
      return name && isExportedName(name) ? [{ kind: 'escape', node: fn }] : [];
    }
    return calls.flatMap((call) => this.follow(call, path));
  }

  private followDefaultExport(assignment: ts.ExportAssignment, path: string[]): Sink[] {
    const checker = this.resolver.checker;
    const moduleSymbol = checker.getSymbolAtLocation(assignment.getSourceFile());
    const exported = moduleSymbol ? checker.getExportsOfModule(moduleSymbol).find((s) => s.escapedName === 'default') : undefined;
    const references = exported ? this.resolver.referencesOf(exported) : [];
    if (references.length === 0) return [{ kind: 'escape', node: assignment }];
    return references.flatMap((reference) => this.follow(reference, path));
  }

  /** `module.exports = value` / `exports.x = value`: follow the modules that require this one. */
  private followCommonJsExport(exportsNode: ts.Expression, path: string[]): Sink[] {
    const file = exportsNode.getSourceFile();
    const sinks: Sink[] = [];
    let imported = false;
    for (const importer of this.resolver.sourceFiles) {
      for (const use of moduleUsesOf(importer, file, this.resolver.checker)) {
        imported = true;
        sinks.push(...this.followModuleUse(use, path));
      }
    }
    // Required but the tracked part never read (`wx.get()` uses wx.agent only inside wx): no escape.
    return imported ? sinks : [{ kind: 'escape', node: exportsNode }];
  }

  private followModuleUse(use: ts.Node, path: string[]): Sink[] {
    // An ES import of a CommonJS module: `import { agent } from './agent'` or a default import.
    if (ts.isImportDeclaration(use)) {
      const clause = use.importClause;
      const sinks: Sink[] = [];
      if (clause?.name) sinks.push(...this.followLocal(clause.name, path));
      const bindings = clause?.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) sinks.push(...this.followLocal(bindings.name, path));
      if (bindings && ts.isNamedImports(bindings)) {
        for (const element of bindings.elements) {
          const imported = (element.propertyName ?? element.name).text;
          if (imported === path[0]) sinks.push(...this.followLocal(element.name, path.slice(1)));
        }
      }
      return sinks;
    }
    return this.follow(use, path);
  }

  /** Uses of a local import binding, found by walking its file (the alias may not resolve here). */
  private followLocal(name: ts.Identifier, path: string[]): Sink[] {
    const file = name.getSourceFile();
    const uses: ts.Identifier[] = [];
    const visit = (node: ts.Node): void => {
      if (ts.isIdentifier(node) && node !== name && node.text === name.text && isValueUse(node)) uses.push(node);
      ts.forEachChild(node, visit);
    };
    visit(file);
    return uses.flatMap((use) => this.follow(use, path));
  }
}

/** `this.name` reads in a function's own body (arrow functions inside share its `this`; nested functions do not). */
function thisReadsIn(fn: ts.SignatureDeclaration, name: string): ts.PropertyAccessExpression[] {
  const reads: ts.PropertyAccessExpression[] = [];
  const visit = (node: ts.Node): void => {
    if (isThisRead(node, name)) reads.push(node);
    if (ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node) || ts.isClassLike(node)) return;
    ts.forEachChild(node, visit);
  };
  const body = (fn as ts.FunctionLikeDeclarationBase).body;
  if (body) visit(body);
  return reads;
}

function isObjectAssign(call: CallLike): call is ts.CallExpression {
  const callee = call.expression;
  return (
    ts.isCallExpression(call) &&
    ts.isPropertyAccessExpression(callee) &&
    ts.isIdentifier(callee.expression) &&
    callee.expression.text === 'Object' &&
    callee.name.text === 'assign'
  );
}

function isValueUse(node: ts.Identifier): boolean {
  const parent = node.parent;
  if (!parent) return false;
  if (ts.isPropertyAccessExpression(parent) && parent.name === node) return false;
  if (ts.isPropertyAssignment(parent) && parent.name === node) return false;
  if (ts.isImportSpecifier(parent) || ts.isImportClause(parent) || ts.isNamespaceImport(parent)) return false;
  return true;
}

/** `require('./x')` calls and import declarations in `importer` that load `target`. */
function moduleUsesOf(importer: ts.SourceFile, target: ts.SourceFile, checker: ts.TypeChecker): ts.Node[] {
  const uses: ts.Node[] = [];
  const loads = (specifier: ts.Expression): boolean => {
    const symbol = checker.getSymbolAtLocation(specifier);
    return symbol?.declarations?.some((declaration) => declaration === target) ?? false;
  };
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && requiredModule(node) !== undefined && node.arguments[0] && loads(node.arguments[0])) {
      uses.push(node);
    } else if (ts.isImportDeclaration(node) && loads(node.moduleSpecifier)) {
      uses.push(node);
    }
    ts.forEachChild(node, visit);
  };
  visit(importer);
  return uses;
}

function isCommonJsExports(node: ts.Expression): boolean {
  if (ts.isIdentifier(node)) return node.text === 'exports';
  return (
    ts.isPropertyAccessExpression(node) &&
    ts.isIdentifier(node.expression) &&
    node.expression.text === 'module' &&
    node.name.text === 'exports'
  );
}

function isExported(declaration: ts.VariableDeclaration): boolean {
  const statement = declaration.parent?.parent;
  return !!statement && ts.isVariableStatement(statement) && !!statement.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
}

function isExportedName(name: ts.Node): boolean {
  const declaration = name.parent;
  if (!declaration) return false;
  if (ts.isFunctionDeclaration(declaration)) return !!declaration.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
  if (ts.isVariableDeclaration(declaration)) return isExported(declaration);
  // Methods are reachable through their instance: treat them as public.
  return ts.isMethodDeclaration(declaration);
}
