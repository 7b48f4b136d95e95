// lodash writes another URL to the member that holds the host under a condition:
// `wuLodash.set(cfg, 'wechat.base', 'https://staging…')`, or the same with `set` alone from 'lodash/set'. An object that already holds the literal is
// written at its path; otherwise the literal moves into `const wuConfig = { wechat: { baseURL: L } }`.
// lodash is imported as the file imports (`import wuLodash from 'lodash'` / `require('lodash')`) and
// added to the dependencies of the package.json nearest the file; a file with none is left alone.
import path from 'node:path';
import { memberOf } from '../holders.ts';
import { CONDITION, perLiteral, writeTargets, type LiteralEdit } from '../literal.ts';
import { moduleStyle, quote, uniqueName } from '../source.ts';
import { CJS_FILES, CJS_FINDINGS } from '../tiny.ts';
import type { Example, Project, RewriteContext, RewriteMeta, Variant } from '../types.ts';

export const meta: RewriteMeta = {
  id: 'write-lodash-set',
  description: "write another URL to the member that holds the host with lodash's _.set(o, 'a.b', other) under a condition",
  kind: 'adds-other-write',
};

export function generate(project: Project, context: RewriteContext): Variant[] | 'not-applicable' {
  return perLiteral(project, writeTargets(context), (literal) => {
    const manifest = withLodash(project, literal.file);
    if (!manifest) return undefined;
    const esm = moduleStyle(project, literal.file) === 'esm';
    const existing = memberOf(project, literal);
    const config = uniqueName(project, 'wuConfig');
    return (['lodash', 'lodash/set'] as const).map((module): LiteralEdit => {
      const local = uniqueName(project, module === 'lodash' ? 'wuLodash' : 'wuSet');
      const imported = esm ? `import ${local} from '${module}';` : `const ${local} = require('${module}');`;
      const set = module === 'lodash' ? `${local}.set` : local;
      const write = (root: string, keys: readonly string[]) => `if (${CONDITION}) ${set}(${root}, ${pathText(keys)}, ${context.writeValue(literal)});`;
      if (existing) {
        const edit = { start: existing.statement.end, end: existing.statement.end, text: `\n${write(existing.root, existing.path)}` };
        return { name: `${module} (${existing.target})`, expression: literal.value, top: imported, edits: [edit], files: manifest };
      }
      return {
        name: module,
        expression: `${config}.wechat.baseURL`,
        top: `${imported}\nconst ${config} = { wechat: { baseURL: ${literal.value} } };\n${write(config, ['wechat', 'baseURL'])}`,
        files: manifest,
      };
    });
  });
}

/** `'a.b'`, or `['a.b', 'c']` when a key would not survive lodash's path syntax. */
function pathText(keys: readonly string[]): string {
  return keys.every((key) => /^[\w$-]+$/.test(key)) ? quote(keys.join('.')) : `[${keys.map(quote).join(', ')}]`;
}

/** The nearest package.json above `file`, with lodash among its dependencies (unchanged if it is there already). */
function withLodash(project: Project, file: string): Record<string, string> | undefined {
  for (let dir = path.posix.dirname(file); ; dir = path.posix.dirname(dir)) {
    const manifestFile = dir === '.' ? 'package.json' : `${dir}/package.json`;
    const text = project.get(manifestFile);
    if (text !== undefined) {
      let manifest: { dependencies?: Record<string, string>; devDependencies?: Record<string, string> };
      try {
        manifest = JSON.parse(text) as typeof manifest;
      } catch {
        return undefined;
      }
      if (typeof manifest !== 'object' || manifest === null) return undefined;
      if (manifest.dependencies?.lodash || manifest.devDependencies?.lodash) return {};
      manifest.dependencies = { ...manifest.dependencies, lodash: '^4.17.21' };
      const indent = /^[ \t]+/m.exec(text)?.[0] ?? '  ';
      return { [manifestFile]: `${JSON.stringify(manifest, null, indent)}${text.endsWith('\n') ? '\n' : ''}` };
    }
    if (dir === '.') return undefined;
  }
}

export const examples: Example[] = [
  {
    name: 'a URL literal in a call: moved into a config object first',
    files: { ...CJS_FILES, 'package.json': '{\n  "name": "app",\n  "dependencies": {\n    "axios": "^1.6.0"\n  }\n}\n' },
    findings: CJS_FINDINGS,
    expected: [
      ["const wuLodash = require('lodash');", 'wuLodash.set'],
      ["const wuSet = require('lodash/set');", 'wuSet'],
    ].map(([imported, set], index) => ({
      name: `src/client.js:6 api.weixin.qq.com ${index === 0 ? 'lodash' : 'lodash/set'}`,
      files: {
        'src/client.js': [
          "const https = require('https');",
          "const fs = require('fs');",
          imported,
          "const wuConfig = { wechat: { baseURL: 'https://api.weixin.qq.com/cgi-bin/token' } };",
          `if (process.env.WU_STAGING) ${set}(wuConfig, 'wechat.baseURL', 'https://staging.example.com/cgi-bin/token');`,
          '',
          "const agent = new https.Agent({ ca: fs.readFileSync('wx.pem') });",
          '',
          'exports.token = () => https.get(wuConfig.wechat.baseURL, { agent });',
          '',
        ].join('\n'),
        'package.json': '{\n  "name": "app",\n  "dependencies": {\n    "axios": "^1.6.0",\n    "lodash": "^4.17.21"\n  }\n}\n',
      },
    })),
  },
  {
    name: 'an ESM config object, lodash already a dependency',
    files: {
      'package.json': '{ "type": "module", "dependencies": { "lodash": "4" } }\n',
      'src/wx.mjs': [
        "import https from 'node:https';",
        "const config = { wx: { 'api-base': 'https://api.weixin.qq.com' } };",
        "export const get = (p) => https.get(config.wx['api-base'] + p, { ca: process.env.CA });",
        '',
      ].join('\n'),
    },
    findings: [{ file: 'src/wx.mjs', line: 3, evidence: [{ file: 'src/wx.mjs', line: 2, note: 'host api.weixin.qq.com' }] }],
    expected: [
      ["import wuLodash from 'lodash';", 'wuLodash.set', 'lodash'],
      ["import wuSet from 'lodash/set';", 'wuSet', 'lodash/set'],
    ].map(([imported, set, module]) => ({
      name: `src/wx.mjs:2 api.weixin.qq.com ${module} (config.wx['api-base'])`,
      files: {
        'src/wx.mjs': [
          "import https from 'node:https';",
          imported,
          "const config = { wx: { 'api-base': 'https://api.weixin.qq.com' } };",
          `if (process.env.WU_STAGING) ${set}(config, 'wx.api-base', 'https://staging.example.com');`,
          "export const get = (p) => https.get(config.wx['api-base'] + p, { ca: process.env.CA });",
          '',
        ].join('\n'),
      },
    })),
  },
  {
    name: 'no package.json: lodash cannot be installed',
    files: CJS_FILES,
    findings: CJS_FINDINGS,
    expected: 'not-applicable',
  },
];
