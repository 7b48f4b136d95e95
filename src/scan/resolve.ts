// Symbol plumbing over the TypeScript compiler API: where a name is declared, where it is used, which
// module a value comes from. Walks compiler nodes directly (ts.forEachChild), which is several times
// faster than ts-morph's wrapped traversal.
import { ts } from 'ts-morph';

/** A value that comes from an npm or node: module: `require('https').Agent` is {module:'https', path:['Agent']}. */
export interface ModuleRef {
  kind: 'module';
  module: string;
  path: string[];
}

/** A value made by calling a module's factory, e.g. `axios.create(...)` or `new urllib.HttpClient()`. */
export interface InstanceRef {
  kind: 'instance';
  factory: ModuleRef;
  creation: ts.CallExpression | ts.NewExpression;
  path: string[];
}

/** A function of the project itself, whose parameters and returns the scanner can follow. */
export interface FunctionRef {
  kind: 'function';
  declaration: ts.SignatureDeclaration;
}

export type ValueRef = ModuleRef | InstanceRef | FunctionRef;

/** Identifiers by text, and the alias names imports and exports give (syntax only, no checker). */
interface IdentifierIndex {
  byText: Map<string, ts.Identifier[]>;
  /** `a` → names it is imported or exported as. */
  aliases: Map<string, string[]>;
  /** Names of default and namespace imports, which stand for a module's default export. */
  defaultNames: Set<string>;
}

const MAX_DEPTH = 12;

/** The path step that stands for an instance of a module's class inside its subclass. */
export const THIS_MEMBER = '<this>';

export class Resolver {
  private identifierIndex: IdentifierIndex | undefined;
  private readonly referenceCache = new Map<ts.Symbol, ts.Identifier[]>();

  constructor(
    readonly checker: ts.TypeChecker,
    readonly sourceFiles: readonly ts.SourceFile[],
  ) {}

  /** The symbol a name finally stands for: through imports, and through shorthand properties. */
  symbolOf(node: ts.Node): ts.Symbol | undefined {
    const parent = node.parent;
    let symbol =
      parent && ts.isShorthandPropertyAssignment(parent) && parent.name === node
        ? this.checker.getShorthandAssignmentValueSymbol(parent)
        : this.checker.getSymbolAtLocation(node);
    if (symbol && symbol.flags & ts.SymbolFlags.Alias) {
      const target = this.checker.getAliasedSymbol(symbol);
      // An import from a module not loaded here resolves to the checker's "unknown" symbol.
      if (target.declarations && target.declarations.length > 0) symbol = target;
    }
    return symbol;
  }

  declarationOf(node: ts.Node): ts.Declaration | undefined {
    const symbol = this.symbolOf(node);
    return symbol?.valueDeclaration ?? symbol?.declarations?.[0];
  }

  /**
   * Every use of a symbol across the loaded files, declarations excluded. Identifiers are indexed by
   * their text without the checker, and only those that can name the symbol (its own name, or an
   * import/export alias of it) are resolved: resolving every identifier of every loaded file cost
   * about half of a scan.
   */
  referencesOf(symbol: ts.Symbol): ts.Identifier[] {
    const cached = this.referenceCache.get(symbol);
    if (cached) return cached;
    const index = (this.identifierIndex ??= this.buildIdentifierIndex());
    const references: ts.Identifier[] = [];
    // The checker may hand out a transient copy of a symbol (a JS class member seen through an
    // instance in another file): the same declaration means the same symbol.
    const declaration = symbol.valueDeclaration ?? symbol.declarations?.[0];
    for (const name of this.namesOf(symbol, index)) {
      for (const identifier of index.byText.get(name) ?? []) {
        const found = this.symbolOf(identifier);
        if (found === symbol || (declaration !== undefined && (found?.valueDeclaration ?? found?.declarations?.[0]) === declaration)) {
          references.push(identifier);
        }
      }
    }
    this.referenceCache.set(symbol, references);
    return references;
  }

