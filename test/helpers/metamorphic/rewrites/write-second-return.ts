// The host comes from a helper that gains a second return: `function wuBaseUrl() { if (cond) return
// 'https://staging…'; return L; }`. A literal already returned by a function gets the extra return
// just above its own.
import { ts } from 'ts-morph';
import { CONDITION, perLiteral, writeTargets } from '../literal.ts';
import { literalNode, uniqueName } from '../source.ts';
import { CJS_FILES, CJS_FINDINGS } from '../tiny.ts';
import type { Example, Project, RewriteContext, RewriteMeta, Variant } from '../types.ts';

export const meta: RewriteMeta = {
  id: 'write-second-return',
  description: 'return the host from a helper that has a second, conditional return of another URL',
  kind: 'adds-other-write',
};

export function generate(project: Project, context: RewriteContext): Variant[] | 'not-applicable' {
  return perLiteral(project, writeTargets(context), (literal) => {
    const written = context.writeValue(literal);
    if (literal.syntax === 'string') {
      const { sourceFile, node } = literalNode(project, literal);
      const statement = node.parent;
      if (ts.isReturnStatement(statement) && statement.expression === node) {
        const start = statement.getStart(sourceFile);
        const indent = /[ \t]*$/.exec(sourceFile.text.slice(0, start))![0];
        return { name: '(existing return)', expression: literal.value, edits: [{ start, end: start, text: `if (${CONDITION}) return ${written};\n${indent}` }] };
      }
    }
    const name = uniqueName(project, 'wuBaseUrl');
    return { expression: `${name}()`, top: `function ${name}() {\n  if (${CONDITION}) return ${written};\n  return ${literal.value};\n}` };
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
            'function wuBaseUrl() {',
            "  if (process.env.WU_STAGING) return 'https://staging.example.com/cgi-bin/token';",
            "  return 'https://api.weixin.qq.com/cgi-bin/token';",
            '}',
            '',
            "const agent = new https.Agent({ ca: fs.readFileSync('wx.pem') });",
            '',
            'exports.token = () => https.get(wuBaseUrl(), { agent });',
            '',
          ].join('\n'),
        },
      },
    ],
  },
  {
    name: 'a getter that returns the literal',
    files: {
      'a.js': [
        "const https = require('https');",
        'const wx = {',
        '  get base() {',
        "    return 'https://api.weixin.qq.com';",
        '  },',
        '};',
        "https.get(wx.base + '/x', { ca: process.env.CA });",
        '',
      ].join('\n'),
    },
    findings: [{ file: 'a.js', line: 7, evidence: [{ file: 'a.js', line: 4, note: 'host api.weixin.qq.com' }] }],
    expected: [
      {
        name: 'a.js:4 api.weixin.qq.com (existing return)',
        files: {
          'a.js': [
            "const https = require('https');",
            'const wx = {',
            '  get base() {',
            "    if (process.env.WU_STAGING) return 'https://staging.example.com';",
            "    return 'https://api.weixin.qq.com';",
            '  },',
            '};',
            "https.get(wx.base + '/x', { ca: process.env.CA });",
            '',
          ].join('\n'),
        },
      },
    ],
  },
];
