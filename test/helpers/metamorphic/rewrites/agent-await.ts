// The agent or client that carries the pin is routed through a promise: `new https.Agent({ ca })`
// becomes `(await Promise.resolve(new https.Agent({ ca })))`. Only where `await` may stand: in the body
// of an async function, or at the top level of an ES module (.mjs/.mts, or "type": "module").
import path from 'node:path';
import { ts } from 'ts-morph';
import { creationAt } from '../creation.ts';
import { applyEdits, hasEsmSyntax, isCode, lineOf, offsetOf, parse, withFiles } from '../source.ts';
import { TEMPLATE_FILES, TEMPLATE_FINDINGS } from '../tiny.ts';
import type { Example, Project, RewriteContext, RewriteMeta, Variant } from '../types.ts';

export const meta: RewriteMeta = {
  id: 'agent-await',
  description: 'route the agent/client that carries the pin through (await Promise.resolve(agent)) where await is allowed',
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
    if (!awaitAllowed(project, sourceFile, creation)) continue;
    const start = creation.getStart(sourceFile);
    const replacement = `(await Promise.resolve(${creation.getText(sourceFile)}))`;
    variants.push({
      name: `${finding.file}:${lineOf(sourceFile, start)}`,
      files: withFiles(project, { [finding.file]: applyEdits(text, [{ start, end: creation.end, text: replacement }]) }),
    });
  }
  return variants.length > 0 ? variants : 'not-applicable';
}

function awaitAllowed(project: Project, sourceFile: ts.SourceFile, creation: ts.Node): boolean {
  const scope = ts.findAncestor(creation.parent, (node) => ts.isFunctionLike(node) || ts.isClassLike(node) || ts.isClassStaticBlockDeclaration(node) || ts.isSourceFile(node));
  if (!scope) return false;
  if (ts.isSourceFile(scope)) return hasEsmSyntax(sourceFile) && isModuleFile(project, sourceFile.fileName);
  if (!ts.isFunctionLike(scope) || !('body' in scope) || !scope.body) return false;
  const body = scope.body as ts.Node;
  const async = (ts.getModifiers(scope as ts.HasModifiers) ?? []).some((modifier) => modifier.kind === ts.SyntaxKind.AsyncKeyword);
  return async && creation.pos >= body.pos && creation.end <= body.end;
}

/** An ES module by its extension or by the nearest package.json's "type". */
function isModuleFile(project: Project, file: string): boolean {
  if (/\.m[jt]s$/.test(file)) return true;
  if (/\.c[jt]s$/.test(file)) return false;
  for (let dir = path.posix.dirname(file); ; dir = path.posix.dirname(dir)) {
    const text = project.get(dir === '.' ? 'package.json' : `${dir}/package.json`);
    if (text !== undefined) {
      try {
        return (JSON.parse(text) as { type?: unknown }).type === 'module';
      } catch {
        return false;
      }
    }
    if (dir === '.') return false;
  }
}

export const examples: Example[] = [
  {
    name: 'the top level of an .mjs module',
    files: TEMPLATE_FILES,
    findings: TEMPLATE_FINDINGS,
    expected: [
      {
        name: 'src/token.mjs:3',
        files: {
          'src/token.mjs': [
            "import https from 'node:https';",
            '',
            'const agent = (await Promise.resolve(new https.Agent({ ca: process.env.WX_CA })));',
            'export const token = (id) => https.get(`https://api.weixin.qq.com/cgi-bin/token?appid=${id}`, { agent });',
            '',
          ].join('\n'),
        },
      },
    ],
  },
  {
    name: 'an async function of a CommonJS module',
    files: {
      'a.js': [
        "const axios = require('axios');",
        "const https = require('https');",
        'exports.token = async () => {',
        "  const http = axios.create({ baseURL: 'https://api.weixin.qq.com', httpsAgent: new https.Agent({ ca: process.env.CA }) });",
        "  return http.get('/cgi-bin/token');",
        '};',
        '',
      ].join('\n'),
    },
    findings: [{ file: 'a.js', line: 4, column: 99, evidence: [{ file: 'a.js', line: 4, note: 'host api.weixin.qq.com' }] }],
    expected: [
      {
        name: 'a.js:4',
        files: {
          'a.js': [
            "const axios = require('axios');",
            "const https = require('https');",
            'exports.token = async () => {',
            "  const http = axios.create({ baseURL: 'https://api.weixin.qq.com', httpsAgent: (await Promise.resolve(new https.Agent({ ca: process.env.CA }))) });",
            "  return http.get('/cgi-bin/token');",
            '};',
            '',
          ].join('\n'),
        },
      },
    ],
  },
  {
    name: 'the top level of a CommonJS module: no await there',
    files: { 'a.js': "const https = require('https');\nconst agent = new https.Agent({ ca: process.env.CA });\nhttps.get('https://api.weixin.qq.com', { agent });\n" },
    findings: [{ file: 'a.js', line: 2, column: 33, evidence: [{ file: 'a.js', line: 3, note: 'host api.weixin.qq.com' }] }],
    expected: 'not-applicable',
  },
];
