// A file on the way from a host to a pin changes language. JS → TS: the file is renamed (.js → .ts,
// .mjs → .mts, .cjs → .cts, .jsx → .tsx), its text kept; importers keep their specifiers (`./x.js`
// names x.ts under TypeScript's resolution). TS → JS: the compiler's own type-stripping emit
// (`transpileModule`, module kind Preserve), renamed back; importers that spell `./x.ts` are updated.
import path from 'node:path';
import { ts } from 'ts-morph';
import { applyEdits, isTypeScript, parse, relativeSpecifiers, syntaxErrors, withFiles, type Edit } from '../source.ts';
import { CJS_FILES, CJS_FINDINGS, TS_FILES, TS_FINDINGS } from '../tiny.ts';
import type { Example, Project, RewriteContext, RewriteMeta, Variant } from '../types.ts';

export const meta: RewriteMeta = {
  id: 'js-ts',
  description: 'rename a JS file to TS (text kept), or compile a TS file to JS with transpileModule (importers that name .ts fixed)',
  kind: 'preserving',
};

const TO_TS: Record<string, string> = { '.js': '.ts', '.mjs': '.mts', '.cjs': '.cts', '.jsx': '.tsx' };
const TO_JS = Object.fromEntries(Object.entries(TO_TS).map(([js, tsExtension]) => [tsExtension, js]));

export function generate(project: Project, context: RewriteContext): Variant[] | 'not-applicable' {
  const variants: Variant[] = [];
  for (const file of context.pathFiles) {
    const extension = path.posix.extname(file);
    const toTs = !isTypeScript(file);
    const renamed = file.slice(0, -extension.length) + (toTs ? TO_TS[extension] : TO_JS[extension]);
    if (!renamed || project.has(renamed)) continue;
    const text = project.get(file)!;
    // Decorators on parameters (Nest's @Inject) are TypeScript only: as JavaScript the file is no program.
    // `private` and `protected` say who may call a member, which the scanner relies on: JavaScript
    // loses that, so the conversion is no refactor for it.
    if (!toTs && (hasDecorators(parse(file, text)) || hasAccessModifiers(parse(file, text)))) continue;
    const converted = toTs ? text : stripTypes(file, text);
    if (converted === undefined || syntaxErrors(renamed, converted).length > 0) continue;
    const changes: Record<string, string> = { [renamed]: converted };
    if (!toTs) {
      for (const [other, otherText] of project) {
        if (other === file) continue;
        const fixed = renameSpecifiers(other, otherText, file, renamed);
        if (fixed !== otherText) changes[other] = fixed;
      }
    }
    // A package.json that names the file (`main`, `exports`) names it by its new name.
    for (const [manifest, manifestText] of project) {
      if (path.posix.basename(manifest) !== 'package.json') continue;
      const folder = path.posix.dirname(manifest);
      const relative = (name: string): string => path.posix.relative(folder, name);
      if (relative(file).startsWith('..')) continue;
      const fixed = manifestText.split(`"./${relative(file)}"`).join(`"./${relative(renamed)}"`).split(`"${relative(file)}"`).join(`"${relative(renamed)}"`);
      if (fixed !== manifestText) changes[manifest] = fixed;
    }
    variants.push({ name: `${file} → ${renamed}`, files: withFiles(project, changes, [file]), renames: { [file]: renamed } });
  }
  return variants.length > 0 ? variants : 'not-applicable';
}

function hasDecorators(sourceFile: ts.SourceFile): boolean {
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isDecorator(node)) found = true;
    else ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return found;
}

function hasAccessModifiers(sourceFile: ts.SourceFile): boolean {
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (node.kind === ts.SyntaxKind.PrivateKeyword || node.kind === ts.SyntaxKind.ProtectedKeyword) found = true;
    else ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return found;
}

function stripTypes(file: string, text: string): string | undefined {
  const output = ts.transpileModule(text, {
    fileName: file,
    reportDiagnostics: true,
    compilerOptions: { target: ts.ScriptTarget.ESNext, module: ts.ModuleKind.Preserve, jsx: ts.JsxEmit.Preserve, removeComments: false },
  });
  return output.diagnostics?.length ? undefined : output.outputText.replace(/\n?\/\/# sourceMappingURL=.*\n?$/, '\n');
}

/** In `file`, relative specifiers that spell `from` with its extension now spell `to`. */
function renameSpecifiers(file: string, text: string, from: string, to: string): string {
  const edits: Edit[] = [];
  for (const literal of relativeSpecifiers(parse(file, text))) {
    if (path.posix.join(path.posix.dirname(file), literal.text) !== from) continue;
    const replacement = literal.text.slice(0, -path.posix.extname(from).length) + path.posix.extname(to);
    edits.push({ start: literal.getStart() + 1, end: literal.end - 1, text: replacement });
  }
  return applyEdits(text, edits);
}

export const examples: Example[] = [
  {
    name: 'JS → TS',
    files: CJS_FILES,
    findings: CJS_FINDINGS,
    expected: [
      {
        name: 'src/client.js → src/client.ts',
        files: {
          'src/client.ts': [
            "const https = require('https');",
            "const fs = require('fs');",
            '',
            "const agent = new https.Agent({ ca: fs.readFileSync('wx.pem') });",
            '',
            "exports.token = () => https.get('https://api.weixin.qq.com/cgi-bin/token', { agent });",
            '',
          ].join('\n'),
        },
        deleted: ['src/client.js'],
      },
    ],
  },
  {
    name: 'TS → JS',
    files: TS_FILES,
    findings: TS_FINDINGS,
    expected: [
      {
        name: 'src/client.ts → src/client.js',
        files: {
          'src/client.js': [
            "import { Agent, get } from 'node:https';",
            "import { readFileSync } from 'node:fs';",
            "import { WX_BASE } from './config.js';",
            "const agent = new Agent({ ca: readFileSync('wx.pem') });",
            'export const token = (appid) => get(`${WX_BASE}/cgi-bin/token?appid=${appid}`, { agent });',
            '',
          ].join('\n'),
        },
        deleted: ['src/client.ts'],
      },
      {
        name: 'src/config.ts → src/config.js',
        files: {
          'src/config.js': [
            "export const WX_BASE = 'https://api.weixin.qq.com';",
            '',
          ].join('\n'),
        },
        deleted: ['src/config.ts'],
      },
    ],
  },
  {
    name: 'TS → JS, an importer names the .ts file',
    files: {
      'a.ts': "import https from 'node:https';\nimport { BASE } from './b.ts';\nhttps.get(BASE, { ca: process.env.CA as string });\n",
      'b.ts': "export const BASE: string = 'https://api.weixin.qq.com';\n",
    },
    findings: [{ file: 'a.ts', line: 3, evidence: [{ file: 'b.ts', line: 1, note: 'host api.weixin.qq.com' }] }],
    expected: [
      {
        name: 'a.ts → a.js',
        files: {
          'a.js': [
            "import https from 'node:https';",
            "import { BASE } from './b.ts';",
            'https.get(BASE, { ca: process.env.CA });',
            '',
          ].join('\n'),
        },
        deleted: ['a.ts'],
      },
      {
        name: 'b.ts → b.js',
        files: {
          'a.ts': [
            "import https from 'node:https';",
            "import { BASE } from './b.js';",
            'https.get(BASE, { ca: process.env.CA as string });',
            '',
          ].join('\n'),
          'b.js': [
            "export const BASE = 'https://api.weixin.qq.com';",
            '',
          ].join('\n'),
        },
        deleted: ['b.ts'],
      },
    ],
  },
];