  /** The texts an identifier may have when it stands for `symbol`: its name and every alias of it. */
  private namesOf(symbol: ts.Symbol, index: IdentifierIndex): Set<string> {
    const own = ts.symbolName(symbol);
    const names = new Set([own]);
    // `export default x` / `module.exports = x`: importers choose the name.
    if (own === 'default' || own === 'export=') for (const name of index.defaultNames) names.add(name);
    const queue = [...names];
    while (queue.length > 0) {
      for (const alias of index.aliases.get(queue.pop()!) ?? []) {
        if (!names.has(alias)) {
          names.add(alias);
          queue.push(alias);
        }
      }
    }
    return names;
  }

  private buildIdentifierIndex(): IdentifierIndex {
    const index: IdentifierIndex = { byText: new Map(), aliases: new Map(), defaultNames: new Set() };
    const addAlias = (from: string, to: string): void => {
      const list = index.aliases.get(from);
      if (list) list.push(to);
      else index.aliases.set(from, [to]);
    };
    const visit = (node: ts.Node): void => {
      if (ts.isIdentifier(node) && !isDeclarationName(node)) {
        const list = index.byText.get(node.text);
        if (list) list.push(node);
        else index.byText.set(node.text, [node]);
      } else if ((ts.isImportSpecifier(node) || ts.isExportSpecifier(node)) && node.propertyName) {
        // `import { a as b }`, `export { a as b }`: b may stand for a.
        addAlias(node.propertyName.text, node.name.text);
        if (node.propertyName.text === 'default') index.defaultNames.add(node.name.text);
      } else if (ts.isImportClause(node) && node.name) {
        index.defaultNames.add(node.name.text);
      } else if ((ts.isNamespaceImport(node) || ts.isImportEqualsDeclaration(node)) && ts.isIdentifier(node.name)) {
        index.defaultNames.add(node.name.text);
      } else if (ts.isVariableDeclaration(node) && node.initializer && isRequireCall(node.initializer)) {
        // `const agent = require('./agent')` stands for module.exports; `const { a: b } = require(…)` renames a.
        if (ts.isIdentifier(node.name)) index.defaultNames.add(node.name.text);
        else if (ts.isObjectBindingPattern(node.name)) {
          for (const element of node.name.elements) {
            if (element.propertyName && ts.isIdentifier(element.propertyName) && ts.isIdentifier(element.name)) {
              addAlias(element.propertyName.text, element.name.text);
            }
          }
        }
      }
      ts.forEachChild(node, visit);
    };
    for (const file of this.sourceFiles) visit(file);
    return index;
  }

  /** The initializer a name was given, when it is a const-like binding (or a readonly field). */
  initializerOf(node: ts.Node): ts.Expression | undefined {
    const declaration = this.declarationOf(node);
    if (!declaration) return undefined;
    if (ts.isVariableDeclaration(declaration) && ts.isIdentifier(declaration.name)) return declaration.initializer;
    if (ts.isPropertyAssignment(declaration)) return declaration.initializer;
    if (ts.isPropertyDeclaration(declaration)) return declaration.initializer;
    if (ts.isEnumMember(declaration)) return declaration.initializer;
    if (ts.isShorthandPropertyAssignment(declaration)) return declaration.name;
    if (ts.isBindingElement(declaration)) return this.bindingElementValue(declaration);
    // `exports.X = value` and `module.exports.X = value` declare X in CommonJS.
    if (ts.isPropertyAccessExpression(declaration) && ts.isBinaryExpression(declaration.parent)) {
      return declaration.parent.right;
    }
    if (ts.isBinaryExpression(declaration)) return declaration.right;
    return undefined;
  }

  /** `const { A } = require('./config')` or `= someObject`: the value of A. */
  private bindingElementValue(element: ts.BindingElement): ts.Expression | undefined {
    const pattern = element.parent;
    if (!ts.isObjectBindingPattern(pattern) || element.dotDotDotToken) return undefined;
    const key = element.propertyName ?? element.name;
    if (!ts.isIdentifier(key) && !ts.isStringLiteral(key)) return element.initializer;
    const holder = pattern.parent;
    if (!ts.isVariableDeclaration(holder) || !holder.initializer) return undefined;
    const object = this.objectLiteralOf(holder.initializer);
    const property = object ? findProperty(object, key.text) : undefined;
    if (property) return property;
    return element.initializer;
  }

