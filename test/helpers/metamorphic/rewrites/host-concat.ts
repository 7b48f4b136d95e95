// `'https://api.weixin.qq.com'.concat('/cgi-bin/token')` instead of the literal, or `L.concat(x)`
// instead of `L + x`.
import { perSplit } from '../string-split.ts';
import { CJS_FILES, CJS_FINDINGS, TS_FILES, TS_FINDINGS } from '../tiny.ts';
import type { Example, Project, RewriteContext, RewriteMeta, Variant } from '../types.ts';

export const meta: RewriteMeta = {
  id: 'host-concat',
  description: "build the URL with String#concat: 'https://host'.concat('/path') for a literal, L.concat(x) for L + x",
  kind: 'preserving',
};

export function generate(project: Project, context: RewriteContext): Variant[] | 'not-applicable' {
  return perSplit(project, context, (split) => `${split.origin}.concat(${split.rest})`);
}

export const examples: Example[] = [
  {
    name: 'a URL literal with a path',
    files: CJS_FILES,
    findings: CJS_FINDINGS,
    expected: [
      {
        name: 'src/client.js:6 api.weixin.qq.com',
        files: {
          'src/client.js': [
            "const https = require('https');",
            "const fs = require('fs');",
            '',
            "const agent = new https.Agent({ ca: fs.readFileSync('wx.pem') });",
            '',
            "exports.token = () => https.get('https://api.weixin.qq.com'.concat('/cgi-bin/token'), { agent });",
            '',
          ].join('\n'),
        },
      },
    ],
  },
  {
    name: 'an origin-only constant (no + to rewrite)',
    files: TS_FILES,
    findings: TS_FINDINGS,
    expected: 'not-applicable',
  },
  {
    name: 'an origin literal on the left of +',
    files: { 'a.js': "const https = require('https');\nhttps.get('https://api.weixin.qq.com' + path, { ca });\n" },
    findings: [{ file: 'a.js', line: 2, evidence: [{ file: 'a.js', line: 2, note: 'host api.weixin.qq.com' }] }],
    expected: [
      {
        name: 'a.js:2 api.weixin.qq.com (a + b)',
        files: {
          'a.js': [
            "const https = require('https');",
            "https.get('https://api.weixin.qq.com'.concat(path), { ca });",
            '',
          ].join('\n'),
        },
      },
    ],
  },
];
