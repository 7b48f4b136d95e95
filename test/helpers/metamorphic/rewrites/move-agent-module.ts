// The agent or client that carries the pin (`new https.Agent({ ca })`, `axios.create({ … })`, …) moves
// into a module of its own and is imported back. The imports it uses are copied; module-level
// declarations only it uses (`const ca = fs.readFileSync(…)`) move with it. Not applicable when it is
// made inside a function (moving it would share one instance), uses `this`, or uses a declaration
// that other code of the file uses too.
import { ts } from 'ts-morph';
import { applyEdits, exportConst, importStatement, insertTopLevel, isCode, isRequireCall, isTypeScript, lineOf, moduleStyle, offsetOf, specifierFor, specifierStyle, topLevelStatement, uniqueName, uniquePath, walk, withFiles, type Edit } from '../source.ts';
import { creationAt } from '../creation.ts';
import { CJS_FILES, CJS_FINDINGS, TS_FILES, TS_FINDINGS } from '../tiny.ts';
import type { Example, Project, RewriteContext, RewriteMeta, Variant } from '../types.ts';

export const meta: RewriteMeta = {
  id: 'move-agent-module',
  description: 'move the agent/client creation that carries the pin into a new module and import it',
  kind: 'preserving',
};

export function generate(project: Project, context: RewriteContext): Variant[] | 'not-applicable' {
  const variants: Variant[] = [];
  const done = new Set<string>();
  for (const finding of context.findings) {
    const text = project.get(finding.file);
    // A finding in a deployment file (.env, Dockerfile) has no creation to move; a suppressed one's
    // comment (a line above, or the file's header) does not move with it.
    if (text === undefined || !isCode(finding.file) || finding.status === 'suppressed') continue;
    const program = ts.createProgram({
      rootNames: [finding.file],
      options: { allowJs: true, noLib: true, noResolve: true, types: [], target: ts.ScriptTarget.ESNext },
      host: singleFileHost(finding.file, text),
    });
    const sourceFile = program.getSourceFile(finding.file)!;
    const creation = creationAt(sourceFile, offsetOf(sourceFile, finding.line, finding.column));
    if (!creation || done.has(`${finding.file}:${creation.pos}`)) continue;
    done.add(`${finding.file}:${creation.pos}`);
    const variant = moveCreation(project, sourceFile, creation, program.getTypeChecker());
    if (variant) variants.push(variant);
  }
  return variants.length > 0 ? variants : 'not-applicable';
}

function moveCreation(project: Project, sourceFile: ts.SourceFile, creation: ts.Expression, checker: ts.TypeChecker): Variant | undefined {
  if (ts.findAncestor(creation, (node) => ts.isFunctionLike(node) || (ts.isPropertyDeclaration(node) && !(ts.getModifiers(node) ?? []).some((modifier) => modifier.kind === ts.SyntaxKind.StaticKeyword)))) return undefined;
  const file = sourceFile.fileName;
  const imports: string[] = [];
  const moved: ts.Statement[] = [];
  const visited = new Set<ts.Node>();
  const ranges: ts.Node[] = [creation];
  const need = (root: ts.Node): boolean => {
    let ok = true;
    walk(root, (node) => {
      if (node.kind === ts.SyntaxKind.ThisKeyword) ok = false;
      if (!ok || !ts.isIdentifier(node) || !isReference(node)) return;
      const symbol = ts.isShorthandPropertyAssignment(node.parent) ? checker.getShorthandAssignmentValueSymbol(node.parent) : checker.getSymbolAtLocation(node);
      const declaration = symbol?.declarations?.[0];
      if (!declaration || declaration.getSourceFile() !== sourceFile || ranges.some((range) => declaration.pos >= range.pos && declaration.end <= range.end)) return;
      if (visited.has(declaration)) return;
      visited.add(declaration);
      const statement = topLevelStatement(declaration);
      const copied = importText(statement, declaration, node.text);
      if (copied) imports.push(copied);
      else if (ts.isVariableStatement(statement) && statement.declarationList.declarations.length === 1 && ts.isIdentifier(statement.declarationList.declarations[0]!.name) && usedOnlyIn(sourceFile, checker, symbol!, [...ranges, statement])) {
        moved.push(statement);
        ranges.push(statement);
        ok = need(statement.declarationList.declarations[0]!.initializer ?? statement);
      } else ok = false;
    });
    return ok;
  };
  if (!need(creation)) return undefined;
  const style = moduleStyle(project, file);
  const name = uniqueName(project, 'wuAgent');
  const moduleFile = uniquePath(project, file, 'wu-agent');
  const body = [...moved].sort((a, b) => a.pos - b.pos).map((statement) => statement.getText(sourceFile));
  const sections = [[...new Set(imports)].join('\n'), body.join('\n'), exportConst(style, name, creation.getText(sourceFile))];
  const moduleText = `${sections.filter((section) => section !== '').join('\n\n')}\n`;
  const top = insertTopLevel(sourceFile, importStatement(style, [name], specifierFor(file, moduleFile, specifierStyle(project, file))));
  if (top.start > creation.getStart(sourceFile)) return undefined;
  const text = sourceFile.text;
  const edits: Edit[] = [top, { start: creation.getStart(sourceFile), end: creation.end, text: name }];
  for (const statement of moved) {
    const start = text.lastIndexOf('\n', statement.getStart(sourceFile) - 1) + 1;
    const newline = text.indexOf('\n', statement.end);
    let end = newline < 0 ? text.length : newline + 1;
    // Between two blank lines: take one of them too.
    if (text[end] === '\n' && text.slice(start - 2, start) === '\n\n') end++;
    edits.push({ start, end, text: '' });
  }
  return {
    name: `${file}:${lineOf(sourceFile, creation.getStart(sourceFile))} → ${moduleFile}`,
    files: withFiles(project, { [file]: applyEdits(text, edits), [moduleFile]: moduleText }),
    moved: [{ file, fromLine: lineOf(sourceFile, creation.getStart(sourceFile)), toLine: lineOf(sourceFile, creation.end), to: moduleFile }],
  };
}

