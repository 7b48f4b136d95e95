// The method that returns the host is replaced under a condition by one that returns another URL:
// `WuEndpoint.prototype.base = function () { return 'https://staging…'; }` or
// `Object.assign(WuEndpoint.prototype, { base() { … } })` on a class, or
// `Object.assign(wuEndpoint, { base: () => 'https://staging…' })` on an object. A literal already
// returned by a method of a named top-level class gets the override of that method after the class;
// otherwise the literal moves into a new class's (or object's) method, read as `wuEndpoint.base()`.
import { ts } from 'ts-morph';
import { CONDITION, perLiteral, writeTargets, type LiteralEdit } from '../literal.ts';
import { literalNode, uniqueName } from '../source.ts';
import { CJS_FILES, CJS_FINDINGS } from '../tiny.ts';
import type { Example, HostLiteral, Project, RewriteContext, RewriteMeta, Variant } from '../types.ts';

export const meta: RewriteMeta = {
  id: 'write-method-override',
  description: 'override the method that returns the host under a condition (Cls.prototype.base = function () { return other }, Object.assign(o, { base: () => other }))',
  kind: 'adds-other-write',
};

export function generate(project: Project, context: RewriteContext): Variant[] | 'not-applicable' {
  return perLiteral(project, writeTargets(context), (literal): LiteralEdit[] => {
    const written = context.writeValue(literal);
    const existing = methodOf(project, literal);
    const overrides = (className: string, method: string) => ({
      prototype: `if (${CONDITION}) ${className}.prototype.${method} = function () {\n  return ${written};\n};`,
      'prototype Object.assign': `if (${CONDITION}) Object.assign(${className}.prototype, {\n  ${method}() {\n    return ${written};\n  },\n});`,
    });
    if (existing) {
      return Object.entries(overrides(existing.className, existing.method)).map(([id, override]) => ({
        name: `${id} (${existing.className}#${existing.method})`,
        expression: literal.value,
        edits: [{ start: existing.end, end: existing.end, text: `\n${override}` }],
      }));
    }
    const className = uniqueName(project, 'WuEndpoint');
    const instance = uniqueName(project, 'wuEndpoint');
    return [
      ...Object.entries(overrides(className, 'base')).map(([id, override]) => ({
        name: id,
        expression: `${instance}.base()`,
        top: `class ${className} {\n  base() {\n    return ${literal.value};\n  }\n}\n${override}\nconst ${instance} = new ${className}();`,
      })),
      {
        name: 'Object.assign',
        expression: `${instance}.base()`,
        top: `const ${instance} = {\n  base() {\n    return ${literal.value};\n  },\n};\nif (${CONDITION}) Object.assign(${instance}, { base: () => ${written} });`,
      },
    ];
  });
}

/** `class C { m() { … return L; } }` as a top-level statement (exported or not): C, m and where C ends. */
function methodOf(project: Project, literal: HostLiteral): { className: string; method: string; end: number } | undefined {
  if (literal.syntax !== 'string') return undefined;
  const { node } = literalNode(project, literal);
  if (!ts.isReturnStatement(node.parent) || node.parent.expression !== node) return undefined;
  const method = ts.findAncestor(node.parent, ts.isFunctionLike);
  if (!method || !ts.isMethodDeclaration(method) || !ts.isIdentifier(method.name) || (ts.getModifiers(method) ?? []).some((modifier) => modifier.kind === ts.SyntaxKind.StaticKeyword)) return undefined;
  const owner = method.parent;
  if (!ts.isClassDeclaration(owner) || !owner.name || !ts.isSourceFile(owner.parent)) return undefined;
  if ((ts.getModifiers(owner) ?? []).some((modifier) => modifier.kind === ts.SyntaxKind.DefaultKeyword || modifier.kind === ts.SyntaxKind.DeclareKeyword)) return undefined;
  return { className: owner.name.text, method: method.name.text, end: owner.end };
}

