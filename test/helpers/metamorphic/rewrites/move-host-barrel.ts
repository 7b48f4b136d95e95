// A host literal moves into a module inside a new folder whose index re-exports it (a barrel), and
// the file imports it from the folder: `export * from './wu-host.js'` or, in CommonJS,
// `module.exports = { ...require('./wu-host') }`.
import { perLiteral } from '../literal.ts';
import { exportConst, importStatement, moduleStyle, specifierFor, specifierStyle, uniqueName, uniquePath } from '../source.ts';
import { CJS_FILES, CJS_FINDINGS, TS_FILES, TS_FINDINGS } from '../tiny.ts';
import type { Example, Project, RewriteContext, RewriteMeta, Variant } from '../types.ts';

export const meta: RewriteMeta = {
  id: 'move-host-barrel',
  description: 'move a host literal into a module of a new folder and import it through the folder index (a barrel)',
  kind: 'preserving',
};

export function generate(project: Project, context: RewriteContext): Variant[] | 'not-applicable' {
  return perLiteral(project, context.literals, (literal) => {
    const style = moduleStyle(project, literal.file);
    const specifiers = specifierStyle(project, literal.file);
    const name = uniqueName(project, 'WU_HOST');
    const extension = literal.file.slice(literal.file.lastIndexOf('.'));
    const folder = uniquePath(project, literal.file, 'wu-hosts', '');
    const moduleFile = `${folder}/wu-host${extension}`;
    const index = `${folder}/index${extension}`;
    const reexport =
      style === 'esm'
        ? `export * from '${specifierFor(index, moduleFile, specifiers)}';`
        : `module.exports = { ...require('${specifierFor(index, moduleFile, specifiers)}') };`;
    // `./wu-hosts` names the folder (its index) where specifiers go without extensions.
    const fromFile = specifiers === 'none' ? specifierFor(literal.file, index, 'none').replace(/\/index$/, '') : specifierFor(literal.file, index, specifiers);
    return {
      expression: name,
      top: importStatement(style, [name], fromFile),
      files: { [moduleFile]: `${exportConst(style, name, literal.value)}\n`, [index]: `${reexport}\n` },
      name: `→ ${index}`,
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
        name: 'src/client.js:6 api.weixin.qq.com → src/wu-hosts/index.js',
        files: {
          'src/client.js': [
            "const https = require('https');",
            "const fs = require('fs');",
            "const { WU_HOST } = require('./wu-hosts');",
            '',
            "const agent = new https.Agent({ ca: fs.readFileSync('wx.pem') });",
            '',
            'exports.token = () => https.get(WU_HOST, { agent });',
            '',
          ].join('\n'),
          'src/wu-hosts/wu-host.js': [
            "exports.WU_HOST = 'https://api.weixin.qq.com/cgi-bin/token';",
            '',
          ].join('\n'),
          'src/wu-hosts/index.js': [
            "module.exports = { ...require('./wu-host') };",
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
        name: 'src/config.ts:1 api.weixin.qq.com → src/wu-hosts/index.ts',
        files: {
          'src/config.ts': [
            "import { WU_HOST } from './wu-hosts/index.js';",
            'export const WX_BASE = WU_HOST;',
            '',
          ].join('\n'),
          'src/wu-hosts/wu-host.ts': [
            "export const WU_HOST = 'https://api.weixin.qq.com';",
            '',
          ].join('\n'),
          'src/wu-hosts/index.ts': [
            "export * from './wu-host.js';",
            '',
          ].join('\n'),
        },
      },
    ],
  },
];
