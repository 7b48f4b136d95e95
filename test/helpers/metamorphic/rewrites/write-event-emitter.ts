// A listener writes what an event carries into the member that holds the host, and the event is
// emitted with another URL under a condition:
// `wuEvents.on('config', (u) => { wuConfig.baseURL = u; }); if (…) wuEvents.emit('config', 'https://staging…');`
// The literal moves into the config object (`const wuConfig = { baseURL: L }`), or an object that
// already holds it (`const cfg = { wechat: { base: L } }`) is written.
import { memberOf } from '../holders.ts';
import { CONDITION, perLiteral, writeTargets } from '../literal.ts';
import { isTypeScript, moduleStyle, uniqueName } from '../source.ts';
import { CJS_FILES, CJS_FINDINGS, TS_FILES, TS_FINDINGS } from '../tiny.ts';
import type { Example, Project, RewriteContext, RewriteMeta, Variant } from '../types.ts';

export const meta: RewriteMeta = {
  id: 'write-event-emitter',
  description: "write another URL to the member that holds the host from an event listener (emitter.on('config', (u) => { cfg.url = u })) and emit it under a condition",
  kind: 'adds-other-write',
};

export function generate(project: Project, context: RewriteContext): Variant[] | 'not-applicable' {
  return perLiteral(project, writeTargets(context), (literal) => {
    const emitterClass = uniqueName(project, 'WuEventEmitter');
    const emitter = uniqueName(project, 'wuEvents');
    const parameter = isTypeScript(literal.file) ? '(u: string)' : '(u)';
    const imported =
      moduleStyle(project, literal.file) === 'esm'
        ? `import { EventEmitter as ${emitterClass} } from 'node:events';`
        : `const { EventEmitter: ${emitterClass} } = require('events');`;
    const wire = (target: string) =>
      `const ${emitter} = new ${emitterClass}();\n${emitter}.on('config', ${parameter} => {\n  ${target} = u;\n});\nif (${CONDITION}) ${emitter}.emit('config', ${context.writeValue(literal)});`;
    const existing = memberOf(project, literal);
    if (existing) {
      return { name: `(${existing.target})`, expression: literal.value, top: imported, edits: [{ start: existing.statement.end, end: existing.statement.end, text: `\n${wire(existing.target)}` }] };
    }
    const config = uniqueName(project, 'wuConfig');
    return { expression: `${config}.baseURL`, top: `${imported}\nconst ${config} = { baseURL: ${literal.value} };\n${wire(`${config}.baseURL`)}` };
  });
}

export const examples: Example[] = [
  {
    name: 'CommonJS: a URL literal in a call',
    files: CJS_FILES,
    findings: CJS_FINDINGS,
    expected: [
      {
        name: 'src/client.js:6 api.weixin.qq.com',
        files: {
          'src/client.js': [
            "const https = require('https');",
            "const fs = require('fs');",
            "const { EventEmitter: WuEventEmitter } = require('events');",
            "const wuConfig = { baseURL: 'https://api.weixin.qq.com/cgi-bin/token' };",
            'const wuEvents = new WuEventEmitter();',
            "wuEvents.on('config', (u) => {",
            '  wuConfig.baseURL = u;',
            '});',
            "if (process.env.WU_STAGING) wuEvents.emit('config', 'https://staging.example.com/cgi-bin/token');",
            '',
            "const agent = new https.Agent({ ca: fs.readFileSync('wx.pem') });",
            '',
            'exports.token = () => https.get(wuConfig.baseURL, { agent });',
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
        name: 'src/config.ts:1 api.weixin.qq.com',
        files: {
          'src/config.ts': [
            "import { EventEmitter as WuEventEmitter } from 'node:events';",
            "const wuConfig = { baseURL: 'https://api.weixin.qq.com' };",
            'const wuEvents = new WuEventEmitter();',
            "wuEvents.on('config', (u: string) => {",
            '  wuConfig.baseURL = u;',
            '});',
            "if (process.env.WU_STAGING) wuEvents.emit('config', 'https://staging.example.com');",
            'export const WX_BASE = wuConfig.baseURL;',
            '',
          ].join('\n'),
        },
      },
    ],
  },
  {
    name: 'an object that holds the literal',
    files: {
      'a.js': [
        "const https = require('https');",
        "const cfg = { wechat: { base: 'https://api.weixin.qq.com' } };",
        "https.get(cfg.wechat.base + '/x', { ca: process.env.CA });",
        '',
      ].join('\n'),
    },
    findings: [{ file: 'a.js', line: 3, evidence: [{ file: 'a.js', line: 2, note: 'host api.weixin.qq.com' }] }],
    expected: [
      {
        name: 'a.js:2 api.weixin.qq.com (cfg.wechat.base)',
        files: {
          'a.js': [
            "const https = require('https');",
            "const { EventEmitter: WuEventEmitter } = require('events');",
            "const cfg = { wechat: { base: 'https://api.weixin.qq.com' } };",
            'const wuEvents = new WuEventEmitter();',
            "wuEvents.on('config', (u) => {",
            '  cfg.wechat.base = u;',
            '});',
            "if (process.env.WU_STAGING) wuEvents.emit('config', 'https://staging.example.com');",
            "https.get(cfg.wechat.base + '/x', { ca: process.env.CA });",
            '',
          ].join('\n'),
        },
      },
    ],
  },
];
