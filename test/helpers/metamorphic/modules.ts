// CommonJS ↔ ESM for one file, where the conversion is mechanical: top-level requires and imports,
// `module.exports = { … }` / `exports.x = …` and `export` declarations. Anything else (a require
// inside a function, `export let`, re-exports, top-level await, …) makes the file not convertible.
import path from 'node:path';
import { ts } from 'ts-morph';
import { applyEdits, isRequireCall, isTypeScript, parse, walk, type Edit } from './source.ts';
import type { Project } from './types.ts';
import { isManifest, Workspace } from '../../../src/workspace.ts';

export type Direction = 'to-esm' | 'to-cjs';

/** How a module of the project exports, once the variant is made: what an importer must write. */
export interface ExportShape {
  esm: boolean;
  hasDefault: boolean;
}

export interface ConvertContext {
  project: Project;
  /** Where a file ends up in the variant (a .mjs that becomes CommonJS is renamed .cjs). */
  renamed(file: string): string;
  /** The export shape of a project file in the variant. */
  shapeOf(file: string): ExportShape | undefined;
}

/** The project's manifests as the scanner reads them, files rooted at /p/. */
export function workspaceOf(project: Project): Workspace {
  const rooted = new Map([...project].map(([file, text]) => [`/p/${file}`, text]));
  return new Workspace(new Map([...rooted].filter(([file]) => isManifest(file))), new Set(rooted.keys()));
}

const EXTENSIONS = ['', '.js', '.ts', '.mjs', '.cjs', '.mts', '.cts', '.jsx', '.tsx', '.json'];

/**
 * The project file a specifier names, if any: a relative one (TypeScript's `./x.js` → x.ts too), or a
 * bare one the project's manifests lead into the tree (a workspace package, a path alias), as the
 * scanner resolves it.
 */
export function resolveImport(project: Project, fromFile: string, specifier: string): string | undefined {
  if (!specifier.startsWith('./') && !specifier.startsWith('../')) return workspaceOf(project).resolve(specifier, `/p/${fromFile}`)?.slice(3);
  const base = path.posix.join(path.posix.dirname(fromFile), specifier);
  const candidates = [
    ...EXTENSIONS.map((extension) => base + extension),
    ...EXTENSIONS.slice(1).map((extension) => `${base}/index${extension}`),
    base.replace(/\.js$/, '.ts'),
    base.replace(/\.mjs$/, '.mts'),
    base.replace(/\.cjs$/, '.cts'),
  ];
  return candidates.find((candidate) => project.has(candidate));
}

/** The new extension a file needs when its extension fixes the module system (.mjs ↔ .cjs). */
export function renamedFor(file: string, direction: Direction): string {
  const swaps: Record<string, string> = direction === 'to-cjs' ? { '.mjs': '.cjs', '.mts': '.cts' } : { '.cjs': '.mjs', '.cts': '.mts' };
  const extension = path.posix.extname(file);
  return swaps[extension] ? file.slice(0, -extension.length) + swaps[extension] : file;
}

/** The export shape a file will have after conversion (or has, unconverted). */
export function exportShape(file: string, text: string, converted: Direction | undefined): ExportShape {
  const sourceFile = parse(file, text);
  const esmNow = sourceFile.statements.some((statement) => ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement) || ts.isExportAssignment(statement) || hasExport(statement));
  if (converted === 'to-cjs' || (!converted && !esmNow)) return { esm: false, hasDefault: true };
  if (converted === 'to-esm') {
    const whole = sourceFile.statements.some((statement) => {
      const assigned = exportsAssignment(statement);
      return assigned !== undefined && assigned.member === undefined && !ts.isObjectLiteralExpression(assigned.value);
    });
    return { esm: true, hasDefault: whole };
  }
  return { esm: true, hasDefault: sourceFile.statements.some((statement) => ts.isExportAssignment(statement) || hasModifier(statement, ts.SyntaxKind.DefaultKeyword)) };
}

export function convert(file: string, text: string, direction: Direction, context: ConvertContext): string | undefined {
  const converted = direction === 'to-esm' ? toEsm(file, text, context) : toCjs(file, text, context);
  return converted === undefined ? undefined : rewriteMeta(file, converted, direction);
}

function hasModifier(statement: ts.Statement, kind: ts.SyntaxKind): boolean {
  return ts.canHaveModifiers(statement) && (ts.getModifiers(statement) ?? []).some((modifier) => modifier.kind === kind);
}

function hasExport(statement: ts.Statement): boolean {
  return hasModifier(statement, ts.SyntaxKind.ExportKeyword);
}

