// Text-in, text-out helpers the rewrites share: parse with the TypeScript compiler API, find where a
// declaration may go, pick names and module specifiers that fit the file, and apply text edits.
import path from 'node:path';
import { ts } from 'ts-morph';
import type { HostLiteral, Project } from './types.ts';

export interface Edit {
  start: number;
  end: number;
  text: string;
}

export type ModuleStyle = 'esm' | 'cjs';

const CODE = /\.(?:[cm]?[jt]s|[jt]sx)$/;

export function isCode(file: string): boolean {
  return CODE.test(file) && !file.endsWith('.d.ts');
}

export function isTypeScript(file: string): boolean {
  return /\.(?:[cm]?ts|tsx)$/.test(file);
}

function scriptKind(file: string): ts.ScriptKind {
  if (file.endsWith('.tsx')) return ts.ScriptKind.TSX;
  if (file.endsWith('.jsx')) return ts.ScriptKind.JSX;
  return isTypeScript(file) ? ts.ScriptKind.TS : ts.ScriptKind.JS;
}

export function parse(file: string, text: string): ts.SourceFile {
  return ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, scriptKind(file));
}

/** Syntax errors of a file, as `file:line message` (the parser's own diagnostics, no type check). */
export function syntaxErrors(file: string, text: string): string[] {
  const sourceFile = parse(file, text);
  // parseDiagnostics is internal to the compiler but is exactly "did this parse".
  const diagnostics = (sourceFile as unknown as { parseDiagnostics: ts.Diagnostic[] }).parseDiagnostics;
  return diagnostics.map((item) => `${file}:${lineOf(sourceFile, item.start ?? 0)} ${ts.flattenDiagnosticMessageText(item.messageText, ' ')}`);
}

/** 1-based line of an offset. */
export function lineOf(sourceFile: ts.SourceFile, offset: number): number {
  return sourceFile.getLineAndCharacterOfPosition(offset).line + 1;
}

/** Offset of a 1-based line and column. */
export function offsetOf(sourceFile: ts.SourceFile, line: number, column: number): number {
  return sourceFile.getPositionOfLineAndCharacter(line - 1, column - 1);
}

/** Applies non-overlapping edits; throws on overlap, which is a generator bug. */
export function applyEdits(text: string, edits: readonly Edit[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  let limit = Infinity;
  for (const edit of sorted) {
    if (edit.end > limit) throw new Error(`overlapping edits at ${edit.start}..${edit.end}`);
    out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
    limit = edit.start;
  }
  return out;
}

export function withFiles(project: Project, changes: Record<string, string>, deleted: readonly string[] = []): Project {
  const out = new Map(project);
  for (const file of deleted) out.delete(file);
  for (const [file, text] of Object.entries(changes)) out.set(file, text);
  return out;
}

export function hasEsmSyntax(sourceFile: ts.SourceFile): boolean {
  return sourceFile.statements.some(
    (statement) =>
      ts.isImportDeclaration(statement) ||
      ts.isExportDeclaration(statement) ||
      ts.isExportAssignment(statement) ||
      (ts.canHaveModifiers(statement) && (ts.getModifiers(statement) ?? []).some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword)),
  );
}

