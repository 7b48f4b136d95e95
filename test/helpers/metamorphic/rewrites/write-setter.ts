// A setter stores another URL into the field the client reads: `set base(v) { this.url = v; }` on a
// class (or an object literal, or a base class the holder extends) that holds the host, and
// `wuEndpoint.base = 'https://staging…'` under a condition. The literal moves into the new holder's
// field, read as `wuEndpoint.url`.
import { CONDITION, perLiteral, writeTargets } from '../literal.ts';
import { isTypeScript, uniqueName } from '../source.ts';
import { CJS_FILES, CJS_FINDINGS, TS_FILES, TS_FINDINGS } from '../tiny.ts';
import type { Example, Project, RewriteContext, RewriteMeta, Variant } from '../types.ts';

export const meta: RewriteMeta = {
  id: 'write-setter',
  description: 'store another URL into the field that holds the host through a setter (set base(v) { this.url = v }) under a condition',
  kind: 'adds-other-write',
};

export function generate(project: Project, context: RewriteContext): Variant[] | 'not-applicable' {
  return perLiteral(project, writeTargets(context), (literal) => {
    const written = context.writeValue(literal);
    const parameter = isTypeScript(literal.file) ? 'v: string' : 'v';
    const className = uniqueName(project, 'WuEndpoint');
    const baseName = uniqueName(project, 'WuSettable');
    // The base class declares the field without writing it (a write of '' would be a value of its own).
    const declared = isTypeScript(literal.file) ? '  declare url: string;\n' : '';
    const instance = uniqueName(project, 'wuEndpoint');
    const write = `if (${CONDITION}) ${instance}.base = ${written};`;
    return [
      {
        name: 'class',
        expression: `${instance}.url`,
        top: `class ${className} {\n  url = ${literal.value};\n  set base(${parameter}) {\n    this.url = v;\n  }\n}\nconst ${instance} = new ${className}();\n${write}`,
      },
      {
        name: 'object',
        expression: `${instance}.url`,
        top: `const ${instance} = {\n  url: ${literal.value},\n  set base(${parameter}) {\n    this.url = v;\n  },\n};\n${write}`,
      },
      {
        name: 'inherited',
        expression: `${instance}.url`,
        top:
          `class ${baseName} {\n${declared}  set base(${parameter}) {\n    this.url = v;\n  }\n}\n` +
          `class ${className} extends ${baseName} {\n  url = ${literal.value};\n}\nconst ${instance} = new ${className}();\n${write}`,
      },
    ];
  });
}

export const examples: Example[] = [
  {
    name: 'CommonJS: a URL literal in a call',
    files: CJS_FILES,
    findings: CJS_FINDINGS,
    expected: [
      {
        name: 'src/client.js:6 api.weixin.qq.com class',
        files: {
          'src/client.js': [
            "const https = require('https');",
            "const fs = require('fs');",
            'class WuEndpoint {',
            "  url = 'https://api.weixin.qq.com/cgi-bin/token';",
            '  set base(v) {',
            '    this.url = v;',
            '  }',
            '}',
            'const wuEndpoint = new WuEndpoint();',
            "if (process.env.WU_STAGING) wuEndpoint.base = 'https://staging.example.com/cgi-bin/token';",
            '',
            "const agent = new https.Agent({ ca: fs.readFileSync('wx.pem') });",
            '',
            'exports.token = () => https.get(wuEndpoint.url, { agent });',
            '',
          ].join('\n'),
        },
      },
      {
        name: 'src/client.js:6 api.weixin.qq.com object',
        files: {
          'src/client.js': [
            "const https = require('https');",
            "const fs = require('fs');",
            'const wuEndpoint = {',
            "  url: 'https://api.weixin.qq.com/cgi-bin/token',",
            '  set base(v) {',
            '    this.url = v;',
            '  },',
            '};',
            "if (process.env.WU_STAGING) wuEndpoint.base = 'https://staging.example.com/cgi-bin/token';",
            '',
            "const agent = new https.Agent({ ca: fs.readFileSync('wx.pem') });",
            '',
            'exports.token = () => https.get(wuEndpoint.url, { agent });',
            '',
          ].join('\n'),
        },
      },
      {
        name: 'src/client.js:6 api.weixin.qq.com inherited',
        files: {
          'src/client.js': [
            "const https = require('https');",
            "const fs = require('fs');",
            'class WuSettable {',
            '  set base(v) {',
            '    this.url = v;',
            '  }',
            '}',
            'class WuEndpoint extends WuSettable {',
            "  url = 'https://api.weixin.qq.com/cgi-bin/token';",
            '}',
            'const wuEndpoint = new WuEndpoint();',
            "if (process.env.WU_STAGING) wuEndpoint.base = 'https://staging.example.com/cgi-bin/token';",
            '',
            "const agent = new https.Agent({ ca: fs.readFileSync('wx.pem') });",
            '',
            'exports.token = () => https.get(wuEndpoint.url, { agent });',
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
        name: 'src/config.ts:1 api.weixin.qq.com class',
        files: {
          'src/config.ts': [
            'class WuEndpoint {',
            "  url = 'https://api.weixin.qq.com';",
            '  set base(v: string) {',
            '    this.url = v;',
            '  }',
            '}',
            'const wuEndpoint = new WuEndpoint();',
            "if (process.env.WU_STAGING) wuEndpoint.base = 'https://staging.example.com';",
            'export const WX_BASE = wuEndpoint.url;',
            '',
          ].join('\n'),
        },
      },
      {
        name: 'src/config.ts:1 api.weixin.qq.com object',
        files: {
          'src/config.ts': [
            'const wuEndpoint = {',
            "  url: 'https://api.weixin.qq.com',",
            '  set base(v: string) {',
            '    this.url = v;',
            '  },',
            '};',
            "if (process.env.WU_STAGING) wuEndpoint.base = 'https://staging.example.com';",
            'export const WX_BASE = wuEndpoint.url;',
            '',
          ].join('\n'),
        },
      },
      {
        name: 'src/config.ts:1 api.weixin.qq.com inherited',
        files: {
          'src/config.ts': [
            'class WuSettable {',
            '  declare url: string;',
            '  set base(v: string) {',
            '    this.url = v;',
            '  }',
            '}',
            'class WuEndpoint extends WuSettable {',
            "  url = 'https://api.weixin.qq.com';",
            '}',
            'const wuEndpoint = new WuEndpoint();',
            "if (process.env.WU_STAGING) wuEndpoint.base = 'https://staging.example.com';",
            'export const WX_BASE = wuEndpoint.url;',
            '',
          ].join('\n'),
        },
      },
    ],
  },
];
