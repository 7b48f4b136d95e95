// A host literal becomes a class field, read from outside the class: a static field
// (`WuHosts.base`) or an instance field of an instance made beside it (`wuHosts.base`).
import { perLiteral } from '../literal.ts';
import { uniqueName } from '../source.ts';
import { CJS_FILES, CJS_FINDINGS, TS_FILES, TS_FINDINGS } from '../tiny.ts';
import type { Example, Project, RewriteContext, RewriteMeta, Variant } from '../types.ts';

export const meta: RewriteMeta = {
  id: 'host-class-field',
  description: 'move a host literal into a class field (static, or instance) and read it from outside the class',
  kind: 'preserving',
};

export function generate(project: Project, context: RewriteContext): Variant[] | 'not-applicable' {
  return perLiteral(project, context.literals, (literal) => {
    const className = uniqueName(project, 'WuHosts');
    const instance = uniqueName(project, 'wuHosts');
    return [
      { name: 'static field', expression: `${className}.base`, top: `class ${className} {\n  static base = ${literal.value};\n}` },
      {
        name: 'instance field',
        expression: `${instance}.base`,
        top: `class ${className} {\n  base = ${literal.value};\n}\nconst ${instance} = new ${className}();`,
      },
    ];
  });
}

export const examples: Example[] = [
  {
    name: 'CommonJS: a URL literal',
    files: CJS_FILES,
    findings: CJS_FINDINGS,
    expected: [
      {
        name: 'src/client.js:6 api.weixin.qq.com static field',
        files: {
          'src/client.js': [
            "const https = require('https');",
            "const fs = require('fs');",
            'class WuHosts {',
            "  static base = 'https://api.weixin.qq.com/cgi-bin/token';",
            '}',
            '',
            "const agent = new https.Agent({ ca: fs.readFileSync('wx.pem') });",
            '',
            'exports.token = () => https.get(WuHosts.base, { agent });',
            '',
          ].join('\n'),
        },
      },
      {
        name: 'src/client.js:6 api.weixin.qq.com instance field',
        files: {
          'src/client.js': [
            "const https = require('https');",
            "const fs = require('fs');",
            'class WuHosts {',
            "  base = 'https://api.weixin.qq.com/cgi-bin/token';",
            '}',
            'const wuHosts = new WuHosts();',
            '',
            "const agent = new https.Agent({ ca: fs.readFileSync('wx.pem') });",
            '',
            'exports.token = () => https.get(wuHosts.base, { agent });',
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
        name: 'src/config.ts:1 api.weixin.qq.com static field',
        files: {
          'src/config.ts': [
            'class WuHosts {',
            "  static base = 'https://api.weixin.qq.com';",
            '}',
            'export const WX_BASE = WuHosts.base;',
            '',
          ].join('\n'),
        },
      },
      {
        name: 'src/config.ts:1 api.weixin.qq.com instance field',
        files: {
          'src/config.ts': [
            'class WuHosts {',
            "  base = 'https://api.weixin.qq.com';",
            '}',
            'const wuHosts = new WuHosts();',
            'export const WX_BASE = wuHosts.base;',
            '',
          ].join('\n'),
        },
      },
    ],
  },
];