function isReference(node: ts.Identifier): boolean {
  const parent = node.parent;
  if (ts.isPropertyAccessExpression(parent) && parent.name === node) return false;
  if ((ts.isPropertyAssignment(parent) || ts.isMethodDeclaration(parent) || ts.isPropertyDeclaration(parent)) && parent.name === node) return false;
  if (ts.isParameter(parent) || ts.isTypeReferenceNode(parent)) return false;
  return true;
}

/** An import binding as a statement of its own: `import { a as b } from 'm';`, `const { a } = require('m');`. */
function importText(statement: ts.Statement, declaration: ts.Declaration, local: string): string | undefined {
  if (ts.isImportDeclaration(statement)) {
    const from = statement.moduleSpecifier.getText();
    if (ts.isImportClause(declaration)) return `import ${local} from ${from};`;
    if (ts.isNamespaceImport(declaration)) return `import * as ${local} from ${from};`;
    if (ts.isImportSpecifier(declaration)) return `import { ${declaration.getText()} } from ${from};`;
    return undefined;
  }
  if (!ts.isVariableStatement(statement)) return undefined;
  const variable = ts.isBindingElement(declaration) ? ts.findAncestor(declaration, ts.isVariableDeclaration) : declaration;
  if (!variable || !ts.isVariableDeclaration(variable) || !variable.initializer) return undefined;
  let init: ts.Expression = variable.initializer;
  while (ts.isPropertyAccessExpression(init)) init = init.expression;
  if (!isRequireCall(init)) return undefined;
  const binding = ts.isBindingElement(declaration) ? `{ ${declaration.getText()} }` : local;
  return `const ${binding} = ${variable.initializer.getText()};`;
}

/** Whether every reference to the symbol in the file lies inside one of the ranges. */
function usedOnlyIn(sourceFile: ts.SourceFile, checker: ts.TypeChecker, symbol: ts.Symbol, ranges: readonly ts.Node[]): boolean {
  let ok = true;
  walk(sourceFile, (node) => {
    if (!ok || !ts.isIdentifier(node) || node.text !== symbol.name) return;
    const found = ts.isShorthandPropertyAssignment(node.parent) ? checker.getShorthandAssignmentValueSymbol(node.parent) : checker.getSymbolAtLocation(node);
    if (found === symbol && !ranges.some((range) => node.pos >= range.pos && node.end <= range.end)) ok = false;
  });
  return ok;
}