  /** The object literal an expression evaluates to, following names, up to a small depth. */
  objectLiteralOf(expression: ts.Expression, depth = 0): ts.ObjectLiteralExpression | undefined {
    const inner = skipOuter(expression);
    if (depth > MAX_DEPTH) return undefined;
    if (ts.isObjectLiteralExpression(inner)) return inner;
    if (ts.isIdentifier(inner) || ts.isPropertyAccessExpression(inner) || ts.isElementAccessExpression(inner)) {
      const value = this.valueOfName(inner);
      return value ? this.objectLiteralOf(value, depth + 1) : undefined;
    }
    // `https.request(buildOptions(path))`: a project function that builds and returns the options.
    if (ts.isCallExpression(inner)) {
      const callee = this.refOf(inner.expression, depth + 1);
      const returned = callee?.kind === 'function' ? singleReturnOf(callee.declaration) : undefined;
      return returned ? this.objectLiteralOf(returned, depth + 1) : undefined;
    }
    return undefined;
  }

  /** The expression a name or a property chain (`CONFIG.api.base`, `this.host`) stands for. */
  valueOfName(node: ts.Expression): ts.Expression | undefined {
    if (ts.isIdentifier(node)) return this.initializerOf(node);
    if (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) {
      const name = memberName(node);
      if (name === undefined) return undefined;
      if (node.expression.kind === ts.SyntaxKind.ThisKeyword) return this.thisMemberValue(node, name);
      // A name declared by the checker (enum member, class static, exported const) comes first.
      const direct = ts.isPropertyAccessExpression(node) ? this.initializerOf(node.name) : undefined;
      if (direct) return direct;
      const object = this.objectLiteralOf(node.expression);
      return object ? findProperty(object, name) : undefined;
    }
    return undefined;
  }

  /** `this.x`: the field initializer, or the value the constructor assigns to it. */
  private thisMemberValue(node: ts.Node, name: string): ts.Expression | undefined {
    const owner = enclosingClass(node);
    if (!owner) return undefined;
    for (const member of owner.members) {
      if (ts.isPropertyDeclaration(member) && member.initializer && propertyNameText(member.name) === name) {
        return member.initializer;
      }
    }
    return this.thisAssignments(owner, name)[0];
  }

  /** `constructor(private readonly agent: Agent)`: the parameter that declares field `name`, if any. */
  parameterPropertyOf(owner: ts.ClassLikeDeclaration, name: string): ts.ParameterDeclaration | undefined {
    const constructor = owner.members.find(ts.isConstructorDeclaration);
    return constructor?.parameters.find(
      (parameter) => ts.isParameterPropertyDeclaration(parameter, constructor) && ts.isIdentifier(parameter.name) && parameter.name.text === name,
    );
  }

  /** Values assigned to `this.name` anywhere in a class (constructor, setters, init methods). */
  thisAssignments(owner: ts.ClassLikeDeclaration, name: string): ts.Expression[] {
    const values: ts.Expression[] = [];
    const visit = (node: ts.Node): void => {
      if (
        ts.isBinaryExpression(node) &&
        node.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
        ts.isPropertyAccessExpression(node.left) &&
        node.left.expression.kind === ts.SyntaxKind.ThisKeyword &&
        node.left.name.text === name
      ) {
        values.push(node.right);
      }
      ts.forEachChild(node, visit);
    };
    owner.members.forEach(visit);
    return values;
  }

  /** All `this.name` reads inside a class: the uses of a field. */
  thisMemberUses(owner: ts.ClassLikeDeclaration, name: string): ts.PropertyAccessExpression[] {
    const uses: ts.PropertyAccessExpression[] = [];
    const visit = (node: ts.Node): void => {
      if (isThisRead(node, name)) uses.push(node);
      ts.forEachChild(node, visit);
    };
    owner.members.forEach(visit);
    return uses;
  }

