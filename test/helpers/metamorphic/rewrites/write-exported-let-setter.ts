// The host moves into another module as an exported binding that a setter re-assigns, and the file
// that used it calls the setter under a condition. ESM: `export let WU_ENDPOINT = L` with a live
// binding; CommonJS: `exports.WU_ENDPOINT = L`, read as `wuEndpoint.WU_ENDPOINT` at use time.
import { CONDITION, perLiteral, writeTargets } from '../literal.ts';
import { importStatement, isTypeScript, moduleStyle, specifierFor, specifierStyle, uniqueName, uniquePath } from '../source.ts';
import { CJS_FILES, CJS_FINDINGS, TS_FILES, TS_FINDINGS } from '../tiny.ts';
import type { Example, Project, RewriteContext, RewriteMeta, Variant } from '../types.ts';

export const meta: RewriteMeta = {
  id: 'write-exported-let-setter',
  description: 'move the host into an exported binding of another module that a setter re-assigns; call the setter under a condition',
  kind: 'adds-other-write',
};

export function generate(project: Project, context: RewriteContext): Variant[] | 'not-applicable' {
  return perLiteral(project, writeTargets(context), (literal) => {
    const style = moduleStyle(project, literal.file);
    const moduleFile = uniquePath(project, literal.file, 'wu-endpoint');
    const specifier = specifierFor(literal.file, moduleFile, specifierStyle(project, literal.file));
    const name = uniqueName(project, 'WU_ENDPOINT');
    const setter = uniqueName(project, 'setWuEndpoint');
    const parameter = isTypeScript(literal.file) ? 'url: string' : 'url';
    const call = `if (${CONDITION}) ${setter}(${context.writeValue(literal)});`;
    if (style === 'esm') {
      return {
        name: `→ ${moduleFile}`,
        expression: name,
        top: `${importStatement('esm', [name, setter], specifier)}\n${call}`,
        files: { [moduleFile]: `export let ${name} = ${literal.value};\n\nexport function ${setter}(${parameter}) {\n  ${name} = url;\n}\n` },
      };
    }
    const namespace = uniqueName(project, 'wuEndpoint');
    return {
      name: `→ ${moduleFile}`,
      expression: `${namespace}.${name}`,
      top: `const ${namespace} = require('${specifier}');\n${call.replace(`${setter}(`, `${namespace}.${setter}(`)}`,
      files: { [moduleFile]: `exports.${name} = ${literal.value};\n\nexports.${setter} = function (${parameter}) {\n  exports.${name} = url;\n};\n` },
    };
  });
}

export const examples: Example[] = [
  {
    name: 'CommonJS',
    files: CJS_FILES,
    findings: CJS_FINDINGS,
    expected: [
      {
        name: 'src/client.js:6 api.weixin.qq.com → src/wu-endpoint.js',
        files: {
          'src/client.js': [
            "const https = require('https');",
            "const fs = require('fs');",
            "const wuEndpoint = require('./wu-endpoint');",
            "if (process.env.WU_STAGING) wuEndpoint.setWuEndpoint('https://staging.example.com/cgi-bin/token');",
            '',
            "const agent = new https.Agent({ ca: fs.readFileSync('wx.pem') });",
            '',
            'exports.token = () => https.get(wuEndpoint.WU_ENDPOINT, { agent });',
            '',
          ].join('\n'),
          'src/wu-endpoint.js': [
            "exports.WU_ENDPOINT = 'https://api.weixin.qq.com/cgi-bin/token';",
            '',
            'exports.setWuEndpoint = function (url) {',
            '  exports.WU_ENDPOINT = url;',
            '};',
            '',
          ].join('\n'),
        },
      },
    ],
  },
  {
    name: 'TypeScript',
    files: TS_FILES,
    findings: TS_FINDINGS,
    expected: [
      {
        name: 'src/config.ts:1 api.weixin.qq.com → src/wu-endpoint.ts',
        files: {
          'src/config.ts': [
            "import { WU_ENDPOINT, setWuEndpoint } from './wu-endpoint.js';",
            "if (process.env.WU_STAGING) setWuEndpoint('https://staging.example.com');",
            'export const WX_BASE = WU_ENDPOINT;',
            '',
          ].join('\n'),
          'src/wu-endpoint.ts': [
            "export let WU_ENDPOINT = 'https://api.weixin.qq.com';",
            '',
            'export function setWuEndpoint(url: string) {',
            '  WU_ENDPOINT = url;',
            '}',
            '',
          ].join('\n'),
        },
      },
    ],
  },
];