function singleFileHost(file: string, text: string): ts.CompilerHost {
  const sourceFile = ts.createSourceFile(file, text, ts.ScriptTarget.ESNext, true, isTypeScript(file) ? ts.ScriptKind.TS : ts.ScriptKind.JS);
  return {
    getSourceFile: (name) => (name === file ? sourceFile : undefined),
    getDefaultLibFileName: () => 'lib.d.ts',
    writeFile: () => undefined,
    getCurrentDirectory: () => '/',
    getCanonicalFileName: (name) => name,
    useCaseSensitiveFileNames: () => true,
    getNewLine: () => '\n',
    fileExists: (name) => name === file,
    readFile: (name) => (name === file ? text : undefined),
  };
}

export const examples: Example[] = [
  {
    name: 'CommonJS: an https.Agent',
    files: CJS_FILES,
    findings: CJS_FINDINGS,
    expected: [
      {
        name: 'src/client.js:4 → src/wu-agent.js',
        files: {
          'src/client.js': [
            "const https = require('https');",
            "const fs = require('fs');",
            "const { wuAgent } = require('./wu-agent');",
            '',
            'const agent = wuAgent;',
            '',
            "exports.token = () => https.get('https://api.weixin.qq.com/cgi-bin/token', { agent });",
            '',
          ].join('\n'),
          'src/wu-agent.js': [
            "const https = require('https');",
            "const fs = require('fs');",
            '',
            "exports.wuAgent = new https.Agent({ ca: fs.readFileSync('wx.pem') });",
            '',
          ].join('\n'),
        },
      },
    ],
  },
  {
    name: 'TypeScript ESM: an Agent from a named import',
    files: TS_FILES,
    findings: TS_FINDINGS,
    expected: [
      {
        name: 'src/client.ts:5 → src/wu-agent.ts',
        files: {
          'src/client.ts': [
            "import { Agent, get } from 'node:https';",
            "import { readFileSync } from 'node:fs';",
            "import { WX_BASE } from './config.js';",
            "import { wuAgent } from './wu-agent.js';",
            '',
            'const agent = wuAgent;',
            '',
            'export const token = (appid: string) => get(`${WX_BASE}/cgi-bin/token?appid=${appid}`, { agent });',
            '',
          ].join('\n'),
          'src/wu-agent.ts': [
            "import { Agent } from 'node:https';",
            "import { readFileSync } from 'node:fs';",
            '',
            "export const wuAgent = new Agent({ ca: readFileSync('wx.pem') });",
            '',
          ].join('\n'),
        },
      },
    ],
  },
  {
    name: 'a CA binding used only by the agent moves with it; axios.create',
    files: {
      'src/http.js': [
        "import axios from 'axios';",
        "import https from 'node:https';",
        "import { readFileSync } from 'node:fs';",
        '',
        "const ca = readFileSync('certs/wx.pem');",
        '',
        'export const wx = axios.create({',
        "  baseURL: 'https://api.weixin.qq.com',",
        '  httpsAgent: new https.Agent({ ca }),',
        '});',
        '',
      ].join('\n'),
    },
    findings: [{ file: 'src/http.js', line: 9, column: 33, evidence: [{ file: 'src/http.js', line: 8, note: 'host api.weixin.qq.com' }] }],
    expected: [
      {
        name: 'src/http.js:9 → src/wu-agent.js',
        files: {
          'src/http.js': [
            "import axios from 'axios';",
            "import https from 'node:https';",
            "import { readFileSync } from 'node:fs';",
            "import { wuAgent } from './wu-agent.js';",
            '',
            'export const wx = axios.create({',
            "  baseURL: 'https://api.weixin.qq.com',",
            '  httpsAgent: wuAgent,',
            '});',
            '',
          ].join('\n'),
          'src/wu-agent.js': [
            "import https from 'node:https';",
            "import { readFileSync } from 'node:fs';",
            '',
            "const ca = readFileSync('certs/wx.pem');",
            '',
            'export const wuAgent = new https.Agent({ ca });',
            '',
          ].join('\n'),
        },
      },
    ],
  },
  {
    name: 'an agent made inside a function stays',
    files: { 'a.js': "const https = require('https');\nfunction make(ca) {\n  return new https.Agent({ ca });\n}\nmodule.exports = make;\n" },
    findings: [{ file: 'a.js', line: 3, column: 28, evidence: [] }],
    expected: 'not-applicable',
  },
];
