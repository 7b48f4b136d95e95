// The agent or client creation that carries the pin is made inside an immediately invoked function:
// `new https.Agent({ ca })` becomes `(() => new https.Agent({ ca }))()` (arrow), or
// `(function () { return new https.Agent({ ca }); })()` where the creation reads no `this` or `arguments`.
// A creation that awaits or yields is left alone.
import { ts } from 'ts-morph';
import { creationAt } from '../creation.ts';
import { applyEdits, isCode, lineOf, offsetOf, parse, walk, withFiles } from '../source.ts';
import { CJS_FILES, CJS_FINDINGS } from '../tiny.ts';
import type { Example, Project, RewriteContext, RewriteMeta, Variant } from '../types.ts';

export const meta: RewriteMeta = {
  id: 'client-iife',
  description: 'make the agent/client that carries the pin inside an immediately invoked function ((() => new Agent({ ca }))())',
  kind: 'preserving',
};

export function generate(project: Project, context: RewriteContext): Variant[] | 'not-applicable' {
  const variants: Variant[] = [];
  const done = new Set<string>();
  for (const finding of context.findings) {
    const text = project.get(finding.file);
    if (text === undefined || !isCode(finding.file) || finding.status === 'suppressed') continue;
    const sourceFile = parse(finding.file, text);
    const creation = creationAt(sourceFile, offsetOf(sourceFile, finding.line, finding.column));
    if (!creation || done.has(`${finding.file}:${creation.pos}`)) continue;
    done.add(`${finding.file}:${creation.pos}`);
    const uses = usesOf(creation);
    if (uses.has('await') || uses.has('yield')) continue;
    const start = creation.getStart(sourceFile);
    const made = creation.getText(sourceFile);
    const label = `${finding.file}:${lineOf(sourceFile, start)}`;
    const wrap = (name: string, replacement: string) =>
      variants.push({ name: `${label} ${name}`, files: withFiles(project, { [finding.file]: applyEdits(text, [{ start, end: creation.end, text: replacement }]) }) });
    wrap('arrow', `(() => ${made})()`);
    if (!uses.has('this') && !uses.has('arguments')) wrap('function', `(function () {\n  return ${made};\n})()`);
  }
  return variants.length > 0 ? variants : 'not-applicable';
}

/** Which of `this`, `arguments`, `await`, `yield` the creation uses outside functions of its own. */
function usesOf(creation: ts.Node): Set<string> {
  const found = new Set<string>();
  walk(creation, (node) => {
    const own = ts.findAncestor(node.parent, (ancestor) => ancestor === creation || ts.isFunctionLike(ancestor) || ts.isClassLike(ancestor));
    if (own !== creation) return;
    if (node.kind === ts.SyntaxKind.ThisKeyword || node.kind === ts.SyntaxKind.SuperKeyword) found.add('this');
    else if (ts.isIdentifier(node) && node.text === 'arguments') found.add('arguments');
    else if (ts.isAwaitExpression(node)) found.add('await');
    else if (ts.isYieldExpression(node)) found.add('yield');
  });
  return found;
}

export const examples: Example[] = [
  {
    name: 'CommonJS: an https.Agent',
    files: CJS_FILES,
    findings: CJS_FINDINGS,
    expected: [
      {
        name: 'src/client.js:4 arrow',
        files: {
          'src/client.js': [
            "const https = require('https');",
            "const fs = require('fs');",
            '',
            "const agent = (() => new https.Agent({ ca: fs.readFileSync('wx.pem') }))();",
            '',
            "exports.token = () => https.get('https://api.weixin.qq.com/cgi-bin/token', { agent });",
            '',
          ].join('\n'),
        },
      },
      {
        name: 'src/client.js:4 function',
        files: {
          'src/client.js': [
            "const https = require('https');",
            "const fs = require('fs');",
            '',
            'const agent = (function () {',
            "  return new https.Agent({ ca: fs.readFileSync('wx.pem') });",
            '})();',
            '',
            "exports.token = () => https.get('https://api.weixin.qq.com/cgi-bin/token', { agent });",
            '',
          ].join('\n'),
        },
      },
    ],
  },
  {
    name: 'a creation that reads this: only the arrow keeps it',
    files: {
      'src/wx.ts': [
        "import axios from 'axios';",
        "import https from 'node:https';",
        'export class Wx {',
        "  ca = process.env.CA;",
        "  http = axios.create({ baseURL: 'https://api.weixin.qq.com', httpsAgent: new https.Agent({ ca: this.ca }) });",
        '}',
        '',
      ].join('\n'),
    },
    findings: [{ file: 'src/wx.ts', line: 5, column: 93, evidence: [{ file: 'src/wx.ts', line: 5, note: 'host api.weixin.qq.com' }] }],
    expected: [
      {
        name: 'src/wx.ts:5 arrow',
        files: {
          'src/wx.ts': [
            "import axios from 'axios';",
            "import https from 'node:https';",
            'export class Wx {',
            "  ca = process.env.CA;",
            "  http = axios.create({ baseURL: 'https://api.weixin.qq.com', httpsAgent: (() => new https.Agent({ ca: this.ca }))() });",
            '}',
            '',
          ].join('\n'),
        },
      },
    ],
  },
];
