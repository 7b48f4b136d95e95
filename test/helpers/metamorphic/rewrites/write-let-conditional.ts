// The binding that holds the host becomes a `let` reassigned under a condition:
// `let WX_BASE = 'https://api.weixin.qq.com'; if (process.env.WU_STAGING) WX_BASE = 'https://staging…';`
// An existing `const X = L` is reused; otherwise the literal is hoisted into a new `let`.
import { ts } from 'ts-morph';
import { CONDITION, perLiteral, writeTargets } from '../literal.ts';
import { literalNode, uniqueName } from '../source.ts';
import { CJS_FILES, CJS_FINDINGS, TS_FILES, TS_FINDINGS } from '../tiny.ts';
import type { Example, HostLiteral, Project, RewriteContext, RewriteMeta, Variant } from '../types.ts';

export const meta: RewriteMeta = {
  id: 'write-let-conditional',
  description: 'make the binding that holds the host a let and reassign it under a condition',
  kind: 'adds-other-write',
};

export function generate(project: Project, context: RewriteContext): Variant[] | 'not-applicable' {
  return perLiteral(project, writeTargets(context), (literal) => {
    const written = context.writeValue(literal);
    const existing = declaredBy(project, literal);
    if (existing) {
      const { name, statement, keyword } = existing;
      return {
        name: `(${name})`,
        expression: literal.value,
        edits: [
          ...(keyword ? [{ start: keyword.getStart(), end: keyword.end, text: 'let' }] : []),
          { start: statement.end, end: statement.end, text: `\nif (${CONDITION}) ${name} = ${written};` },
        ],
      };
    }
    const name = uniqueName(project, 'wuHost');
    return { expression: name, top: `let ${name} = ${literal.value};\nif (${CONDITION}) ${name} = ${written};` };
  });
}

/** `const X = L;` (or let/var) as a statement of its own: the name, the statement, the `const` keyword. */
function declaredBy(project: Project, literal: HostLiteral): { name: string; statement: ts.Statement; keyword?: ts.Node } | undefined {
  if (literal.syntax !== 'string') return undefined;
  const { node } = literalNode(project, literal);
  const declaration = node.parent;
  if (!ts.isVariableDeclaration(declaration) || declaration.initializer !== node || !ts.isIdentifier(declaration.name)) return undefined;
  const list = declaration.parent;
  const statement = list.parent;
  if (!ts.isVariableStatement(statement)) return undefined;
  const keyword = list.flags & ts.NodeFlags.Const ? list.getFirstToken() : undefined;
  return { name: declaration.name.text, statement, keyword };
}

export const examples: Example[] = [
  {
    name: 'a URL literal in a call: hoisted into a new let',
    files: CJS_FILES,
    findings: CJS_FINDINGS,
    expected: [
      {
        name: 'src/client.js:6 api.weixin.qq.com',
        files: {
          'src/client.js': [
            "const https = require('https');",
            "const fs = require('fs');",
            "let wuHost = 'https://api.weixin.qq.com/cgi-bin/token';",
            "if (process.env.WU_STAGING) wuHost = 'https://staging.example.com/cgi-bin/token';",
            '',
            "const agent = new https.Agent({ ca: fs.readFileSync('wx.pem') });",
            '',
            'exports.token = () => https.get(wuHost, { agent });',
            '',
          ].join('\n'),
        },
      },
    ],
  },
  {
    name: 'an exported const: made let',
    files: TS_FILES,
    findings: TS_FINDINGS,
    expected: [
      {
        name: 'src/config.ts:1 api.weixin.qq.com (WX_BASE)',
        files: {
          'src/config.ts': [
            "export let WX_BASE = 'https://api.weixin.qq.com';",
            "if (process.env.WU_STAGING) WX_BASE = 'https://staging.example.com';",
            '',
          ].join('\n'),
        },
      },
    ],
  },
];
