// CommonJS ↔ ESM (require/module.exports ↔ import/export), where mechanical (see ../modules.ts), for
// JavaScript files. One variant per file on the way from a host to a pin: an ESM file becomes CommonJS; a CommonJS file
// becomes ESM when no file of the project requires it (a CommonJS importer cannot require ESM). And
// one variant that turns every CommonJS file of the project into ESM at once, importers included.
import { ts } from 'ts-morph';
import { convert, exportShape, renamedFor, resolveImport, type Direction } from '../modules.ts';
import { isCode, isTypeScript, moduleStyle, parse, relativeSpecifiers, syntaxErrors, withFiles } from '../source.ts';
import { CJS_FILES, CJS_FINDINGS, TS_FILES, TS_FINDINGS } from '../tiny.ts';
import type { Example, Project, RewriteContext, RewriteMeta, Variant } from '../types.ts';

export const meta: RewriteMeta = {
  id: 'module-system',
  description: 'turn a file (or every CommonJS file) from CommonJS into ESM or back, where mechanical',
  kind: 'preserving',
};

/**
 * A finding inside `module.exports = { … }` (the `ca` of an options object a module exports) would
 * become `export const ca = …`: no key any more, so the conversion changes the program's TLS
 * options, not only its module system. Such files are left as they are.
 */
function holdsFindingInExportsObject(project: Project, file: string, context: RewriteContext): boolean {
  const lines = context.findings.filter((finding) => finding.file === file).map((finding) => finding.line);
  if (lines.length === 0) return false;
  const sourceFile = parse(file, project.get(file)!);
  return sourceFile.statements.some((statement) => {
    if (!ts.isExpressionStatement(statement) || !ts.isBinaryExpression(statement.expression)) return false;
    if (!ts.isObjectLiteralExpression(statement.expression.right) || !/^(module\.)?exports$/.test(statement.expression.left.getText(sourceFile))) return false;
    const first = sourceFile.getLineAndCharacterOfPosition(statement.getStart(sourceFile)).line + 1;
    const last = sourceFile.getLineAndCharacterOfPosition(statement.getEnd()).line + 1;
    return lines.some((line) => line >= first && line <= last);
  });
}

export function generate(project: Project, context: RewriteContext): Variant[] | 'not-applicable' {
  const variants: Variant[] = [];
  for (const file of context.pathFiles.filter(isJavaScript)) {
    if (holdsFindingInExportsObject(project, file, context)) continue;
    const direction: Direction = moduleStyle(project, file) === 'cjs' ? 'to-esm' : 'to-cjs';
    if (direction === 'to-esm' && requiredByOthers(project, file)) continue;
    const variant = convertAll(project, [file], direction);
    if (variant) variants.push({ ...variant, name: `${file} → ${direction === 'to-esm' ? 'ESM' : 'CommonJS'}` });
  }
  const cjs = [...project.keys()].filter((file) => isJavaScript(file) && moduleStyle(project, file) === 'cjs');
  if (cjs.length > 1 && cjs.some((file) => context.pathFiles.includes(file)) && !cjs.some((file) => holdsFindingInExportsObject(project, file, context))) {
    const variant = convertAll(project, cjs, 'to-esm');
    if (variant) variants.push({ ...variant, name: `every CommonJS file (${cjs.length}) → ESM` });
  }
  return variants.length > 0 ? variants : 'not-applicable';
}

/** TypeScript's own CommonJS forms are `import x = require()` and `export =`: TS files are left to js-ts. */
function isJavaScript(file: string): boolean {
  return isCode(file) && !isTypeScript(file);
}

function requiredByOthers(project: Project, file: string): boolean {
  return [...project].some(
    ([other, text]) =>
      other !== file && isCode(other) && moduleStyle(project, other) === 'cjs' && relativeSpecifiers(parse(other, text)).some((literal) => resolveImport(project, other, literal.text) === file),
  );
}

function convertAll(project: Project, files: readonly string[], direction: Direction): Omit<Variant, 'name'> | undefined {
  const converting = new Set(files);
  const renames = Object.fromEntries(files.map((file) => [file, renamedFor(file, direction)]).filter(([from, to]) => from !== to));
  const context = {
    project,
    renamed: (file: string) => renames[file] ?? file,
    shapeOf: (file: string) => exportShape(file, project.get(file)!, converting.has(file) ? direction : undefined),
  };
  const changes: Record<string, string> = {};
  for (const file of files) {
    const converted = convert(file, project.get(file)!, direction, context);
    // An export whose name is no binding name (`module.exports = { default: … }`) has no ESM form here.
    if (converted === undefined || syntaxErrors(context.renamed(file), converted).length > 0) return undefined;
    changes[context.renamed(file)] = converted;
  }
  // Importers that spell a renamed file's extension follow it.
  for (const [other, text] of project) {
    if (converting.has(other) || !isCode(other)) continue;
    let fixed = text;
    for (const literal of relativeSpecifiers(parse(other, text)).reverse()) {
      const target = resolveImport(project, other, literal.text);
      if (!target || !renames[target] || !/\.[cm][jt]s$/.test(literal.text)) continue;
      const spelled = literal.text.replace(/\.[cm][jt]s$/, renames[target].slice(renames[target].lastIndexOf('.')));
      fixed = fixed.slice(0, literal.getStart() + 1) + spelled + fixed.slice(literal.end - 1);
    }
    if (fixed !== text) changes[other] = fixed;
  }
  return { files: withFiles(project, changes, Object.keys(renames)), renames };
}