function hasCjsSyntax(text: string): boolean {
  return /\brequire\s*\(|\bmodule\.exports\b|\bexports\.[\w$]/.test(text);
}

/** Whether a file is written with import/export or with require/module.exports. */
export function moduleStyle(project: Project, file: string): ModuleStyle {
  const text = project.get(file) ?? '';
  if (hasEsmSyntax(parse(file, text))) return 'esm';
  if (hasCjsSyntax(text)) return 'cjs';
  if (/\.c[jt]s$/.test(file)) return 'cjs';
  if (isTypeScript(file) || file.endsWith('.mjs')) return 'esm';
  let esm = 0;
  let cjs = 0;
  for (const [other, otherText] of project) {
    if (other === file || !isCode(other)) continue;
    if (hasEsmSyntax(parse(other, otherText))) esm++;
    else if (hasCjsSyntax(otherText)) cjs++;
  }
  return cjs > esm ? 'cjs' : 'esm';
}

/** The relative module specifiers a file names (import, export … from, require, dynamic import). */
export function relativeSpecifiers(sourceFile: ts.SourceFile): ts.StringLiteral[] {
  const out: ts.StringLiteral[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      out.push(node.moduleSpecifier);
    } else if (ts.isCallExpression(node) && node.arguments.length === 1 && ts.isStringLiteral(node.arguments[0]!)) {
      const callee = node.expression;
      if ((ts.isIdentifier(callee) && callee.text === 'require') || callee.kind === ts.SyntaxKind.ImportKeyword) out.push(node.arguments[0] as ts.StringLiteral);
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return out.filter((literal) => literal.text.startsWith('./') || literal.text.startsWith('../'));
}

/**
 * How a file spells relative specifiers: with the target's extension (`./x.js`, or `./x.ts` when the
 * file already writes `.ts`), or without one. Files that name none follow Node: ESM needs the
 * extension, CommonJS does not.
 */
export function specifierStyle(project: Project, file: string): 'none' | 'js' | 'ts' {
  if (/\.[cm][jt]s$/.test(file)) return 'js';
  const specifiers = relativeSpecifiers(parse(file, project.get(file) ?? '')).map((literal) => literal.text);
  if (specifiers.some((specifier) => /\.[cm]?ts$/.test(specifier))) return 'ts';
  if (specifiers.some((specifier) => /\.[cm]?jsx?$/.test(specifier))) return 'js';
  if (specifiers.length > 0) return 'none';
  return moduleStyle(project, file) === 'esm' ? 'js' : 'none';
}

/** `./wu-host.js`, `../lib/x`, `./net/index.ts`: from `fromFile` to `toFile` in the given style. */
export function specifierFor(fromFile: string, toFile: string, style: 'none' | 'js' | 'ts'): string {
  let target = toFile;
  if (style === 'none') target = toFile.replace(/\.[cm]?[jt]sx?$/, '');
  else if (style === 'js') target = toFile.replace(/\.ts$/, '.js').replace(/\.mts$/, '.mjs').replace(/\.cts$/, '.cjs').replace(/\.tsx$/, '.jsx');
  const relative = path.posix.relative(path.posix.dirname(fromFile), target);
  return relative.startsWith('.') ? relative : `./${relative}`;
}

/** `import { A, B } from './x.js';` or `const { A, B } = require('./x');` */
export function importStatement(style: ModuleStyle, names: readonly string[], specifier: string): string {
  return style === 'esm' ? `import { ${names.join(', ')} } from '${specifier}';` : `const { ${names.join(', ')} } = require('${specifier}');`;
}

/** `export const A = …;` or `exports.A = …;` */
export function exportConst(style: ModuleStyle, name: string, expression: string): string {
  return style === 'esm' ? `export const ${name} = ${expression};` : `exports.${name} = ${expression};`;
}

function isRequireStatement(statement: ts.Statement): boolean {
  if (ts.isExpressionStatement(statement)) return isRequireCall(statement.expression);
  if (!ts.isVariableStatement(statement)) return false;
  return statement.declarationList.declarations.every((declaration) => {
    let init = declaration.initializer;
    while (init && (ts.isPropertyAccessExpression(init) || ts.isCallExpression(init)) && !isRequireCall(init)) init = init.expression;
    return init !== undefined && isRequireCall(init);
  });
}

export function isRequireCall(node: ts.Node): node is ts.CallExpression {
  return ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'require' && node.arguments.length === 1;
}

/**
 * Where a rewrite puts new top-level code: after the leading directives, imports and requires (so
 * the declarations exist before any code runs), or before the first statement when there are none.
 * Never between a `wechat-unpin-ignore-next-line` comment and the line it covers.
 */
export function insertTopLevel(sourceFile: ts.SourceFile, code: string): Edit {
  const text = sourceFile.text;
  let last: ts.Statement | undefined;
  for (const statement of sourceFile.statements) {
    const directive = ts.isExpressionStatement(statement) && ts.isStringLiteral(statement.expression);
    if (directive || ts.isImportDeclaration(statement) || ts.isImportEqualsDeclaration(statement) || isRequireStatement(statement)) last = statement;
    else break;
  }
  if (last) return { start: last.end, end: last.end, text: `\n${code}` };
  const first = sourceFile.statements[0];
  if (!first) return { start: text.length, end: text.length, text: `${text.length > 0 && !text.endsWith('\n') ? '\n' : ''}${code}\n` };
  let start = first.getStart(sourceFile);
  const comments = ts.getLeadingCommentRanges(text, first.pos) ?? [];
  const suppression = comments.find((range) => text.slice(range.pos, range.end).includes('wechat-unpin-ignore-next-line'));
  if (suppression) start = suppression.pos;
  start = text.lastIndexOf('\n', start - 1) + 1;
  if (start === 0 && text.startsWith('\uFEFF')) start = 1;
  return { start, end: start, text: `${code}\n` };
}

/** The top-level statement that holds a node. */
export function topLevelStatement(node: ts.Node): ts.Statement {
  let current = node;
  while (current.parent && !ts.isSourceFile(current.parent)) current = current.parent;
  return current as ts.Statement;
}

/** `base`, or `base2`, `base3`, … : a name no file of the project uses yet. */
export function uniqueName(project: Project, base: string): string {
  const texts = [...project.values()];
  for (let n = 1; ; n++) {
    const name = n === 1 ? base : `${base}${n}`;
    const pattern = new RegExp(`(?<![\\w$])${name.replace(/\$/g, '\\$')}(?![\\w$])`);
    if (!texts.some((text) => pattern.test(text))) return name;
  }
}

/** A path next to `file` that no file of the project has: `src/wu-host.js`, `src/wu-host2.js`, … */
export function uniquePath(project: Project, file: string, base: string, extension = path.posix.extname(file)): string {
  const dir = path.posix.dirname(file);
  for (let n = 1; ; n++) {
    const candidate = path.posix.join(dir, `${n === 1 ? base : `${base}${n}`}${extension}`);
    if (![...project.keys()].some((other) => other === candidate || other.startsWith(`${candidate.replace(/\.[^.]+$/, '')}/`))) return candidate;
  }
}

/** Replaces the literal's value with an expression: `X` for a whole string, `${X}` inside a template. */
export function replaceValue(literal: HostLiteral, expression: string): Edit {
  return { start: literal.valueStart, end: literal.valueEnd, text: literal.syntax === 'string' ? expression : `\${${expression}}` };
}

export function quote(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** The text of a JS string literal's value (the literal is one of ours or a simple one). */
export function unquote(literal: string): string {
  const node = parse('x.ts', `(${literal})`).statements[0] as ts.ExpressionStatement;
  const inner = (node.expression as ts.ParenthesizedExpression).expression;
  if (ts.isStringLiteral(inner) || ts.isNoSubstitutionTemplateLiteral(inner)) return inner.text;
  throw new Error(`not a string literal: ${literal}`);
}

/** The literal's value expression with its host swapped (what a write generator writes). */
export function swapHost(literal: HostLiteral, host: string): string {
  return literal.value.split(literal.host).join(host);
}

/** Every node of a file, depth first. */
export function walk(node: ts.Node, visit: (node: ts.Node) => void): void {
  visit(node);
  ts.forEachChild(node, (child) => walk(child, visit));
}

/** The literal's node in a fresh parse of its file. */
export function literalNode(project: Project, literal: HostLiteral): { sourceFile: ts.SourceFile; node: ts.Node } {
  const sourceFile = parse(literal.file, project.get(literal.file)!);
  let found: ts.Node | undefined;
  walk(sourceFile, (node) => {
    if (!found && node.getStart(sourceFile) === literal.start && node.end === literal.end) found = node;
  });
  if (!found) throw new Error(`${literal.file}: no node at ${literal.start}..${literal.end}`);
  return { sourceFile, node: found };
}