  /**
   * `this` inside a class that extends a module's class (egg's Service, say): the instance carries
   * what the module's base class gives it, `{ module: 'egg', path: ['Service', '<this>'] }`.
   */
  private inheritedThisRef(node: ts.Node, depth: number): ValueRef | undefined {
    const owner = enclosingClass(node);
    return owner ? this.moduleBaseOf(owner, depth) : undefined;
  }

  /** The module class a class finally extends, through the project's own base classes (BaseService). */
  private moduleBaseOf(owner: ts.ClassLikeDeclaration, depth: number): ModuleRef | undefined {
    if (depth > MAX_DEPTH) return undefined;
    const heritage = owner.heritageClauses?.find((clause) => clause.token === ts.SyntaxKind.ExtendsKeyword)?.types[0];
    if (!heritage) return undefined;
    const declaration = this.declarationOf(heritage.expression);
    const value = declaration && !ts.isClassLike(declaration) ? this.initializerOf(heritage.expression) : undefined;
    const projectClass = declaration && ts.isClassLike(declaration) ? declaration : value && ts.isClassExpression(skipOuter(value)) ? (skipOuter(value) as ts.ClassExpression) : undefined;
    if (projectClass) return this.moduleBaseOf(projectClass, depth + 1);
    const base = this.refOf(heritage.expression, depth + 1);
    return base?.kind === 'module' ? { ...base, path: [...base.path, THIS_MEMBER] } : undefined;
  }

  /** What a callee or receiver is: a module member, an instance made by a module, or a project function. */
  refOf(expression: ts.Expression, depth = 0): ValueRef | undefined {
    if (depth > MAX_DEPTH) return undefined;
    const node = skipOuter(expression);
    if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
      const required = requiredModule(node);
      if (required) return { kind: 'module', module: required, path: [] };
      const callee = this.refOf(node.expression, depth + 1);
      if (callee?.kind === 'module') return { kind: 'instance', factory: callee, creation: node, path: [] };
      if (callee?.kind === 'instance') return { ...callee, path: [...callee.path, '()'] };
      return undefined;
    }
    if (ts.isIdentifier(node)) {
      const declaration = this.declarationOf(node);
      if (!declaration) return undefined;
      const imported = importedModuleRef(declaration);
      if (imported) return imported;
      if (isFunctionLike(declaration)) return { kind: 'function', declaration };
      // `new HttpClient(base, agent)`: the arguments go to the class's constructor.
      if (ts.isClassLike(declaration)) {
        const constructor = declaration.members.find(ts.isConstructorDeclaration);
        return constructor ? { kind: 'function', declaration: constructor } : undefined;
      }
      const value = this.initializerOf(node);
      if (value && isFunctionLike(value)) return { kind: 'function', declaration: value };
      return value ? this.refOf(value, depth + 1) : undefined;
    }
    if (node.kind === ts.SyntaxKind.ThisKeyword) return this.inheritedThisRef(node, depth);
    if (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) {
      const name = memberName(node);
      if (name === undefined) return undefined;
      // A class's own members come before what it inherits from a module's base class.
      const own = node.expression.kind === ts.SyntaxKind.ThisKeyword ? this.valueOfName(node) : undefined;
      if (own) return isFunctionLike(own) ? { kind: 'function', declaration: own } : this.refOf(own, depth + 1);
      const base = this.refOf(node.expression, depth + 1);
      if (base?.kind === 'module') return { ...base, path: stripDefault([...base.path, name]) };
      if (base?.kind === 'instance') return { ...base, path: [...base.path, name] };
      const value = this.valueOfName(node);
      if (value && isFunctionLike(value)) return { kind: 'function', declaration: value };
      if (value) return this.refOf(value, depth + 1);
      const declaration = ts.isPropertyAccessExpression(node) ? this.declarationOf(node.name) : undefined;
      if (declaration && isFunctionLike(declaration)) return { kind: 'function', declaration };
      return undefined;
    }
    return undefined;
  }
}

