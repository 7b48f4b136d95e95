// Modules as values: `require()` and `import` of a project file give what it exports (CommonJS
// `module.exports`, whatever was assigned to it, and ES exports read live from their bindings);
// of an npm or node: module, an API value the client tables and the builtins interpret.
import path from 'node:path';
import { ts } from '../typescript.ts';
import { rootOfModule } from '../clients.ts';
import { hasModifier, normalizeModule } from '../syntax.ts';
import type { Analysis } from './analysis.ts';
import { readField } from './fields.ts';
import { ValueSet, unknown, type ApiValue, type Value } from './lattice.ts';
import { valueOfSymbol } from './evaluate.ts';

/** Where a module specifier leads: a loaded project file, an npm/node module, or nowhere we can see. */
export type ModuleTarget = { file: ts.SourceFile } | { module: string } | { missing: string };

export function resolveSpecifier(a: Analysis, specifier: ts.Expression): ModuleTarget {
  if (!ts.isStringLiteralLike(specifier)) return { missing: specifier.getText() };
  const declaration = a.checker.getSymbolAtLocation(specifier)?.declarations?.[0];
  if (declaration && ts.isSourceFile(declaration) && a.isProjectFile(declaration)) return { file: declaration };
  const text = specifier.text;
  if (text.startsWith('.') || text.startsWith('/')) {
    // TypeScript does not resolve `require('./x')` in a .ts file: look for the file the way Node would.
    const candidates = resolveRelative(specifier.getSourceFile().fileName, text);
    const file = a.fileAt(candidates);
    if (!file) a.unloaded.set(candidates[0]!, candidates);
    return file ? { file } : { missing: text };
  }
  // A workspace package or a path alias: the tree's own file, when the project's manifests say which.
  const inTree = a.workspace.resolve(text, specifier.getSourceFile().fileName);
  if (inTree === undefined) return { module: normalizeModule(text) };
  const file = a.fileAt([inTree]);
  if (!file) a.unloaded.set(inTree, [inTree]);
  return file ? { file } : { missing: text };
}

const SUFFIXES = ['', '.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs', '.json', '/index.ts', '/index.tsx', '/index.js', '/index.mjs', '/index.cjs'];

/** Candidate paths for a relative specifier: as written, with the extensions Node and TypeScript try. */
function resolveRelative(from: string, specifier: string): string[] {
  const base = path.posix.resolve(path.posix.dirname(from), specifier);
  const stems = [base, base.replace(/\.(m|c)?js$/, '')];
  return stems.flatMap((stem) => SUFFIXES.map((suffix) => stem + suffix));
}

/** What `require(specifier)` (or `import * as x`, or `await import()`) evaluates to. */
export function moduleValue(a: Analysis, specifier: ts.Expression): ValueSet {
  const target = resolveSpecifier(a, specifier);
  if ('file' in target) return a.moduleValueOf(target.file);
  if ('module' in target) return ValueSet.of(apiRoot(target.module));
  return ValueSet.of(unknown('module', specifier, target.missing));
}

/** The API value of an npm or node: module's root, with the client tables' model of it. */
export function apiRoot(module: string): ApiValue {
  const [name, path] = normalizeApi(module);
  return { kind: 'api', module: name, path, model: path.length === 0 ? rootOfModule(name) : undefined };
}

/** `lodash/merge` is lodash's merge; `fs/promises` is fs.promises. */
function normalizeApi(module: string): [string, string[]] {
  const lodash = /^lodash(?:-es)?(?:[./](\w+))?$/.exec(module);
  if (lodash) return ['lodash', lodash[1] ? [lodash[1]] : []];
  if (module === 'fs/promises') return ['fs', ['promises']];
  if (module === 'underscore') return ['lodash', []];
  return [module, []];
}

