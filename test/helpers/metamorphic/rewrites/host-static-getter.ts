// A host literal moves into a static getter of a class and is read from outside it:
// `class WuHosts { static get base() { return L; } }` … `WuHosts.base`, or (`inherited`) read through a
// subclass that inherits the getter: `class WuHosts2 extends WuHosts {}` … `WuHosts2.base`.
import { perLiteral, type LiteralEdit } from '../literal.ts';
import { uniqueName } from '../source.ts';
import { CJS_FILES, CJS_FINDINGS, TEMPLATE_FILES, TEMPLATE_FINDINGS } from '../tiny.ts';
import type { Example, Project, RewriteContext, RewriteMeta, Variant } from '../types.ts';

export const meta: RewriteMeta = {
  id: 'host-static-getter',
  description: 'move a host literal into a static getter of a class (static get base() { return L }) and read WuHosts.base',
  kind: 'preserving',
};

export function generate(project: Project, context: RewriteContext): Variant[] | 'not-applicable' {
  return perLiteral(project, context.literals, (literal): LiteralEdit[] => {
    const className = uniqueName(project, 'WuHosts');
    const subclass = uniqueName(project, 'WuRegionHosts');
    const getter = `class ${className} {\n  static get base() {\n    return ${literal.value};\n  }\n}`;
    return [
      { name: 'own', expression: `${className}.base`, top: getter },
      { name: 'inherited', expression: `${subclass}.base`, top: `${getter}\nclass ${subclass} extends ${className} {}` },
    ];
  });
}

export const examples: Example[] = [
  {
    name: 'CommonJS: a URL literal',
    files: CJS_FILES,
    findings: CJS_FINDINGS,
    expected: [
      { name: 'own', extra: [], read: 'WuHosts.base' },
      { name: 'inherited', extra: ['class WuRegionHosts extends WuHosts {}'], read: 'WuRegionHosts.base' },
    ].map(({ name, extra, read }) => ({
      name: `src/client.js:6 api.weixin.qq.com ${name}`,
      files: {
        'src/client.js': [
          "const https = require('https');",
          "const fs = require('fs');",
          'class WuHosts {',
          '  static get base() {',
          "    return 'https://api.weixin.qq.com/cgi-bin/token';",
          '  }',
          '}',
          ...extra,
          '',
          "const agent = new https.Agent({ ca: fs.readFileSync('wx.pem') });",
          '',
          `exports.token = () => https.get(${read}, { agent });`,
          '',
        ].join('\n'),
      },
    })),
  },
  {
    name: 'ESM: the https://host part of a template',
    files: TEMPLATE_FILES,
    findings: TEMPLATE_FINDINGS,
    expected: [
      { name: 'own', extra: [], read: 'WuHosts.base' },
      { name: 'inherited', extra: ['class WuRegionHosts extends WuHosts {}'], read: 'WuRegionHosts.base' },
    ].map(({ name, extra, read }) => ({
      name: `src/token.mjs:4 api.weixin.qq.com ${name}`,
      files: {
        'src/token.mjs': [
          "import https from 'node:https';",
          'class WuHosts {',
          '  static get base() {',
          "    return 'https://api.weixin.qq.com';",
          '  }',
          '}',
          ...extra,
          '',
          'const agent = new https.Agent({ ca: process.env.WX_CA });',
          `export const token = (id) => https.get(\`\${${read}}/cgi-bin/token?appid=\${id}\`, { agent });`,
          '',
        ].join('\n'),
      },
    })),
  },
];
