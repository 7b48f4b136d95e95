// The host passes through a helper that reassigns its parameter under a condition:
// `function wuPick(url) { if (process.env.WU_STAGING) url = 'https://staging…'; return url; }` … `wuPick(L)`.
import { CONDITION, perLiteral, writeTargets } from '../literal.ts';
import { isTypeScript, uniqueName } from '../source.ts';
import { CJS_FILES, CJS_FINDINGS, TEMPLATE_FILES, TEMPLATE_FINDINGS } from '../tiny.ts';
import type { Example, Project, RewriteContext, RewriteMeta, Variant } from '../types.ts';

export const meta: RewriteMeta = {
  id: 'write-parameter',
  description: 'pass the host through a helper that reassigns its parameter under a condition',
  kind: 'adds-other-write',
};

export function generate(project: Project, context: RewriteContext): Variant[] | 'not-applicable' {
  return perLiteral(project, writeTargets(context), (literal) => {
    const name = uniqueName(project, 'wuPick');
    const parameter = isTypeScript(literal.file) ? 'url: string' : 'url';
    return {
      expression: `${name}(${literal.value})`,
      top: `function ${name}(${parameter}) {\n  if (${CONDITION}) url = ${context.writeValue(literal)};\n  return url;\n}`,
    };
  });
}

export const examples: Example[] = [
  {
    name: 'a URL literal in a call',
    files: CJS_FILES,
    findings: CJS_FINDINGS,
    expected: [
      {
        name: 'src/client.js:6 api.weixin.qq.com',
        files: {
          'src/client.js': [
            "const https = require('https');",
            "const fs = require('fs');",
            'function wuPick(url) {',
            "  if (process.env.WU_STAGING) url = 'https://staging.example.com/cgi-bin/token';",
            '  return url;',
            '}',
            '',
            "const agent = new https.Agent({ ca: fs.readFileSync('wx.pem') });",
            '',
            "exports.token = () => https.get(wuPick('https://api.weixin.qq.com/cgi-bin/token'), { agent });",
            '',
          ].join('\n'),
        },
      },
    ],
  },
  {
    name: 'the https://host part of a template',
    files: TEMPLATE_FILES,
    findings: TEMPLATE_FINDINGS,
    expected: [
      {
        name: 'src/token.mjs:4 api.weixin.qq.com',
        files: {
          'src/token.mjs': [
            "import https from 'node:https';",
            'function wuPick(url) {',
            "  if (process.env.WU_STAGING) url = 'https://staging.example.com';",
            '  return url;',
            '}',
            '',
            'const agent = new https.Agent({ ca: process.env.WX_CA });',
            "export const token = (id) => https.get(`${wuPick('https://api.weixin.qq.com')}/cgi-bin/token?appid=${id}`, { agent });",
            '',
          ].join('\n'),
        },
      },
    ],
  },
];