/** The value an import declaration binds to a local name. */
export function importValue(a: Analysis, declaration: ts.Declaration): ValueSet | undefined {
  if (ts.isImportEqualsDeclaration(declaration)) {
    const reference = declaration.moduleReference;
    return ts.isExternalModuleReference(reference) ? moduleValue(a, reference.expression) : ValueSet.of(unknown('module', declaration));
  }
  if (ts.isImportClause(declaration)) return importedName(a, declaration.parent.moduleSpecifier, 'default');
  if (ts.isNamespaceImport(declaration)) return moduleValue(a, declaration.parent.parent.moduleSpecifier);
  if (ts.isImportSpecifier(declaration)) {
    const name = (declaration.propertyName ?? declaration.name).text;
    return importedName(a, declaration.parent.parent.parent.moduleSpecifier, name);
  }
  return undefined;
}

function importedName(a: Analysis, specifier: ts.Expression, name: string): ValueSet {
  const target = resolveSpecifier(a, specifier);
  // `import config from './config.json'`: the JSON's value itself.
  if ('file' in target && name === 'default' && target.file.fileName.endsWith('.json')) return a.moduleValueOf(target.file);
  if ('file' in target) return readField(a, a.moduleValueOf(target.file), name, specifier);
  if ('module' in target) {
    const root = apiRoot(target.module);
    return name === 'default' ? ValueSet.of(root) : readField(a, ValueSet.of(root), name, specifier);
  }
  return ValueSet.of(unknown('module', specifier, target.missing));
}

/**
 * A project file's export `name`, read from its ES exports (CommonJS writes land in its module object).
 * The `default` of a CommonJS file is its `module.exports` (as an import, a namespace with
 * esModuleInterop, or Node's ESM see it), unless its exports hold a `default` of their own
 * (`module.exports = { default: …, shanghai: … }`): then only that.
 */
export function readModuleExport(a: Analysis, file: ts.SourceFile, name: string, at: ts.Node): ValueSet {
  a.noteRead(a.moduleObjectOf(file), name);
  const table = exportTable(file);
  const values = new ValueSet();
  const entry = table.names.get(name);
  if (entry) {
    values.addAll(exportValue(a, entry, at));
  } else if (name === 'default' && isCommonJs(file)) {
    if (exportsOwnDefault(a, file)) return values;
    // `import x from './cjs'`: module.exports itself.
    values.addAll(a.moduleValueOf(file));
  } else {
    for (const star of table.stars) {
      const target = resolveSpecifier(a, star);
      if ('file' in target && target.file !== file) values.addAll(readModuleExport(a, target.file, name, at));
    }
  }
  return values;
}

/** `module.exports` (or `exports`) of a CommonJS file has a `default` field written by its code. */
function exportsOwnDefault(a: Analysis, file: ts.SourceFile): boolean {
  return [...a.moduleValueOf(file)].some((value) => value.kind === 'object' && value.object.fields.has('default'));
}

/** Every name a file exports (ES exports and `exports.x = …` writes seen so far). */
export function exportNames(file: ts.SourceFile): string[] {
  return [...exportTable(file).names.keys()];
}

type ExportEntry =
  | { kind: 'local'; name: ts.Identifier }
  | { kind: 'expression'; expression: ts.Expression }
  | { kind: 'value'; value: () => Value }
  | { kind: 'reexport'; specifier: ts.Expression; name: string }
  | { kind: 'namespace'; specifier: ts.Expression };

interface ExportTable {
  names: Map<string, ExportEntry>;
  stars: ts.Expression[];
}

const tables = new WeakMap<ts.SourceFile, ExportTable>();

/** The ES exports of a file, read from its top-level statements once. */
function exportTable(file: ts.SourceFile): ExportTable {
  let table = tables.get(file);
  if (table) return table;
  table = { names: new Map(), stars: [] };
  for (const statement of file.statements) addExports(statement, table);
  tables.set(file, table);
  return table;
}

