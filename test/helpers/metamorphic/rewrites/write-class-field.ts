// A method writes the class field that holds the host: `useStaging() { this.base = 'https://staging…'; }`.
// A field initialised with the literal is reused (its `readonly` dropped); otherwise the literal moves
// into the field of a new class whose instance is read instead.
import { ts } from 'ts-morph';
import { perLiteral, writeTargets } from '../literal.ts';
import { literalNode, uniqueName } from '../source.ts';
import { CJS_FILES, CJS_FINDINGS } from '../tiny.ts';
import type { Edit } from '../source.ts';
import type { Example, HostLiteral, Project, RewriteContext, RewriteMeta, Variant } from '../types.ts';

export const meta: RewriteMeta = {
  id: 'write-class-field',
  description: 'write another URL to the class field that holds the host from a method of the class',
  kind: 'adds-other-write',
};

export function generate(project: Project, context: RewriteContext): Variant[] | 'not-applicable' {
  return perLiteral(project, writeTargets(context), (literal) => {
    const written = context.writeValue(literal);
    const field = fieldOf(project, literal);
    if (field) return { name: `(${field.label})`, expression: literal.value, edits: field.edits(written) };
    const className = uniqueName(project, 'WuEndpoint');
    const instance = uniqueName(project, 'wuEndpoint');
    return {
      expression: `${instance}.url`,
      top: `class ${className} {\n  url = ${literal.value};\n  useStaging() {\n    this.url = ${written};\n  }\n}\nconst ${instance} = new ${className}();`,
    };
  });
}

/** A class field `[static] [readonly] name = L`: edits that add a method writing it. */
function fieldOf(project: Project, literal: HostLiteral): { label: string; edits: (written: string) => Edit[] } | undefined {
  if (literal.syntax !== 'string') return undefined;
  const { sourceFile, node } = literalNode(project, literal);
  const field = node.parent;
  if (!ts.isPropertyDeclaration(field) || field.initializer !== node || !ts.isClassLike(field.parent)) return undefined;
  const name = field.name;
  if (!ts.isIdentifier(name) && !ts.isPrivateIdentifier(name)) return undefined;
  const modifiers = ts.getModifiers(field) ?? [];
  const isStatic = modifiers.some((modifier) => modifier.kind === ts.SyntaxKind.StaticKeyword);
  const readonly = modifiers.find((modifier) => modifier.kind === ts.SyntaxKind.ReadonlyKeyword);
  const text = sourceFile.text;
  const lineStart = text.lastIndexOf('\n', field.getStart(sourceFile)) + 1;
  const indent = /^\s*/.exec(text.slice(lineStart))![0];
  const closing = field.parent.end - 1;
  // The method goes on a line of its own above the class's closing brace.
  if (text.slice(text.lastIndexOf('\n', closing) + 1, closing).trim() !== '') return undefined;
  const method = uniqueName(project, 'useStaging');
  return {
    label: `${isStatic ? 'static ' : ''}${name.text}`,
    edits: (written) => [
      ...(readonly ? [{ start: readonly.getStart(sourceFile), end: readonly.end + 1, text: '' }] : []),
      {
        start: text.lastIndexOf('\n', closing) + 1,
        end: text.lastIndexOf('\n', closing) + 1,
        text: `${indent}${isStatic ? 'static ' : ''}${method}() {\n${indent}  this.${name.text} = ${written};\n${indent}}\n`,
      },
    ],
  };
}

export const examples: Example[] = [
  {
    name: 'a URL literal in a call: moved into a new class',
    files: CJS_FILES,
    findings: CJS_FINDINGS,
    expected: [
      {
        name: 'src/client.js:6 api.weixin.qq.com',
        files: {
          'src/client.js': [
            "const https = require('https');",
            "const fs = require('fs');",
            'class WuEndpoint {',
            "  url = 'https://api.weixin.qq.com/cgi-bin/token';",
            '  useStaging() {',
            "    this.url = 'https://staging.example.com/cgi-bin/token';",
            '  }',
            '}',
            'const wuEndpoint = new WuEndpoint();',
            '',
            "const agent = new https.Agent({ ca: fs.readFileSync('wx.pem') });",
            '',
            'exports.token = () => https.get(wuEndpoint.url, { agent });',
            '',
          ].join('\n'),
        },
      },
    ],
  },
  {
    name: 'a static readonly field',
    files: {
      'src/Wx.ts': [
        "import https from 'node:https';",
        '',
        'export class Wx {',
        "  static readonly BASE = 'https://open.weixin.qq.com';",
        '  static readonly agent = new https.Agent({ ca: process.env.CA });',
        '',
        '  static get(path: string) {',
        '    return https.get(Wx.BASE + path, { agent: Wx.agent });',
        '  }',
        '}',
        '',
      ].join('\n'),
    },
    findings: [{ file: 'src/Wx.ts', line: 5, evidence: [{ file: 'src/Wx.ts', line: 4, note: 'host open.weixin.qq.com' }] }],
    expected: [
      {
        name: 'src/Wx.ts:4 open.weixin.qq.com (static BASE)',
        files: {
          'src/Wx.ts': [
            "import https from 'node:https';",
            '',
            'export class Wx {',
            "  static BASE = 'https://open.weixin.qq.com';",
            '  static readonly agent = new https.Agent({ ca: process.env.CA });',
            '',
            '  static get(path: string) {',
            '    return https.get(Wx.BASE + path, { agent: Wx.agent });',
            '  }',
            '  static useStaging() {',
            "    this.BASE = 'https://staging.example.com';",
            '  }',
            '}',
            '',
          ].join('\n'),
        },
      },
    ],
  },
];