export const examples: Example[] = [
  {
    name: 'a URL literal in a call: moved into a new method',
    files: CJS_FILES,
    findings: CJS_FINDINGS,
    expected: [
      {
        name: 'src/client.js:6 api.weixin.qq.com prototype',
        files: {
          'src/client.js': [
            "const https = require('https');",
            "const fs = require('fs');",
            'class WuEndpoint {',
            '  base() {',
            "    return 'https://api.weixin.qq.com/cgi-bin/token';",
            '  }',
            '}',
            'if (process.env.WU_STAGING) WuEndpoint.prototype.base = function () {',
            "  return 'https://staging.example.com/cgi-bin/token';",
            '};',
            'const wuEndpoint = new WuEndpoint();',
            '',
            "const agent = new https.Agent({ ca: fs.readFileSync('wx.pem') });",
            '',
            'exports.token = () => https.get(wuEndpoint.base(), { agent });',
            '',
          ].join('\n'),
        },
      },
      {
        name: 'src/client.js:6 api.weixin.qq.com prototype Object.assign',
        files: {
          'src/client.js': [
            "const https = require('https');",
            "const fs = require('fs');",
            'class WuEndpoint {',
            '  base() {',
            "    return 'https://api.weixin.qq.com/cgi-bin/token';",
            '  }',
            '}',
            'if (process.env.WU_STAGING) Object.assign(WuEndpoint.prototype, {',
            '  base() {',
            "    return 'https://staging.example.com/cgi-bin/token';",
            '  },',
            '});',
            'const wuEndpoint = new WuEndpoint();',
            '',
            "const agent = new https.Agent({ ca: fs.readFileSync('wx.pem') });",
            '',
            'exports.token = () => https.get(wuEndpoint.base(), { agent });',
            '',
          ].join('\n'),
        },
      },
      {
        name: 'src/client.js:6 api.weixin.qq.com Object.assign',
        files: {
          'src/client.js': [
            "const https = require('https');",
            "const fs = require('fs');",
            'const wuEndpoint = {',
            '  base() {',
            "    return 'https://api.weixin.qq.com/cgi-bin/token';",
            '  },',
            '};',
            "if (process.env.WU_STAGING) Object.assign(wuEndpoint, { base: () => 'https://staging.example.com/cgi-bin/token' });",
            '',
            "const agent = new https.Agent({ ca: fs.readFileSync('wx.pem') });",
            '',
            'exports.token = () => https.get(wuEndpoint.base(), { agent });',
            '',
          ].join('\n'),
        },
      },
    ],
  },
  {
    name: 'a method of an exported class returns the literal',
    files: {
      'src/wx.ts': [
        "import https from 'node:https';",
        'export class WxApi {',
        "  private agent = new https.Agent({ ca: process.env.CA });",
        '  base() {',
        "    return 'https://api.weixin.qq.com';",
        '  }',
        '  token() {',
        "    return https.get(this.base() + '/cgi-bin/token', { agent: this.agent });",
        '  }',
        '}',
        '',
      ].join('\n'),
    },
    findings: [{ file: 'src/wx.ts', line: 3, evidence: [{ file: 'src/wx.ts', line: 5, note: 'host api.weixin.qq.com' }] }],
    expected: [
      {
        name: 'src/wx.ts:5 api.weixin.qq.com prototype (WxApi#base)',
        files: {
          'src/wx.ts': [
            "import https from 'node:https';",
            'export class WxApi {',
            "  private agent = new https.Agent({ ca: process.env.CA });",
            '  base() {',
            "    return 'https://api.weixin.qq.com';",
            '  }',
            '  token() {',
            "    return https.get(this.base() + '/cgi-bin/token', { agent: this.agent });",
            '  }',
            '}',
            'if (process.env.WU_STAGING) WxApi.prototype.base = function () {',
            "  return 'https://staging.example.com';",
            '};',
            '',
          ].join('\n'),
        },
      },
      {
        name: 'src/wx.ts:5 api.weixin.qq.com prototype Object.assign (WxApi#base)',
        files: {
          'src/wx.ts': [
            "import https from 'node:https';",
            'export class WxApi {',
            "  private agent = new https.Agent({ ca: process.env.CA });",
            '  base() {',
            "    return 'https://api.weixin.qq.com';",
            '  }',
            '  token() {',
            "    return https.get(this.base() + '/cgi-bin/token', { agent: this.agent });",
            '  }',
            '}',
            'if (process.env.WU_STAGING) Object.assign(WxApi.prototype, {',
            '  base() {',
            "    return 'https://staging.example.com';",
            '  },',
            '});',
            '',
          ].join('\n'),
        },
      },
    ],
  },
];