function addExports(statement: ts.Statement, table: ExportTable): void {
  const exported = hasModifier(statement, ts.SyntaxKind.ExportKeyword);
  const isDefault = hasModifier(statement, ts.SyntaxKind.DefaultKeyword);
  if (ts.isVariableStatement(statement) && exported) {
    for (const declaration of statement.declarationList.declarations) {
      for (const name of boundNames(declaration.name)) table.names.set(name.text, { kind: 'local', name });
    }
  } else if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement) || ts.isEnumDeclaration(statement)) && exported) {
    if (isDefault || !statement.name) {
      const node = statement;
      table.names.set('default', {
        kind: 'value',
        value: () => (ts.isFunctionDeclaration(node) ? { kind: 'function', node } : ts.isClassDeclaration(node) ? { kind: 'class', node } : unknown('operation', node)),
      });
    }
    if (statement.name) table.names.set(isDefault ? 'default' : statement.name.text, { kind: 'local', name: statement.name });
  } else if (ts.isExportAssignment(statement) && !statement.isExportEquals) {
    table.names.set('default', { kind: 'expression', expression: statement.expression });
  } else if (ts.isExportDeclaration(statement)) {
    const specifier = statement.moduleSpecifier;
    const clause = statement.exportClause;
    if (!clause) {
      if (specifier) table.stars.push(specifier);
    } else if (ts.isNamespaceExport(clause)) {
      if (specifier) table.names.set(clause.name.text, { kind: 'namespace', specifier });
    } else {
      for (const element of clause.elements) {
        const local = element.propertyName ?? element.name;
        const localName = ts.isIdentifier(local) ? local.text : local.text;
        table.names.set(element.name.text, specifier ? { kind: 'reexport', specifier, name: localName } : ts.isIdentifier(local) ? { kind: 'local', name: local } : { kind: 'reexport', specifier: local, name: localName });
      }
    }
  }
}

function exportValue(a: Analysis, entry: ExportEntry, at: ts.Node): ValueSet {
  switch (entry.kind) {
    case 'local': {
      const parent = entry.name.parent;
      // `export { a as b }` names a local binding; everything else declares one.
      const symbol = parent && ts.isExportSpecifier(parent) ? a.checker.getExportSpecifierLocalTargetSymbol(parent) : a.checker.getSymbolAtLocation(entry.name);
      return symbol ? valueOfSymbol(a, symbol, entry.name) : ValueSet.of(unknown('operation', entry.name));
    }
    case 'expression':
      return a.evaluate(entry.expression);
    case 'value':
      return ValueSet.of(entry.value());
    case 'reexport': {
      const target = resolveSpecifier(a, entry.specifier);
      if ('file' in target) return readField(a, a.moduleValueOf(target.file), entry.name, at);
      if ('module' in target) return readField(a, ValueSet.of(apiRoot(target.module)), entry.name, at);
      return ValueSet.of(unknown('module', entry.specifier, target.missing));
    }
    case 'namespace':
      return moduleValue(a, entry.specifier);
  }
}

function boundNames(name: ts.BindingName): ts.Identifier[] {
  if (ts.isIdentifier(name)) return [name];
  return name.elements.flatMap((element) => (ts.isOmittedExpression(element) ? [] : boundNames(element.name)));
}

/** Does the file use ES module syntax at its top level? Otherwise it is CommonJS (or a script). */
export function isEsModule(file: ts.SourceFile): boolean {
  return file.statements.some(
    (statement) =>
      ts.isImportDeclaration(statement) ||
      ts.isExportDeclaration(statement) ||
      ts.isExportAssignment(statement) ||
      hasModifier(statement, ts.SyntaxKind.ExportKeyword),
  );
}

export function isCommonJs(file: ts.SourceFile): boolean {
  return !file.isDeclarationFile && !/\.(mjs|mts)$/.test(file.fileName) && !isEsModule(file) && !file.fileName.endsWith('.json');
}

/** Files imported (or required) by some other loaded file: their exports have users in the tree. */
export function importedFiles(a: Analysis): Set<ts.SourceFile> {
  const imported = new Set<ts.SourceFile>();
  const note = (specifier: ts.Expression | undefined, from: ts.SourceFile): void => {
    if (!specifier) return;
    const target = resolveSpecifier(a, specifier);
    if ('file' in target && target.file !== from) imported.add(target.file);
  };
  for (const file of a.files) {
    const visit = (node: ts.Node): void => {
      if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) note(node.moduleSpecifier, file);
      else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) note(node.moduleReference.expression, file);
      else if (ts.isCallExpression(node) && (node.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(node.expression) && node.expression.text === 'require'))) {
        note(node.arguments[0], file);
      }
      ts.forEachChild(node, visit);
    };
    visit(file);
  }
  return imported;
}

