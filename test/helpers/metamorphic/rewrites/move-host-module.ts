// A host literal moves into a module of its own and is imported back: `export const WU_HOST = '…'`
// (or `exports.WU_HOST = …` in a CommonJS file) next to the file that used it.
import { perLiteral } from '../literal.ts';
import { exportConst, importStatement, moduleStyle, specifierFor, specifierStyle, uniqueName, uniquePath } from '../source.ts';
import { CJS_FILES, CJS_FINDINGS, TEMPLATE_FILES, TEMPLATE_FINDINGS } from '../tiny.ts';
import type { Example, Project, RewriteContext, RewriteMeta, Variant } from '../types.ts';

export const meta: RewriteMeta = {
  id: 'move-host-module',
  description: 'move a host literal into a new module and import it (ESM or CJS, as the file is written)',
  kind: 'preserving',
};

export function generate(project: Project, context: RewriteContext): Variant[] | 'not-applicable' {
  return perLiteral(project, context.literals, (literal) => {
    const style = moduleStyle(project, literal.file);
    const name = uniqueName(project, 'WU_HOST');
    const moduleFile = uniquePath(project, literal.file, 'wu-host');
    const specifier = specifierFor(literal.file, moduleFile, specifierStyle(project, literal.file));
    return {
      expression: name,
      top: importStatement(style, [name], specifier),
      files: { [moduleFile]: `${exportConst(style, name, literal.value)}\n` },
      name: `→ ${moduleFile}`,
    };
  });
}

export const examples: Example[] = [
  {
    name: 'CommonJS: a URL literal',
    files: CJS_FILES,
    findings: CJS_FINDINGS,
    expected: [
      {
        name: 'src/client.js:6 api.weixin.qq.com → src/wu-host.js',
        files: {
          'src/client.js': [
            "const https = require('https');",
            "const fs = require('fs');",
            "const { WU_HOST } = require('./wu-host');",
            '',
            "const agent = new https.Agent({ ca: fs.readFileSync('wx.pem') });",
            '',
            'exports.token = () => https.get(WU_HOST, { agent });',
            '',
          ].join('\n'),
          'src/wu-host.js': [
            "exports.WU_HOST = 'https://api.weixin.qq.com/cgi-bin/token';",
            '',
          ].join('\n'),
        },
      },
    ],
  },
  {
    name: 'ESM: the https://host part of a template',
    files: TEMPLATE_FILES,
    findings: TEMPLATE_FINDINGS,
    expected: [
      {
        name: 'src/token.mjs:4 api.weixin.qq.com → src/wu-host.mjs',
        files: {
          'src/token.mjs': [
            "import https from 'node:https';",
            "import { WU_HOST } from './wu-host.mjs';",
            '',
            'const agent = new https.Agent({ ca: process.env.WX_CA });',
            'export const token = (id) => https.get(`${WU_HOST}/cgi-bin/token?appid=${id}`, { agent });',
            '',
          ].join('\n'),
          'src/wu-host.mjs': [
            "export const WU_HOST = 'https://api.weixin.qq.com';",
            '',
          ].join('\n'),
        },
      },
    ],
  },
];