/** `module.exports = v` (member undefined), `module.exports.x = v` / `exports.x = v` (member x). */
function exportsAssignment(statement: ts.Statement): { member?: string; value: ts.Expression } | undefined {
  if (!ts.isExpressionStatement(statement)) return undefined;
  const expression = statement.expression;
  if (!ts.isBinaryExpression(expression) || expression.operatorToken.kind !== ts.SyntaxKind.EqualsToken) return undefined;
  const left = expression.left.getText();
  if (left === 'module.exports') return { value: expression.right };
  const member = /^(?:module\.)?exports\.([\w$]+)$/.exec(left)?.[1];
  return member ? { member, value: expression.right } : undefined;
}

function topLevelNames(sourceFile: ts.SourceFile): Set<string> {
  const names = new Set<string>();
  for (const statement of sourceFile.statements) {
    if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        walk(declaration.name, (node) => {
          if (ts.isIdentifier(node)) names.add(node.text);
        });
      }
    } else if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) && statement.name) {
      names.add(statement.name.text);
    }
  }
  return names;
}

/** `'../constants'` → `'../constants.js'` for a JS importer (ESM needs the extension); renamed targets follow. */
function esmSpecifier(file: string, specifier: string, context: ConvertContext): string {
  const target = resolveImport(context.project, file, specifier);
  if (!target || !specifier.startsWith('.')) return specifier;
  const renamed = context.renamed(target);
  if (isTypeScript(file) && renamed === target) return specifier;
  if (/\.[cm]?[jt]sx?$|\.json$/.test(specifier) && renamed === target) return specifier;
  const relative = path.posix.relative(path.posix.dirname(context.renamed(file)), renamed);
  return relative.startsWith('.') ? relative : `./${relative}`;
}

function toEsm(file: string, text: string, context: ConvertContext): string | undefined {
  const sourceFile = parse(file, text);
  const declared = topLevelNames(sourceFile);
  const edits: Edit[] = [];
  for (const statement of sourceFile.statements) {
    if (ts.isImportEqualsDeclaration(statement)) return undefined;
    const start = statement.getStart(sourceFile);
    if (ts.isExpressionStatement(statement) && isRequireCall(statement.expression)) {
      const specifier = requiredSpecifier(statement.expression);
      if (specifier === undefined) return undefined;
      edits.push({ start, end: statement.end, text: `import '${esmSpecifier(file, specifier, context)}';` });
      continue;
    }
    if (ts.isVariableStatement(statement) && statement.declarationList.declarations.every((declaration) => requireOf(declaration.initializer))) {
      const lines: string[] = [];
      for (const declaration of statement.declarationList.declarations) {
        const line = importFor(file, declaration, context);
        if (line === undefined) return undefined;
        lines.push(line);
      }
      edits.push({ start, end: statement.end, text: lines.join('\n') });
      continue;
    }
    const assigned = exportsAssignment(statement);
    if (!assigned) continue;
    const value = assigned.value.getText(sourceFile);
    if (assigned.member !== undefined) {
      const name = assigned.member;
      if (ts.isIdentifier(assigned.value)) edits.push({ start, end: statement.end, text: `export { ${value === name ? name : `${value} as ${name}`} };` });
      else if (!declared.has(name)) edits.push({ start, end: statement.end, text: `export const ${name} = ${value};` });
      else return undefined;
      continue;
    }
    if (!ts.isObjectLiteralExpression(assigned.value)) {
      edits.push({ start, end: statement.end, text: `export default ${value};` });
      continue;
    }
    const consts: string[] = [];
    const exported: string[] = [];
    for (const property of assigned.value.properties) {
      if (ts.isShorthandPropertyAssignment(property)) exported.push(property.name.text);
      else if (ts.isPropertyAssignment(property) && ts.isIdentifier(property.name)) {
        const name = property.name.text;
        if (ts.isIdentifier(property.initializer)) exported.push(property.initializer.text === name ? name : `${property.initializer.text} as ${name}`);
        else if (!declared.has(name)) consts.push(`export const ${name} = ${property.initializer.getText(sourceFile)};`);
        else return undefined;
      } else return undefined;
    }
    const list = exported.join(', ');
    edits.push({ start, end: statement.end, text: [...consts, ...(list ? [`export { ${list} };`] : [])].join('\n') });
  }
  const out = applyEdits(text, edits);
  return leftoverCjs(parse(file, out)) ? undefined : out;
}

function requireOf(node: ts.Expression | undefined): ts.CallExpression | undefined {
  if (node && isRequireCall(node)) return node;
  if (node && ts.isPropertyAccessExpression(node) && isRequireCall(node.expression)) return node.expression;
  return undefined;
}

function requiredSpecifier(call: ts.CallExpression): string | undefined {
  const argument = call.arguments[0]!;
  return ts.isStringLiteral(argument) ? argument.text : undefined;
}

