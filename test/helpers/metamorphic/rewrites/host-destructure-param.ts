// A host literal passes through a factory that renames it with a destructuring alias in its
// parameter: `function wuMake({ base: b }) { return b; }` … `wuMake({ base: L })`; or (`nested
// default`) only the parameter's default holds it: `function wuMake({ wechat: { base: b } } = { wechat:
// { base: L } }) { return b; }` … `wuMake()`.
import { perLiteral, type LiteralEdit } from '../literal.ts';
import { isTypeScript, uniqueName } from '../source.ts';
import { CJS_FILES, CJS_FINDINGS, TS_FILES, TS_FINDINGS } from '../tiny.ts';
import type { Example, Project, RewriteContext, RewriteMeta, Variant } from '../types.ts';

export const meta: RewriteMeta = {
  id: 'host-destructure-param',
  description: 'pass a host literal through a factory whose parameter renames it by a destructuring alias (function make({ base: b }) { return b })',
  kind: 'preserving',
};

export function generate(project: Project, context: RewriteContext): Variant[] | 'not-applicable' {
  return perLiteral(project, context.literals, (literal): LiteralEdit[] => {
    const name = uniqueName(project, 'wuMake');
    const typed = isTypeScript(literal.file);
    const parameter = typed ? '{ base: b }: { base: string }' : '{ base: b }';
    const nested = `{ wechat: { base: b } }${typed ? ': { wechat: { base: string } }' : ''} = { wechat: { base: ${literal.value} } }`;
    return [
      { name: 'alias', expression: `${name}({ base: ${literal.value} })`, top: `function ${name}(${parameter}) {\n  return b;\n}` },
      { name: 'nested default', expression: `${name}()`, top: `function ${name}(${nested}) {\n  return b;\n}` },
    ];
  });
}

export const examples: Example[] = [
  {
    name: 'CommonJS: a URL literal',
    files: CJS_FILES,
    findings: CJS_FINDINGS,
    expected: [
      {
        name: 'src/client.js:6 api.weixin.qq.com alias',
        files: {
          'src/client.js': [
            "const https = require('https');",
            "const fs = require('fs');",
            'function wuMake({ base: b }) {',
            '  return b;',
            '}',
            '',
            "const agent = new https.Agent({ ca: fs.readFileSync('wx.pem') });",
            '',
            "exports.token = () => https.get(wuMake({ base: 'https://api.weixin.qq.com/cgi-bin/token' }), { agent });",
            '',
          ].join('\n'),
        },
      },
      {
        name: 'src/client.js:6 api.weixin.qq.com nested default',
        files: {
          'src/client.js': [
            "const https = require('https');",
            "const fs = require('fs');",
            "function wuMake({ wechat: { base: b } } = { wechat: { base: 'https://api.weixin.qq.com/cgi-bin/token' } }) {",
            '  return b;',
            '}',
            '',
            "const agent = new https.Agent({ ca: fs.readFileSync('wx.pem') });",
            '',
            'exports.token = () => https.get(wuMake(), { agent });',
            '',
          ].join('\n'),
        },
      },
    ],
  },
  {
    name: 'TypeScript: a config constant',
    files: TS_FILES,
    findings: TS_FINDINGS,
    expected: [
      {
        name: 'src/config.ts:1 api.weixin.qq.com alias',
        files: {
          'src/config.ts': [
            'function wuMake({ base: b }: { base: string }) {',
            '  return b;',
            '}',
            "export const WX_BASE = wuMake({ base: 'https://api.weixin.qq.com' });",
            '',
          ].join('\n'),
        },
      },
      {
        name: 'src/config.ts:1 api.weixin.qq.com nested default',
        files: {
          'src/config.ts': [
            "function wuMake({ wechat: { base: b } }: { wechat: { base: string } } = { wechat: { base: 'https://api.weixin.qq.com' } }) {",
            '  return b;',
            '}',
            'export const WX_BASE = wuMake();',
            '',
          ].join('\n'),
        },
      },
    ],
  },
];
