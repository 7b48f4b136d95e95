// What leaves the code the analysis follows: values passed to a call it has no model for, stored into
// an object it does not know, or exported from a module no loaded file imports. Whatever a TLS setting
// reaches that way has a consumer the scanner cannot see (DESIGN.md policy 1). Functions that leave
// are called by code it cannot see: their parameters become unknown, and the rounds run again.
import { ts } from '../typescript.ts';
import { hasModifier, isStatic, propertyNameText } from '../syntax.ts';
import type { Analysis } from './analysis.ts';
import { basesKey, readField } from './fields.ts';
import type { AbstractObject } from './heap.ts';
import { ValueSet, type Value } from './lattice.ts';
import { exportNames, importedFiles, readModuleExport } from './modules.ts';

export interface Escape {
  values: ValueSet;
  /** 'call': given to an unmodelled call; 'stored': written into an unknown object; 'export': exported, never imported here; 'callback': a function given to a client to call. */
  why: 'call' | 'stored' | 'export' | 'callback';
  at: ts.Node;
  /** What the code says there, for the report. */
  detail: string;
  /** An export of a published package's entry: its users outside the tree call it however they like. */
  published?: boolean;
}

/** What escapes reached, for consumers.ts: settings, and clients (agents, instances) as a whole. */
export interface EscapeFindings {
  settings: Map<number, Escape>;
  clients: Map<AbstractObject, Escape>;
}

/**
 * Walks everything that escapes, records the settings and clients it reaches, and makes the
 * parameters of escaping functions unknown. True when that changed anything (the rounds must run again).
 */
export function findEscapes(a: Analysis): boolean {
  const findings: EscapeFindings = { settings: new Map(), clients: new Map() };
  const roots = [...a.escapes, ...exportEscapes(a)];
  const seen = new Set<number>();
  let changed = false;

  const visit = (value: Value, escape: Escape, depth: number): void => {
    if (depth > 24) return;
    // An export used in the tree is presumed to be used outside as it is inside, unless it is published.
    const unlessCalled = escape.why === 'export' && !escape.published;
    switch (value.kind) {
      case 'setting':
        if (!findings.settings.has(value.site)) findings.settings.set(value.site, escape);
        return;
      case 'function':
        if (unlessCalled && a.called.has(value.node)) return;
        // Code outside that imports the function calls it as the tree does (its paths follow a base
        // URL, policy 3); a library handed it calls it with what it has (a job's data, a request): input.
        changed = a.activate(value.node, escape.why === 'export' ? 'parameter' : 'input') || changed;
        // What code the scanner cannot see gets back from the function leaves with it (a DI factory's
        // client). A client's own callbacks (hooks, interceptors) return to the client's model instead.
        // A request already sent (its host fixed) is no client anyone can point elsewhere.
        if (escape.why !== 'callback') for (const result of a.returnsOf(value.node)) if (!isSentRequest(result)) visit(result, escape, depth + 1);
        return;
      case 'class':
        if (unlessCalled && a.called.has(value.node)) return;
        changed = activateClass(a, value.node, unlessCalled, escape.published === true) || changed;
        return;
      case 'object': {
        const object = value.object;
        if (seen.has(object.id)) return;
        seen.add(object.id);
        if (object.kind === 'client') {
          if (!findings.clients.has(object)) findings.clients.set(object, escape);
          return;
        }
        if (object.kind === 'instance') {
          changed = activateMethods(a, object, unlessCalled, escape.published === true) || changed;
          return;
        }
        if (object.kind === 'literal' && ts.isObjectLiteralExpression(object.node)) {
          // Through an object literal, the report points at the property that hands the value on.
          for (const [name, members] of object.fields) {
            const property = object.node.properties.find((item) => item.name && propertyNameText(item.name) === name);
            const at = property ? { ...escape, at: property } : escape;
            for (const member of members) visit(member, at, depth + 1);
          }
          for (const member of object.anyKey) visit(member, escape, depth + 1);
          return;
        }
        for (const member of readField(a, [value], undefined, escape.at)) visit(member, escape, depth + 1);
        return;
      }
      default:
        return;
    }
  };
  for (const root of roots) for (const value of root.values) visit(value, root, 0);
  a.escaped = findings;
  return changed;
}

/**
 * Exports no loaded file uses: their users are outside the tree. An export is used when some loaded
 * code reads it (`import { x }`, `require('./m').x`, a namespace read); a module whose exports are a
 * function or a class is used when anything loads it. The entry of a published package (workspace.ts)
 * is used outside whatever the tree does with it: all it exports escapes.
 */
function exportEscapes(a: Analysis): Escape[] {
  const imported = importedFilesOnce(a);
  const escapes: Escape[] = [];
  for (const file of a.files) {
    if (file.fileName.endsWith('.json')) continue;
    const at = firstExport(file);
    if (!at) continue;
    const published = a.workspace.isPublishedEntry(file.fileName);
    const values = new ValueSet();
    const exportObjects: AbstractObject[] = [];
    for (const value of a.moduleValueOf(file)) {
      // An exports object is used name by name; anything else (a client, a function) as a whole.
      if (value.kind === 'object' && (value.object.kind === 'module' || value.object.kind === 'literal')) exportObjects.push(value.object);
      else if (published || !imported.has(file)) values.add(value);
    }
    const names = new Set([...exportNames(file), ...exportObjects.flatMap((object) => [...object.fields.keys()])]);
    for (const name of names) {
      if (!published && exportObjects.some((object) => a.wasRead(object, name))) continue;
      values.addAll(readModuleExport(a, file, name, at));
      for (const object of exportObjects) values.addAll(object.fields.get(name) ?? []);
    }
    // Exports under names the analysis cannot read (`module.exports = Object.fromEntries(…)`) leave too.
    for (const object of exportObjects) {
      if (object.anyKey.size > 0 && (published || !exportObjects.some((other) => a.wasRead(other, '*')))) values.addAll(object.anyKey);
    }
    if (values.size > 0) escapes.push({ values, why: 'export', at, detail: file.fileName, ...(published ? { published } : {}) });
  }
  return escapes;
}