/** `const x = require('m')` → `import x from 'm'` (or `* as x` for an ESM module without a default). */
function importFor(file: string, declaration: ts.VariableDeclaration, context: ConvertContext): string | undefined {
  const call = requireOf(declaration.initializer)!;
  const specifier = requiredSpecifier(call);
  if (specifier === undefined) return undefined;
  const from = esmSpecifier(file, specifier, context);
  const json = specifier.endsWith('.json');
  const attributes = json ? " with { type: 'json' }" : '';
  const member = declaration.initializer !== call ? (declaration.initializer as ts.PropertyAccessExpression).name.text : undefined;
  const target = resolveImport(context.project, file, specifier);
  const shape = target ? context.shapeOf(target) : undefined;
  if (ts.isIdentifier(declaration.name)) {
    const name = declaration.name.text;
    if (member !== undefined) return json ? undefined : `import { ${member === name ? name : `${member} as ${name}`} } from '${from}';`;
    if (shape?.esm && !shape.hasDefault) return `import * as ${name} from '${from}';`;
    return `import ${name} from '${from}'${attributes};`;
  }
  if (!ts.isObjectBindingPattern(declaration.name) || member !== undefined || json) return undefined;
  if (shape?.esm && shape.hasDefault) return undefined;
  const names: string[] = [];
  for (const element of declaration.name.elements) {
    if (element.dotDotDotToken || element.initializer || !ts.isIdentifier(element.name)) return undefined;
    const property = element.propertyName;
    if (property && !ts.isIdentifier(property)) return undefined;
    names.push(property && property.text !== element.name.text ? `${property.text} as ${element.name.text}` : element.name.text);
  }
  return `import { ${names.join(', ')} } from '${from}';`;
}

/** A require call, or `module` / `exports` used as values, left after conversion. */
function leftoverCjs(sourceFile: ts.SourceFile): boolean {
  let found = false;
  walk(sourceFile, (node) => {
    if (!ts.isIdentifier(node) || !['require', 'module', 'exports'].includes(node.text)) return;
    const parent = node.parent;
    if ((ts.isPropertyAccessExpression(parent) && parent.name === node) || (ts.isPropertyAssignment(parent) && parent.name === node)) return;
    if (ts.isImportSpecifier(parent) || ts.isExportSpecifier(parent) || ts.isBindingElement(parent)) return;
    found = true;
  });
  return found;
}

function toCjs(file: string, text: string, context: ConvertContext): string | undefined {
  const sourceFile = parse(file, text);
  const edits: Edit[] = [];
  const exported: string[] = [];
  let hasDefault = false;
  for (const statement of sourceFile.statements) {
    const start = statement.getStart(sourceFile);
    if (ts.isImportDeclaration(statement)) {
      const clause = statement.importClause;
      if (clause?.isTypeOnly) continue;
      const specifier = (statement.moduleSpecifier as ts.StringLiteral).text;
      const lines = requiresFor(file, clause, specifier, context);
      if (lines === undefined) return undefined;
      edits.push({ start, end: statement.end, text: lines.join('\n') });
    } else if (ts.isExportDeclaration(statement)) {
      if (statement.isTypeOnly) continue;
      if (statement.moduleSpecifier || !statement.exportClause || !ts.isNamedExports(statement.exportClause)) return undefined;
      for (const element of statement.exportClause.elements) {
        if (element.isTypeOnly) continue;
        const local = (element.propertyName ?? element.name).getText(sourceFile);
        exported.push(element.propertyName ? `${element.name.getText(sourceFile)}: ${local}` : local);
      }
      edits.push({ start, end: statement.end, text: '' });
    } else if (ts.isExportAssignment(statement)) {
      if (statement.isExportEquals) return undefined;
      hasDefault = true;
      edits.push({ start, end: statement.end, text: `module.exports = ${statement.expression.getText(sourceFile)};` });
    } else if (hasExport(statement)) {
      if (ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement)) continue;
      const modifiers = ts.getModifiers(statement as ts.HasModifiers)!;
      const exportKeyword = modifiers.find((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword)!;
      const isDefault = modifiers.some((modifier) => modifier.kind === ts.SyntaxKind.DefaultKeyword);
      const names = declaredNames(statement);
      if (names === undefined || (isDefault && names.length !== 1)) return undefined;
      const last = isDefault ? modifiers.find((modifier) => modifier.kind === ts.SyntaxKind.DefaultKeyword)! : exportKeyword;
      edits.push({ start: exportKeyword.getStart(sourceFile), end: last.end + 1, text: '' });
      if (isDefault) {
        hasDefault = true;
        edits.push({ start: statement.end, end: statement.end, text: `\nmodule.exports = ${names[0]};` });
      } else exported.push(...names);
    }
  }
  if (hasDefault && exported.length > 0) return undefined;
  if (exported.length > 0) edits.push({ start: text.trimEnd().length, end: text.trimEnd().length, text: `\n\nmodule.exports = { ${exported.join(', ')} };` });
  const out = applyEdits(text, edits);
  return leftoverEsm(parse(file, out)) ? undefined : out;
}

