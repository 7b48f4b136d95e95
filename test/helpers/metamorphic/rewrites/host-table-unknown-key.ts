// A host literal becomes an entry of a table read with a key the scanner cannot know
// (`WU_HOSTS[process.env.WU_REGION]`): policy 4 makes the read the join of the table, so the verdict
// holds only while every entry is a WeChat host. Two tables: the literal alone, and (for a WeChat
// host) the literal beside the same URL on another WeChat host.
import { CONTROL_HOST } from '../context.ts';
import { perLiteral } from '../literal.ts';
import { isTypeScript, uniqueName } from '../source.ts';
import { CJS_FILES, CJS_FINDINGS, TS_FILES, TS_FINDINGS } from '../tiny.ts';
import type { Example, Project, RewriteContext, RewriteMeta, Variant } from '../types.ts';

export const meta: RewriteMeta = {
  id: 'host-table-unknown-key',
  description: 'move a host literal into a table read by an unknown computed key (alone, or beside another WeChat host)',
  kind: 'preserving',
};

export function generate(project: Project, context: RewriteContext): Variant[] | 'not-applicable' {
  return perLiteral(project, context.literals, (literal) => {
    const table = uniqueName(project, 'WU_HOSTS');
    const key = isTypeScript(literal.file) ? `process.env.WU_REGION as keyof typeof ${table}` : 'process.env.WU_REGION';
    const sibling = literal.value.split(literal.host).join(literal.host === CONTROL_HOST ? 'api.weixin.qq.com' : CONTROL_HOST);
    const one = { name: 'one entry', expression: `${table}[${key}]`, top: `const ${table} = { primary: ${literal.value} };` };
    // Beside a host that is not WeChat's, a WeChat entry would add a host the code never reached.
    if (!literal.wechat) return one;
    return [one, { name: 'two WeChat entries', expression: `${table}[${key}]`, top: `const ${table} = { primary: ${literal.value}, backup: ${sibling} };` }];
  });
}

export const examples: Example[] = [
  {
    name: 'CommonJS: a URL literal',
    files: CJS_FILES,
    findings: CJS_FINDINGS,
    expected: [
      {
        name: 'src/client.js:6 api.weixin.qq.com one entry',
        files: {
          'src/client.js': [
            "const https = require('https');",
            "const fs = require('fs');",
            "const WU_HOSTS = { primary: 'https://api.weixin.qq.com/cgi-bin/token' };",
            '',
            "const agent = new https.Agent({ ca: fs.readFileSync('wx.pem') });",
            '',
            'exports.token = () => https.get(WU_HOSTS[process.env.WU_REGION], { agent });',
            '',
          ].join('\n'),
        },
      },
      {
        name: 'src/client.js:6 api.weixin.qq.com two WeChat entries',
        files: {
          'src/client.js': [
            "const https = require('https');",
            "const fs = require('fs');",
            "const WU_HOSTS = { primary: 'https://api.weixin.qq.com/cgi-bin/token', backup: 'https://api2.weixin.qq.com/cgi-bin/token' };",
            '',
            "const agent = new https.Agent({ ca: fs.readFileSync('wx.pem') });",
            '',
            'exports.token = () => https.get(WU_HOSTS[process.env.WU_REGION], { agent });',
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
        name: 'src/config.ts:1 api.weixin.qq.com one entry',
        files: {
          'src/config.ts': [
            "const WU_HOSTS = { primary: 'https://api.weixin.qq.com' };",
            'export const WX_BASE = WU_HOSTS[process.env.WU_REGION as keyof typeof WU_HOSTS];',
            '',
          ].join('\n'),
        },
      },
      {
        name: 'src/config.ts:1 api.weixin.qq.com two WeChat entries',
        files: {
          'src/config.ts': [
            "const WU_HOSTS = { primary: 'https://api.weixin.qq.com', backup: 'https://api2.weixin.qq.com' };",
            'export const WX_BASE = WU_HOSTS[process.env.WU_REGION as keyof typeof WU_HOSTS];',
            '',
          ].join('\n'),
        },
      },
    ],
  },
  {
    name: "a host that is not WeChat's: no WeChat entry beside it",
    files: { 'a.js': "const https = require('https');\nhttps.get('https://erp.example.net/api', { ca: process.env.CA });\n" },
    findings: [{ file: 'a.js', line: 2, status: 'needs-review', evidence: [{ file: 'a.js', line: 2, note: 'host erp.example.net' }] }],
    expected: [
      {
        name: 'a.js:2 erp.example.net one entry',
        files: {
          'a.js': [
            "const https = require('https');",
            "const WU_HOSTS = { primary: 'https://erp.example.net/api' };",
            'https.get(WU_HOSTS[process.env.WU_REGION], { ca: process.env.CA });',
            '',
          ].join('\n'),
        },
      },
    ],
  },
];