/** The expression a function returns, when it has exactly one `return value` (or an expression body). */
export function singleReturnOf(fn: ts.SignatureDeclaration): ts.Expression | undefined {
  if (ts.isArrowFunction(fn) && !ts.isBlock(fn.body)) return fn.body;
  const body = (fn as ts.FunctionLikeDeclarationBase).body;
  if (!body || !ts.isBlock(body)) return undefined;
  const returns: ts.Expression[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isReturnStatement(node) && node.expression) returns.push(node.expression);
    if (!isFunctionLike(node) && !ts.isClassLike(node)) ts.forEachChild(node, visit);
  };
  ts.forEachChild(body, visit);
  return returns.length === 1 ? returns[0] : undefined;
}

/** Parentheses, `as`, `!`, `satisfies`, `await`: wrappers that do not change which value flows. */
export function skipOuter(node: ts.Expression): ts.Expression {
  let current = node;
  for (;;) {
    if (
      ts.isParenthesizedExpression(current) ||
      ts.isAsExpression(current) ||
      ts.isNonNullExpression(current) ||
      ts.isSatisfiesExpression(current) ||
      ts.isTypeAssertionExpression(current) ||
      ts.isAwaitExpression(current)
    ) {
      current = current.expression;
    } else {
      return current;
    }
  }
}

/** The expression whose value a node's value becomes, looking outward through the same wrappers. */
export function outerExpression(node: ts.Node): ts.Node {
  let current = node;
  while (
    current.parent &&
    (ts.isParenthesizedExpression(current.parent) ||
      ts.isAsExpression(current.parent) ||
      ts.isNonNullExpression(current.parent) ||
      ts.isSatisfiesExpression(current.parent) ||
      ts.isTypeAssertionExpression(current.parent) ||
      ts.isAwaitExpression(current.parent))
  ) {
    current = current.parent;
  }
  return current;
}

export function propertyNameText(name: ts.PropertyName | ts.Node): string | undefined {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNoSubstitutionTemplateLiteral(name)) return name.text;
  if (ts.isNumericLiteral(name)) return name.text;
  if (ts.isComputedPropertyName(name) && ts.isStringLiteralLike(name.expression)) return name.expression.text;
  if (ts.isPrivateIdentifier(name)) return name.text;
  return undefined;
}

export function memberName(node: ts.PropertyAccessExpression | ts.ElementAccessExpression): string | undefined {
  if (ts.isPropertyAccessExpression(node)) return node.name.text;
  return ts.isStringLiteralLike(node.argumentExpression) ? node.argumentExpression.text : undefined;
}

/** The value of `name` in an object literal; the last definition wins, spreads are searched too. */
export function findProperty(object: ts.ObjectLiteralExpression, name: string): ts.Expression | undefined {
  for (let index = object.properties.length - 1; index >= 0; index--) {
    const property = object.properties[index];
    if (!property) continue;
    if (ts.isPropertyAssignment(property) && propertyNameText(property.name) === name) return property.initializer;
    if (ts.isShorthandPropertyAssignment(property) && property.name.text === name) return property.name;
    if (ts.isSpreadAssignment(property) && ts.isObjectLiteralExpression(skipOuter(property.expression))) {
      const inner = findProperty(skipOuter(property.expression) as ts.ObjectLiteralExpression, name);
      if (inner) return inner;
    }
  }
  return undefined;
}

export function isFunctionLike(node: ts.Node): node is ts.SignatureDeclaration {
  return (
    ts.isFunctionDeclaration(node) ||
    ts.isFunctionExpression(node) ||
    ts.isArrowFunction(node) ||
    ts.isMethodDeclaration(node) ||
    ts.isConstructorDeclaration(node)
  );
}

export function enclosingClass(node: ts.Node): ts.ClassLikeDeclaration | undefined {
  let current: ts.Node | undefined = node.parent;
  while (current) {
    if (ts.isClassDeclaration(current) || ts.isClassExpression(current)) return current;
    current = current.parent;
  }
  return undefined;
}