/** Names an exported declaration binds; undefined for `export let`/`var` (a live binding CommonJS cannot copy). */
function declaredNames(statement: ts.Statement): string[] | undefined {
  if (ts.isVariableStatement(statement)) {
    if (!(statement.declarationList.flags & ts.NodeFlags.Const)) return undefined;
    const names = statement.declarationList.declarations.map((declaration) => (ts.isIdentifier(declaration.name) ? declaration.name.text : undefined));
    return names.every((name) => name !== undefined) ? (names as string[]) : undefined;
  }
  if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement) || ts.isEnumDeclaration(statement)) && statement.name) return [statement.name.text];
  return undefined;
}

/** `import x, { a, b as c } from 'm'` → `const x = require('m')` (`.default` for an ESM module with one), `const { a, b: c } = require('m')`. */
function requiresFor(file: string, clause: ts.ImportClause | undefined, specifier: string, context: ConvertContext): string[] | undefined {
  const target = resolveImport(context.project, file, specifier);
  const renamed = target ? context.renamed(target) : undefined;
  const from = target && renamed !== target && specifier.startsWith('.') ? specifier.slice(0, -path.posix.extname(target).length) + path.posix.extname(renamed!) : specifier;
  const required = `require('${from}')`;
  if (!clause) return [`${required};`];
  const lines: string[] = [];
  if (clause.name) {
    const shape = target ? context.shapeOf(target) : undefined;
    if (shape?.esm && !shape.hasDefault) return undefined;
    lines.push(`const ${clause.name.text} = ${required}${shape?.esm ? '.default' : ''};`);
  }
  const bindings = clause.namedBindings;
  if (bindings && ts.isNamespaceImport(bindings)) lines.push(`const ${bindings.name.text} = ${required};`);
  if (bindings && ts.isNamedImports(bindings)) {
    const names = bindings.elements.filter((element) => !element.isTypeOnly).map((element) => (element.propertyName ? `${element.propertyName.getText()}: ${element.name.text}` : element.name.text));
    if (names.length > 0) lines.push(`const { ${names.join(', ')} } = ${required};`);
  }
  return lines;
}

function leftoverEsm(sourceFile: ts.SourceFile): boolean {
  let found = false;
  for (const statement of sourceFile.statements) {
    if (ts.isImportDeclaration(statement) && !statement.importClause?.isTypeOnly) found = true;
    if (ts.isExportDeclaration(statement) && !statement.isTypeOnly) found = true;
    if (ts.isExportAssignment(statement)) found = true;
    if (hasExport(statement) && !ts.isInterfaceDeclaration(statement) && !ts.isTypeAliasDeclaration(statement)) found = true;
  }
  walk(sourceFile, (node) => {
    if (ts.isAwaitExpression(node) && !ts.findAncestor(node, ts.isFunctionLike)) found = true;
  });
  return found;
}

/** `__dirname` ↔ `import.meta.dirname` (and filename; `import.meta.url` from `__filename`). */
function rewriteMeta(file: string, text: string, direction: Direction): string | undefined {
  const sourceFile = parse(file, text);
  const edits: Edit[] = [];
  let stuck = false;
  walk(sourceFile, (node) => {
    if (direction === 'to-esm' && ts.isIdentifier(node) && (node.text === '__dirname' || node.text === '__filename')) {
      const parent = node.parent;
      if ((ts.isPropertyAccessExpression(parent) && parent.name === node) || (ts.isPropertyAssignment(parent) && parent.name === node)) return;
      edits.push({ start: node.getStart(sourceFile), end: node.end, text: node.text === '__dirname' ? 'import.meta.dirname' : 'import.meta.filename' });
    }
    if (direction === 'to-cjs' && ts.isPropertyAccessExpression(node) && ts.isMetaProperty(node.expression) && node.expression.keywordToken === ts.SyntaxKind.ImportKeyword) {
      const replacement = { dirname: '__dirname', filename: '__filename', url: "require('url').pathToFileURL(__filename).href" }[node.name.text];
      if (replacement === undefined) stuck = true;
      else edits.push({ start: node.getStart(sourceFile), end: node.end, text: replacement });
    }
  });
  return stuck ? undefined : applyEdits(text, edits);
}
