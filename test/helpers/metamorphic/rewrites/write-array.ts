// The host sits in an array that gains another URL under a condition (push, unshift, or a write at
// the host's index) and is read by an index the scanner cannot know. An existing `const X = [.., L, ..]`
// is reused (it is read as the code already reads it); otherwise the literal moves into a new array
// read as `wuHosts[Number(process.env.WU_INDEX)]`.
import { ts } from 'ts-morph';
import { CONDITION, perLiteral, writeTargets, type LiteralEdit } from '../literal.ts';
import { literalNode, uniqueName } from '../source.ts';
import { CJS_FILES, CJS_FINDINGS } from '../tiny.ts';
import type { Example, HostLiteral, Project, RewriteContext, RewriteMeta, Variant } from '../types.ts';

export const meta: RewriteMeta = {
  id: 'write-array',
  description: 'add another URL to the array that holds the host (push, unshift, index write) under a condition; read by an unknown index',
  kind: 'adds-other-write',
};

const WRITES = ['push', 'unshift', 'index'] as const;

export function generate(project: Project, context: RewriteContext): Variant[] | 'not-applicable' {
  return perLiteral(project, writeTargets(context), (literal) => {
    const written = context.writeValue(literal);
    const existing = arrayOf(project, literal);
    return WRITES.map((write): LiteralEdit => {
      if (existing) {
        const statement = `if (${CONDITION}) ${writeText(existing.name, write, existing.index, written)};`;
        return { name: `${write} (${existing.name})`, expression: literal.value, edits: [{ start: existing.statement.end, end: existing.statement.end, text: `\n${statement}` }] };
      }
      const name = uniqueName(project, 'wuHosts');
      return {
        name: write,
        expression: `${name}[Number(process.env.WU_INDEX)]`,
        top: `const ${name} = [${literal.value}];\nif (${CONDITION}) ${writeText(name, write, 0, written)};`,
      };
    });
  });
}

function writeText(array: string, write: (typeof WRITES)[number], index: number, value: string): string {
  return write === 'index' ? `${array}[${index}] = ${value}` : `${array}.${write}(${value})`;
}

/** `const X = [.., L, ..];`: the name, the literal's index, the statement. */
function arrayOf(project: Project, literal: HostLiteral): { name: string; index: number; statement: ts.Statement } | undefined {
  if (literal.syntax !== 'string') return undefined;
  const { node } = literalNode(project, literal);
  const array = node.parent;
  if (!ts.isArrayLiteralExpression(array)) return undefined;
  const declaration = array.parent;
  if (!ts.isVariableDeclaration(declaration) || declaration.initializer !== array || !ts.isIdentifier(declaration.name)) return undefined;
  const statement = declaration.parent.parent;
  if (!ts.isVariableStatement(statement)) return undefined;
  return { name: declaration.name.text, index: array.elements.indexOf(node as ts.Expression), statement };
}

export const examples: Example[] = [
  {
    name: 'a URL literal in a call: moved into a new array',
    files: CJS_FILES,
    findings: CJS_FINDINGS,
    expected: [
      {
        name: 'src/client.js:6 api.weixin.qq.com push',
        files: {
          'src/client.js': [
            "const https = require('https');",
            "const fs = require('fs');",
            "const wuHosts = ['https://api.weixin.qq.com/cgi-bin/token'];",
            "if (process.env.WU_STAGING) wuHosts.push('https://staging.example.com/cgi-bin/token');",
            '',
            "const agent = new https.Agent({ ca: fs.readFileSync('wx.pem') });",
            '',
            'exports.token = () => https.get(wuHosts[Number(process.env.WU_INDEX)], { agent });',
            '',
          ].join('\n'),
        },
      },
      {
        name: 'src/client.js:6 api.weixin.qq.com unshift',
        files: {
          'src/client.js': [
            "const https = require('https');",
            "const fs = require('fs');",
            "const wuHosts = ['https://api.weixin.qq.com/cgi-bin/token'];",
            "if (process.env.WU_STAGING) wuHosts.unshift('https://staging.example.com/cgi-bin/token');",
            '',
            "const agent = new https.Agent({ ca: fs.readFileSync('wx.pem') });",
            '',
            'exports.token = () => https.get(wuHosts[Number(process.env.WU_INDEX)], { agent });',
            '',
          ].join('\n'),
        },
      },
      {
        name: 'src/client.js:6 api.weixin.qq.com index',
        files: {
          'src/client.js': [
            "const https = require('https');",
            "const fs = require('fs');",
            "const wuHosts = ['https://api.weixin.qq.com/cgi-bin/token'];",
            "if (process.env.WU_STAGING) wuHosts[0] = 'https://staging.example.com/cgi-bin/token';",
            '',
            "const agent = new https.Agent({ ca: fs.readFileSync('wx.pem') });",
            '',
            'exports.token = () => https.get(wuHosts[Number(process.env.WU_INDEX)], { agent });',
            '',
          ].join('\n'),
        },
      },
    ],
  },
  {
    name: 'an existing list of entry points',
    files: {
      'a.mjs': [
        "import https from 'node:https';",
        "const ENDPOINTS = ['https://api.weixin.qq.com', 'https://sh.api.weixin.qq.com'];",
        'export const all = () => ENDPOINTS.map((base) => https.get(base, { ca: process.env.CA }));',
        '',
      ].join('\n'),
    },
    findings: [{ file: 'a.mjs', line: 3, evidence: [{ file: 'a.mjs', line: 2, note: 'host sh.api.weixin.qq.com' }] }],
    expected: [
      {
        name: 'a.mjs:2 sh.api.weixin.qq.com push (ENDPOINTS)',
        files: {
          'a.mjs': [
            "import https from 'node:https';",
            "const ENDPOINTS = ['https://api.weixin.qq.com', 'https://sh.api.weixin.qq.com'];",
            "if (process.env.WU_STAGING) ENDPOINTS.push('https://staging.example.com');",
            'export const all = () => ENDPOINTS.map((base) => https.get(base, { ca: process.env.CA }));',
            '',
          ].join('\n'),
        },
      },
      {
        name: 'a.mjs:2 sh.api.weixin.qq.com unshift (ENDPOINTS)',
        files: {
          'a.mjs': [
            "import https from 'node:https';",
            "const ENDPOINTS = ['https://api.weixin.qq.com', 'https://sh.api.weixin.qq.com'];",
            "if (process.env.WU_STAGING) ENDPOINTS.unshift('https://staging.example.com');",
            'export const all = () => ENDPOINTS.map((base) => https.get(base, { ca: process.env.CA }));',
            '',
          ].join('\n'),
        },
      },
      {
        name: 'a.mjs:2 sh.api.weixin.qq.com index (ENDPOINTS)',
        files: {
          'a.mjs': [
            "import https from 'node:https';",
            "const ENDPOINTS = ['https://api.weixin.qq.com', 'https://sh.api.weixin.qq.com'];",
            "if (process.env.WU_STAGING) ENDPOINTS[1] = 'https://staging.example.com';",
            'export const all = () => ENDPOINTS.map((base) => https.get(base, { ca: process.env.CA }));',
            '',
          ].join('\n'),
        },
      },
    ],
  },
];