/**
 * importedFiles walks every loaded file; its answer depends only on the files and the checker, so one
 * walk per analysis serves every escape pass (its notes of unloaded modules were made the first time).
 */
const importedByAnalysis = new WeakMap<Analysis, Set<ts.SourceFile>>();
function importedFilesOnce(a: Analysis): Set<ts.SourceFile> {
  let imported = importedByAnalysis.get(a);
  if (!imported) importedByAnalysis.set(a, (imported = importedFiles(a)));
  return imported;
}

function isSentRequest(value: Value): boolean {
  return value.kind === 'object' && value.object.kind === 'client' && value.object.client?.creation?.role === 'request';
}

/** Each file's first export, found once (escape passes ask again; the answer is the syntax's). */
const firstExports = new WeakMap<ts.SourceFile, ts.Node | undefined>();

/** Where a file first exports something, for the report; undefined when it exports nothing. */
function firstExport(file: ts.SourceFile): ts.Node | undefined {
  if (firstExports.has(file)) return firstExports.get(file);
  const found = findFirstExport(file);
  firstExports.set(file, found);
  return found;
}

function findFirstExport(file: ts.SourceFile): ts.Node | undefined {
  let found: ts.Node | undefined;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (
      ts.isExportAssignment(node) ||
      ts.isExportDeclaration(node) ||
      (ts.isStatement(node) && node.parent === file && hasModifier(node, ts.SyntaxKind.ExportKeyword)) ||
      (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression) && (node.expression.text === 'exports' || (node.expression.text === 'module' && node.name.text === 'exports')))
    ) {
      found = node;
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

/**
 * Members code outside the tree cannot call: `#private` ones (the language forbids it) and TypeScript's
 * `private`; `protected` ones too, unless the class is a published package's, which users may extend.
 */
function isHidden(member: ts.ClassElement, published: boolean): boolean {
  // A decorated member (or one with decorated parameters) is called by the framework that reads them,
  // private or not (`@Get() private forward(@Query('u') u)`).
  if (hasDecorators(member)) return false;
  if (member.name && ts.isPrivateIdentifier(member.name)) return true;
  if (hasModifier(member, ts.SyntaxKind.PrivateKeyword)) return true;
  return !published && hasModifier(member, ts.SyntaxKind.ProtectedKeyword);
}

function hasDecorators(member: ts.ClassElement): boolean {
  if ((ts.getDecorators(member as ts.HasDecorators)?.length ?? 0) > 0) return true;
  const parameters = 'parameters' in member ? (member.parameters as readonly ts.ParameterDeclaration[]) : [];
  return parameters.some((parameter) => (ts.getDecorators(parameter)?.length ?? 0) > 0);
}

/** A class used outside: constructed with arguments the analysis cannot see, its methods and statics called. */
function activateClass(a: Analysis, declaration: ts.ClassLikeDeclaration, unlessCalled: boolean, published: boolean): boolean {
  let changed = false;
  const instance = a.heap.objectAt(declaration, 'instance');
  const self = [{ kind: 'object' as const, object: instance }];
  changed = a.thisOf(declaration).addAll(self) || changed;
  // A class its container constructs (values/injection.ts) gets its arguments from there.
  const injected = a.injectedClasses.has(declaration);
  for (const member of declaration.members) {
    if (isHidden(member, published)) continue;
    if (ts.isConstructorDeclaration(member)) {
      if (!injected || published) changed = a.activate(member, 'parameter') || changed;
    } else if (isStatic(member) && (ts.isMethodDeclaration(member) || ts.isAccessor(member))) changed = a.activate(member, 'parameter', [{ kind: 'class', node: declaration }]) || changed;
  }
  return activateMethods(a, instance, unlessCalled, published) || changed;
}

/** Methods of an instance used outside: called on it, with arguments the analysis cannot see. */
function activateMethods(a: Analysis, instance: AbstractObject, unlessCalled: boolean, published: boolean): boolean {
  let changed = false;
  const self = [{ kind: 'object' as const, object: instance }];
  const seen = new Set<ts.Node>();
  const visitClass = (declaration: ts.Node, depth: number): void => {
    if (depth > 16 || seen.has(declaration)) return;
    seen.add(declaration);
    if (!ts.isClassLike(declaration)) return;
    for (const member of declaration.members) {
      if (isStatic(member)) continue;
      if (!(ts.isMethodDeclaration(member) || ts.isAccessor(member))) continue;
      if (isHidden(member, published)) continue;
      if (unlessCalled && (a.called.has(member) || calledThroughThis(declaration, member))) continue;
      changed = a.activate(member, 'parameter', self) || changed;
    }
    for (const base of a.location(basesKey(declaration))) if (base.kind === 'class') visitClass(base.node, depth + 1);
  };
  visitClass(instance.node, 0);
  return changed;
}


/** `this.name(…)` somewhere in the class: a method its own code calls (seen once the instance is). */
function calledThroughThis(declaration: ts.ClassLikeDeclaration, method: ts.ClassElement): boolean {
  const name = method.name && ts.isIdentifier(method.name) ? method.name.text : undefined;
  if (name === undefined) return false;
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      node.expression.expression.kind === ts.SyntaxKind.ThisKeyword &&
      node.expression.name.text === name
    ) {
      found = true;
      return;
    }
    ts.forEachChild(node, visit);
  };
  for (const member of declaration.members) if (member !== method) visit(member);
  return found;
}
