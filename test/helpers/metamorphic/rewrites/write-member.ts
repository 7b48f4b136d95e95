// A member write to the object that holds the host: `cfg.wechat.base = 'https://staging…'` under a
// condition, after `const cfg = { wechat: { base: L } }` or `module.exports = { … }`. A literal that is
// not a property of such an object is first moved into one (`const wuConfig = { baseUrl: L }`).
import { memberOf } from '../holders.ts';
import { CONDITION, perLiteral, writeTargets } from '../literal.ts';
import { uniqueName } from '../source.ts';
import { CJS_FILES, CJS_FINDINGS } from '../tiny.ts';
import type { Example, Project, RewriteContext, RewriteMeta, Variant } from '../types.ts';

export const meta: RewriteMeta = {
  id: 'write-member',
  description: 'write another URL to the object member that holds the host (cfg.url = other) under a condition',
  kind: 'adds-other-write',
};

export function generate(project: Project, context: RewriteContext): Variant[] | 'not-applicable' {
  return perLiteral(project, writeTargets(context), (literal) => {
    const written = context.writeValue(literal);
    const existing = memberOf(project, literal);
    if (existing) {
      return {
        name: `(${existing.target})`,
        expression: literal.value,
        edits: [{ start: existing.statement.end, end: existing.statement.end, text: `\nif (${CONDITION}) ${existing.target} = ${written};` }],
      };
    }
    const name = uniqueName(project, 'wuConfig');
    return { expression: `${name}.baseUrl`, top: `const ${name} = { baseUrl: ${literal.value} };\nif (${CONDITION}) ${name}.baseUrl = ${written};` };
  });
}

export const examples: Example[] = [
  {
    name: 'a URL literal in a call: moved into a config object first',
    files: CJS_FILES,
    findings: CJS_FINDINGS,
    expected: [
      {
        name: 'src/client.js:6 api.weixin.qq.com',
        files: {
          'src/client.js': [
            "const https = require('https');",
            "const fs = require('fs');",
            "const wuConfig = { baseUrl: 'https://api.weixin.qq.com/cgi-bin/token' };",
            "if (process.env.WU_STAGING) wuConfig.baseUrl = 'https://staging.example.com/cgi-bin/token';",
            '',
            "const agent = new https.Agent({ ca: fs.readFileSync('wx.pem') });",
            '',
            'exports.token = () => https.get(wuConfig.baseUrl, { agent });',
            '',
          ].join('\n'),
        },
      },
    ],
  },
  {
    name: 'a nested property of module.exports',
    files: {
      'config.js': "module.exports = {\n  wechat: { base: 'https://api.weixin.qq.com', 'app-id': 'x' },\n};\n",
      'client.js': "const https = require('https');\nconst config = require('./config');\nhttps.get(config.wechat.base, { ca: process.env.CA });\n",
    },
    findings: [{ file: 'client.js', line: 3, evidence: [{ file: 'config.js', line: 2, note: 'host api.weixin.qq.com' }] }],
    expected: [
      {
        name: 'config.js:2 api.weixin.qq.com (module.exports.wechat.base)',
        files: {
          'config.js': [
            'module.exports = {',
            "  wechat: { base: 'https://api.weixin.qq.com', 'app-id': 'x' },",
            '};',
            "if (process.env.WU_STAGING) module.exports.wechat.base = 'https://staging.example.com';",
            '',
          ].join('\n'),
        },
      },
    ],
  },
];
