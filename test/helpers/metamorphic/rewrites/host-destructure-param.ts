// A host literal passes through a factory that renames it with a destructuring alias in its
// parameter: `function wuMake({ base: b }) { return b; }` … `wuMake({ base: L })`.
import { perLiteral } from '../literal.ts';
import { isTypeScript, uniqueName } from '../source.ts';
import { CJS_FILES, CJS_FINDINGS, TS_FILES, TS_FINDINGS } from '../tiny.ts';
import type { Example, Project, RewriteContext, RewriteMeta, Variant } from '../types.ts';

export const meta: RewriteMeta = {
  id: 'host-destructure-param',
  description: 'pass a host literal through a factory whose parameter renames it by a destructuring alias (function make({ base: b }) { return b })',
  kind: 'preserving',
};

export function generate(project: Project, context: RewriteContext): Variant[] | 'not-applicable' {
  return perLiteral(project, context.literals, (literal) => {
    const name = uniqueName(project, 'wuMake');
    const parameter = isTypeScript(literal.file) ? '{ base: b }: { base: string }' : '{ base: b }';
    return { expression: `${name}({ base: ${literal.value} })`, top: `function ${name}(${parameter}) {\n  return b;\n}` };
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
    ],
  },
  {
    name: 'TypeScript: a config constant',
    files: TS_FILES,
    findings: TS_FINDINGS,
    expected: [
      {
        name: 'src/config.ts:1 api.weixin.qq.com',
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
    ],
  },
];