/** A read of `this.name` (not an assignment to it). */
export function isThisRead(node: ts.Node, name: string): node is ts.PropertyAccessExpression {
  return (
    ts.isPropertyAccessExpression(node) &&
    node.expression.kind === ts.SyntaxKind.ThisKeyword &&
    node.name.text === name &&
    !isAssignmentTarget(node)
  );
}

export function isAssignmentTarget(node: ts.Node): boolean {
  const parent = node.parent;
  return (
    !!parent &&
    ts.isBinaryExpression(parent) &&
    parent.left === node &&
    parent.operatorToken.kind >= ts.SyntaxKind.FirstAssignment &&
    parent.operatorToken.kind <= ts.SyntaxKind.LastAssignment
  );
}

function isRequireCall(node: ts.Expression): boolean {
  const inner = skipOuter(node);
  return ts.isCallExpression(inner) && requiredModule(inner) !== undefined;
}

/** `require('x')` (or `require('node:x')`) gives 'x'. */
export function requiredModule(node: ts.CallExpression | ts.NewExpression): string | undefined {
  if (!ts.isCallExpression(node)) return undefined;
  const callee = node.expression;
  const first = node.arguments[0];
  if (!ts.isIdentifier(callee) || callee.text !== 'require' || !first || !ts.isStringLiteralLike(first)) return undefined;
  return normalizeModule(first.text);
}

export function normalizeModule(specifier: string): string {
  return specifier.replace(/^node:/, '');
}

function stripDefault(path: string[]): string[] {
  return path[0] === 'default' ? path.slice(1) : path;
}

/** An import or import-equals declaration of a module the scanner does not load. */
function importedModuleRef(declaration: ts.Declaration): ModuleRef | undefined {
  if (ts.isImportClause(declaration)) {
    return moduleRefOf(declaration.parent.moduleSpecifier, []);
  }
  if (ts.isNamespaceImport(declaration)) {
    return moduleRefOf(declaration.parent.parent.moduleSpecifier, []);
  }
  if (ts.isImportSpecifier(declaration)) {
    const imported = (declaration.propertyName ?? declaration.name).text;
    return moduleRefOf(declaration.parent.parent.parent.moduleSpecifier, imported === 'default' ? [] : [imported]);
  }
  if (ts.isImportEqualsDeclaration(declaration) && ts.isExternalModuleReference(declaration.moduleReference)) {
    return moduleRefOf(declaration.moduleReference.expression, []);
  }
  if (ts.isBindingElement(declaration)) {
    // const { Agent } = require('https')
    const holder = declaration.parent.parent;
    if (ts.isVariableDeclaration(holder) && holder.initializer) {
      const init = skipOuter(holder.initializer);
      if (ts.isCallExpression(init)) {
        const module = requiredModule(init);
        const key = declaration.propertyName ?? declaration.name;
        if (module && ts.isIdentifier(key)) return { kind: 'module', module, path: stripDefault([key.text]) };
      }
    }
  }
  return undefined;
}

function moduleRefOf(specifier: ts.Expression, path: string[]): ModuleRef | undefined {
  return ts.isStringLiteralLike(specifier) ? { kind: 'module', module: normalizeModule(specifier.text), path } : undefined;
}

function isDeclarationName(node: ts.Identifier): boolean {
  const parent = node.parent;
  if (!parent) return false;
  if (ts.isShorthandPropertyAssignment(parent)) return false; // `{ ca }` both names and uses ca
  return (
    (ts.isVariableDeclaration(parent) ||
      ts.isFunctionDeclaration(parent) ||
      ts.isClassDeclaration(parent) ||
      ts.isParameter(parent) ||
      ts.isPropertyAssignment(parent) ||
      ts.isPropertyDeclaration(parent) ||
      ts.isMethodDeclaration(parent) ||
      ts.isImportSpecifier(parent) ||
      ts.isImportClause(parent) ||
      ts.isNamespaceImport(parent) ||
      ts.isBindingElement(parent) ||
      ts.isEnumMember(parent)) &&
    (parent as ts.NamedDeclaration).name === node
  );
}
