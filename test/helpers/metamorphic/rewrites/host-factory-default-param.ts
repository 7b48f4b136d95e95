// A host literal becomes the default of a factory's parameter, and the factory is called without
// arguments: `function wuBase(u = 'https://api.weixin.qq.com') { return u; }` … `wuBase()`.
import { perLiteral } from '../literal.ts';
import { uniqueName } from '../source.ts';
import { CJS_FILES, CJS_FINDINGS, TEMPLATE_FILES, TEMPLATE_FINDINGS } from '../tiny.ts';
import type { Example, Project, RewriteContext, RewriteMeta, Variant } from '../types.ts';

export const meta: RewriteMeta = {
  id: 'host-factory-default-param',
  description: "wrap a host literal in a factory with a default parameter (function base(u = L) { return u }) and call base()",
  kind: 'preserving',
};

export function generate(project: Project, context: RewriteContext): Variant[] | 'not-applicable' {
  return perLiteral(project, context.literals, (literal) => {
    const name = uniqueName(project, 'wuBase');
    return { expression: `${name}()`, top: `function ${name}(u = ${literal.value}) {\n  return u;\n}` };
  });
}

export const examples: Example[] = [
  {
    name: 'CommonJS: a URL literal',
    files: CJS_FILES,
    findings: CJS_FINDINGS,
    expected: [
      {
        name: 'src/client.js:6 api.weixin.qq.com',
        files: {
          'src/client.js': [
            "const https = require('https');",
            "const fs = require('fs');",
            "function wuBase(u = 'https://api.weixin.qq.com/cgi-bin/token') {",
            '  return u;',
            '}',
            '',
            "const agent = new https.Agent({ ca: fs.readFileSync('wx.pem') });",
            '',
            'exports.token = () => https.get(wuBase(), { agent });',
            '',
          ].join('\n'),
        },
      },
    ],
  },
  {
    name: 'ESM: the https://host part of a template',
    files: TEMPLATE_FILES,
    findings: TEMPLATE_FINDINGS,
    expected: [
      {
        name: 'src/token.mjs:4 api.weixin.qq.com',
        files: {
          'src/token.mjs': [
            "import https from 'node:https';",
            "function wuBase(u = 'https://api.weixin.qq.com') {",
            '  return u;',
            '}',
            '',
            'const agent = new https.Agent({ ca: process.env.WX_CA });',
            'export const token = (id) => https.get(`${wuBase()}/cgi-bin/token?appid=${id}`, { agent });',
            '',
          ].join('\n'),
        },
      },
    ],
  },
];
