// TypeScript's parameter properties spelled out: `constructor(private readonly opts: O)` becomes a field
// declaration, a plain parameter and `this.opts = opts;` at the top of the constructor (after `super()`).
// The program is the same; the constructor's body now reads the parameter, the methods the field.
import { ts } from 'ts-morph';
import { applyEdits, isTypeScript, parse, syntaxErrors, withFiles, type Edit } from '../source.ts';
import type { Example, Project, RewriteContext, RewriteMeta, Variant } from '../types.ts';

export const meta: RewriteMeta = {
  id: 'parameter-property',
  description: 'spell out constructor parameter properties as a field, a parameter and an assignment',
  kind: 'preserving',
};

export function generate(project: Project, _context: RewriteContext): Variant[] | 'not-applicable' {
  const variants: Variant[] = [];
  for (const [file, text] of project) {
    if (!isTypeScript(file)) continue;
    const rewritten = spellOut(file, text);
    if (rewritten === undefined || rewritten === text || syntaxErrors(file, rewritten).length > 0) continue;
    variants.push({ name: file, files: withFiles(project, { [file]: rewritten }) });
  }
  return variants.length > 0 ? variants : 'not-applicable';
}

function spellOut(file: string, text: string): string | undefined {
  const sourceFile = parse(file, text);
  const edits: Edit[] = [];
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const visit = (node: ts.Node): void => {
    if (ts.isConstructorDeclaration(node) && node.body) {
      const properties = node.parameters.filter((parameter) => ts.isParameterPropertyDeclaration(parameter, node) && ts.isIdentifier(parameter.name));
      if (properties.length > 0) edits.push(...editsFor(sourceFile, text, node, properties, eol));
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return edits.length > 0 ? applyEdits(text, edits) : undefined;
}

function editsFor(sourceFile: ts.SourceFile, text: string, constructor: ts.ConstructorDeclaration, properties: ts.ParameterDeclaration[], eol: string): Edit[] {
  const indent = /[ \t]*$/.exec(text.slice(0, constructor.getStart(sourceFile)))![0];
  const inner = `${indent}  `;
  const edits: Edit[] = [];
  const fields: string[] = [];
  const assignments: string[] = [];
  for (const parameter of properties) {
    const modifiers = ts.getModifiers(parameter) ?? [];
    const name = (parameter.name as ts.Identifier).text;
    const type = parameter.type ? `: ${parameter.type.getText(sourceFile)}` : '';
    fields.push(`${modifiers.map((modifier) => modifier.getText(sourceFile)).join(' ')} ${name}${parameter.questionToken ? '?' : ''}${type};`);
    assignments.push(`this.${name} = ${name};`);
    // The modifiers go from the parameter (with the space after the last one).
    const first = modifiers[0]!;
    const last = modifiers[modifiers.length - 1]!;
    edits.push({ start: first.getStart(sourceFile), end: last.getEnd() + (text[last.getEnd()] === ' ' ? 1 : 0), text: '' });
  }
  edits.push({ start: constructor.getStart(sourceFile), end: constructor.getStart(sourceFile), text: fields.map((field) => `${field}${eol}${indent}`).join('') });
  const body = constructor.body!;
  const superCall = body.statements.find(
    (statement) => ts.isExpressionStatement(statement) && ts.isCallExpression(statement.expression) && statement.expression.expression.kind === ts.SyntaxKind.SuperKeyword,
  );
  const at = superCall ? superCall.getEnd() : body.getStart(sourceFile) + 1;
  edits.push({ start: at, end: at, text: assignments.map((assignment) => `${eol}${inner}${assignment}`).join('') });
  return edits;
}

export const examples: Example[] = [
  {
    name: 'a client whose options are a parameter property',
    files: {
      'src/client.ts': [
        "import https from 'node:https';",
        "import { readFileSync } from 'node:fs';",
        '',
        'export class WxClient {',
        '  constructor(private readonly opts: { base: string }) {',
        "    this.agent = new https.Agent({ ca: readFileSync('wx.pem') });",
        '  }',
        '  agent: https.Agent;',
        '  token() {',
        "    return https.get(`${this.opts.base}/cgi-bin/token`, { agent: this.agent });",
        '  }',
        '}',
        '',
        "new WxClient({ base: 'https://api.weixin.qq.com' }).token();",
        '',
      ].join('\n'),
    },
    findings: [{ file: 'src/client.ts', line: 6, evidence: [] }],
    expected: [
      {
        name: 'src/client.ts',
        files: {
          'src/client.ts': [
            "import https from 'node:https';",
            "import { readFileSync } from 'node:fs';",
            '',
            'export class WxClient {',
            '  private readonly opts: { base: string };',
            '  constructor(opts: { base: string }) {',
            '    this.opts = opts;',
            "    this.agent = new https.Agent({ ca: readFileSync('wx.pem') });",
            '  }',
            '  agent: https.Agent;',
            '  token() {',
            "    return https.get(`${this.opts.base}/cgi-bin/token`, { agent: this.agent });",
            '  }',
            '}',
            '',
            "new WxClient({ base: 'https://api.weixin.qq.com' }).token();",
            '',
          ].join('\n'),
        },
      },
    ],
  },
  {
    name: 'after super(), two of them',
    files: {
      'src/pay.ts': [
        'class Base {}',
        'export class Pay extends Base {',
        '  constructor(public host: string, protected timeout?: number) {',
        '    super();',
        '  }',
        '}',
        '',
      ].join('\n'),
    },
    findings: [],
    expected: [
      {
        name: 'src/pay.ts',
        files: {
          'src/pay.ts': [
            'class Base {}',
            'export class Pay extends Base {',
            '  public host: string;',
            '  protected timeout?: number;',
            '  constructor(host: string, timeout?: number) {',
            '    super();',
            '    this.host = host;',
            '    this.timeout = timeout;',
            '  }',
            '}',
            '',
          ].join('\n'),
        },
      },
    ],
  },
];
