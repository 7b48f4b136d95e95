// A reflective write of another URL to the object member that holds the host, under a condition:
// `Object.defineProperty(cfg, 'baseURL', { value: 'https://staging…' })` (or a getter, or through
// Object.defineProperties / Reflect.defineProperty) or `Reflect.set(cfg, 'baseURL', 'https://staging…')`. An object that already holds the literal (`const cfg = { wechat: { base: L } }`,
// `module.exports = { … }`) is written; otherwise the literal moves into one (`const wuConfig = { baseURL: L }`).
import { memberOf } from '../holders.ts';
import { CONDITION, perLiteral, writeTargets, type LiteralEdit } from '../literal.ts';
import { quote, uniqueName } from '../source.ts';
import { CJS_FILES, CJS_FINDINGS } from '../tiny.ts';
import type { Example, Project, RewriteContext, RewriteMeta, Variant } from '../types.ts';

export const meta: RewriteMeta = {
  id: 'write-define-property',
  description: "write another URL to the member that holds the host with Object.defineProperty(o, 'k', { value }) or Reflect.set(o, 'k', v) under a condition",
  kind: 'adds-other-write',
};

const WRITES = {
  defineProperty: (object: string, key: string, value: string) => `Object.defineProperty(${object}, ${key}, { value: ${value} })`,
  'defineProperty get': (object: string, key: string, value: string) => `Object.defineProperty(${object}, ${key}, { get: () => ${value} })`,
  defineProperties: (object: string, key: string, value: string) => `Object.defineProperties(${object}, { ${key}: { value: ${value} } })`,
  'Reflect.defineProperty': (object: string, key: string, value: string) => `Reflect.defineProperty(${object}, ${key}, { value: ${value} })`,
  'Reflect.set': (object: string, key: string, value: string) => `Reflect.set(${object}, ${key}, ${value})`,
};

export function generate(project: Project, context: RewriteContext): Variant[] | 'not-applicable' {
  return perLiteral(project, writeTargets(context), (literal) => {
    const written = context.writeValue(literal);
    const existing = memberOf(project, literal);
    const name = uniqueName(project, 'wuConfig');
    return Object.entries(WRITES).map(([id, write]): LiteralEdit => {
      if (existing) {
        const statement = `\nif (${CONDITION}) ${write(existing.holder, quote(existing.key), written)};`;
        return { name: `${id} (${existing.target})`, expression: literal.value, edits: [{ start: existing.statement.end, end: existing.statement.end, text: statement }] };
      }
      return { name: id, expression: `${name}.baseURL`, top: `const ${name} = { baseURL: ${literal.value} };\nif (${CONDITION}) ${write(name, "'baseURL'", written)};` };
    });
  });
}

/** The write each variant adds, as the examples expect it. */
function expectedWrite(id: keyof typeof WRITES, object: string, key: string, value: string): string {
  return `if (process.env.WU_STAGING) ${WRITES[id](object, key, value)};`;
}

const IDS = Object.keys(WRITES) as Array<keyof typeof WRITES>;

export const examples: Example[] = [
  {
    name: 'a URL literal in a call: moved into a config object first',
    files: CJS_FILES,
    findings: CJS_FINDINGS,
    expected: [
      "if (process.env.WU_STAGING) Object.defineProperty(wuConfig, 'baseURL', { value: 'https://staging.example.com/cgi-bin/token' });",
      "if (process.env.WU_STAGING) Object.defineProperty(wuConfig, 'baseURL', { get: () => 'https://staging.example.com/cgi-bin/token' });",
      "if (process.env.WU_STAGING) Object.defineProperties(wuConfig, { 'baseURL': { value: 'https://staging.example.com/cgi-bin/token' } });",
      "if (process.env.WU_STAGING) Reflect.defineProperty(wuConfig, 'baseURL', { value: 'https://staging.example.com/cgi-bin/token' });",
      "if (process.env.WU_STAGING) Reflect.set(wuConfig, 'baseURL', 'https://staging.example.com/cgi-bin/token');",
    ].map((write, index) => ({
      name: `src/client.js:6 api.weixin.qq.com ${IDS[index]}`,
      files: {
        'src/client.js': [
          "const https = require('https');",
          "const fs = require('fs');",
          "const wuConfig = { baseURL: 'https://api.weixin.qq.com/cgi-bin/token' };",
          write,
          '',
          "const agent = new https.Agent({ ca: fs.readFileSync('wx.pem') });",
          '',
          'exports.token = () => https.get(wuConfig.baseURL, { agent });',
          '',
        ].join('\n'),
      },
    })),
  },
  {
    name: 'a nested property of a config object',
    files: {
      'client.ts': [
        "import axios from 'axios';",
        "import https from 'node:https';",
        "const options = { wechat: { 'base-url': 'https://api.weixin.qq.com' } };",
        "export const wx = axios.create({ baseURL: options.wechat['base-url'], httpsAgent: new https.Agent({ ca: process.env.CA }) });",
        '',
      ].join('\n'),
    },
    findings: [{ file: 'client.ts', line: 4, evidence: [{ file: 'client.ts', line: 3, note: 'host api.weixin.qq.com' }] }],
    expected: IDS.map((id) => ({
      name: `client.ts:3 api.weixin.qq.com ${id} (options.wechat['base-url'])`,
      files: {
        'client.ts': [
          "import axios from 'axios';",
          "import https from 'node:https';",
          "const options = { wechat: { 'base-url': 'https://api.weixin.qq.com' } };",
          expectedWrite(id, 'options.wechat', "'base-url'", "'https://staging.example.com'"),
          "export const wx = axios.create({ baseURL: options.wechat['base-url'], httpsAgent: new https.Agent({ ca: process.env.CA }) });",
          '',
        ].join('\n'),
      },
    })),
  },
];