export const examples: Example[] = [
  {
    name: 'a CommonJS file nobody requires → ESM',
    files: CJS_FILES,
    findings: CJS_FINDINGS,
    expected: [
      {
        name: 'src/client.js → ESM',
        files: {
          'src/client.js': [
            "import https from 'https';",
            "import fs from 'fs';",
            '',
            "const agent = new https.Agent({ ca: fs.readFileSync('wx.pem') });",
            '',
            "export const token = () => https.get('https://api.weixin.qq.com/cgi-bin/token', { agent });",
            '',
          ].join('\n'),
        },
      },
    ],
  },
  { name: 'TypeScript files are left to js-ts', files: TS_FILES, findings: TS_FINDINGS, expected: 'not-applicable' },
  {
    name: 'a CommonJS config module and its importer',
    files: {
      'lib/config.js': "module.exports = {\n  base: 'https://api.weixin.qq.com',\n  caFile: __dirname + '/wx.pem',\n};\n",
      'lib/client.js': [
        "const https = require('https');",
        "const { readFileSync } = require('fs');",
        "const config = require('./config');",
        '',
        'module.exports = (path) => https.get(config.base + path, { ca: readFileSync(config.caFile) });',
        '',
      ].join('\n'),
    },
    findings: [{ file: 'lib/client.js', line: 5, evidence: [{ file: 'lib/config.js', line: 2, note: 'host api.weixin.qq.com' }] }],
    expected: [
      {
        name: 'lib/client.js → ESM',
        files: {
          'lib/client.js': [
            "import https from 'https';",
            "import { readFileSync } from 'fs';",
            "import config from './config.js';",
            '',
            'export default (path) => https.get(config.base + path, { ca: readFileSync(config.caFile) });',
            '',
          ].join('\n'),
        },
      },
      {
        name: 'every CommonJS file (2) → ESM',
        files: {
          'lib/config.js': [
            "export const base = 'https://api.weixin.qq.com';",
            "export const caFile = import.meta.dirname + '/wx.pem';",
            '',
          ].join('\n'),
          'lib/client.js': [
            "import https from 'https';",
            "import { readFileSync } from 'fs';",
            "import * as config from './config.js';",
            '',
            'export default (path) => https.get(config.base + path, { ca: readFileSync(config.caFile) });',
            '',
          ].join('\n'),
        },
      },
    ],
  },
  {
    name: 'an .mjs file → .cjs, its importer follows',
    files: {
      'src/base.mjs': "export const BASE = 'https://api.weixin.qq.com';\nexport const CA = new URL('./wx.pem', import.meta.url);\n",
      'src/get.mjs': "import https from 'node:https';\nimport { BASE, CA } from './base.mjs';\nexport default (p) => https.get(BASE + p, { ca: CA });\n",
    },
    findings: [{ file: 'src/get.mjs', line: 3, evidence: [{ file: 'src/base.mjs', line: 1, note: 'host api.weixin.qq.com' }] }],
    expected: [
      {
        name: 'src/base.mjs → CommonJS',
        files: {
          'src/get.mjs': [
            "import https from 'node:https';",
            "import { BASE, CA } from './base.cjs';",
            'export default (p) => https.get(BASE + p, { ca: CA });',
            '',
          ].join('\n'),
          'src/base.cjs': [
            "const BASE = 'https://api.weixin.qq.com';",
            "const CA = new URL('./wx.pem', require('url').pathToFileURL(__filename).href);",
            '',
            'module.exports = { BASE, CA };',
            '',
          ].join('\n'),
        },
        deleted: ['src/base.mjs'],
      },
      {
        name: 'src/get.mjs → CommonJS',
        files: {
          'src/get.cjs': [
            "const https = require('node:https');",
            "const { BASE, CA } = require('./base.mjs');",
            'module.exports = (p) => https.get(BASE + p, { ca: CA });',
            '',
          ].join('\n'),
        },
        deleted: ['src/get.mjs'],
      },
    ],
  },
];
