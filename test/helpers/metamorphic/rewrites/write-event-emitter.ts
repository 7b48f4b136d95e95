// A listener writes what an event carries into the member that holds the host, and the event is
// emitted with another URL under a condition:
// `wuEvents.on('config', (u) => { wuConfig.baseURL = u; }); if (…) wuEvents.emit('config', 'https://staging…');`
// The listener is added with `on` or `once`, or on an instance of a subclass of EventEmitter. The
// literal moves into the config object (`const wuConfig = { baseURL: L }`), or an object that already
// holds it (`const cfg = { wechat: { base: L } }`) is written.
import { memberOf } from '../holders.ts';
import { CONDITION, perLiteral, writeTargets, type LiteralEdit } from '../literal.ts';
import { isTypeScript, moduleStyle, uniqueName } from '../source.ts';
import { CJS_FILES, CJS_FINDINGS, TS_FILES, TS_FINDINGS } from '../tiny.ts';
import type { Example, KnownMiss, Project, RewriteContext, RewriteMeta, Variant } from '../types.ts';

export const meta: RewriteMeta = {
  id: 'write-event-emitter',
  description: "write another URL to the member that holds the host from an event listener (emitter.on('config', (u) => { cfg.url = u })) and emit it under a condition",
  kind: 'adds-other-write',
};

const KINDS = ['on', 'once', 'subclass'] as const;

export function generate(project: Project, context: RewriteContext): Variant[] | 'not-applicable' {
  return perLiteral(project, writeTargets(context), (literal): LiteralEdit[] => {
    const emitterClass = uniqueName(project, 'WuEventEmitter');
    const busClass = uniqueName(project, 'WuBus');
    const emitter = uniqueName(project, 'wuEvents');
    const parameter = isTypeScript(literal.file) ? '(u: string)' : '(u)';
    const imported =
      moduleStyle(project, literal.file) === 'esm'
        ? `import { EventEmitter as ${emitterClass} } from 'node:events';`
        : `const { EventEmitter: ${emitterClass} } = require('events');`;
    const wire = (kind: (typeof KINDS)[number], target: string) => {
      const made = kind === 'subclass' ? `class ${busClass} extends ${emitterClass} {}\nconst ${emitter} = new ${busClass}();` : `const ${emitter} = new ${emitterClass}();`;
      const listen = kind === 'once' ? 'once' : 'on';
      return `${made}\n${emitter}.${listen}('config', ${parameter} => {\n  ${target} = u;\n});\nif (${CONDITION}) ${emitter}.emit('config', ${context.writeValue(literal)});`;
    };
    const existing = memberOf(project, literal);
    const config = uniqueName(project, 'wuConfig');
    return KINDS.map((kind) =>
      existing
        ? { name: `${kind} (${existing.target})`, expression: literal.value, top: imported, edits: [{ start: existing.statement.end, end: existing.statement.end, text: `\n${wire(kind, existing.target)}` }] }
        : { name: kind, expression: `${config}.baseURL`, top: `${imported}\nconst ${config} = { baseURL: ${literal.value} };\n${wire(kind, `${config}.baseURL`)}` },
    );
  });
}

/** Variants the scanner gets wrong today, with why (none: a subclass of EventEmitter is an emitter now). */
export const knownMisses: KnownMiss[] = [];

/** The emitter each kind makes and listens on, as the examples expect it. */
function expectedWire(kind: (typeof KINDS)[number], target: string, parameter: string, value: string): string[] {
  return [
    ...(kind === 'subclass' ? ['class WuBus extends WuEventEmitter {}', 'const wuEvents = new WuBus();'] : ['const wuEvents = new WuEventEmitter();']),
    `wuEvents.${kind === 'once' ? 'once' : 'on'}('config', ${parameter} => {`,
    `  ${target} = u;`,
    '});',
    `if (process.env.WU_STAGING) wuEvents.emit('config', ${value});`,
  ];
}

export const examples: Example[] = [
  {
    name: 'CommonJS: a URL literal in a call',
    files: CJS_FILES,
    findings: CJS_FINDINGS,
    expected: KINDS.map((kind) => ({
      name: `src/client.js:6 api.weixin.qq.com ${kind}`,
      files: {
        'src/client.js': [
          "const https = require('https');",
          "const fs = require('fs');",
          "const { EventEmitter: WuEventEmitter } = require('events');",
          "const wuConfig = { baseURL: 'https://api.weixin.qq.com/cgi-bin/token' };",
          ...expectedWire(kind, 'wuConfig.baseURL', '(u)', "'https://staging.example.com/cgi-bin/token'"),
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
    name: 'TypeScript: a config constant',
    files: TS_FILES,
    findings: TS_FINDINGS,
    expected: KINDS.map((kind) => ({
      name: `src/config.ts:1 api.weixin.qq.com ${kind}`,
      files: {
        'src/config.ts': [
          "import { EventEmitter as WuEventEmitter } from 'node:events';",
          "const wuConfig = { baseURL: 'https://api.weixin.qq.com' };",
          ...expectedWire(kind, 'wuConfig.baseURL', '(u: string)', "'https://staging.example.com'"),
          'export const WX_BASE = wuConfig.baseURL;',
          '',
        ].join('\n'),
      },
    })),
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
    expected: KINDS.map((kind) => ({
      name: `a.js:2 api.weixin.qq.com ${kind} (cfg.wechat.base)`,
      files: {
        'a.js': [
          "const https = require('https');",
          "const { EventEmitter: WuEventEmitter } = require('events');",
          "const cfg = { wechat: { base: 'https://api.weixin.qq.com' } };",
          ...expectedWire(kind, 'cfg.wechat.base', '(u)', "'https://staging.example.com'"),
          "https.get(cfg.wechat.base + '/x', { ca: process.env.CA });",
          '',
        ].join('\n'),
      },
    })),
  },
];
