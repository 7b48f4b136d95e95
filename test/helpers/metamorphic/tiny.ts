// Tiny projects the generators' own examples run on: one CommonJS, one ESM TypeScript; each with one
// pin whose host is a literal the evidence names.
import type { ExampleFinding } from './types.ts';

export const CJS_FILES = {
  'src/client.js': [
    "const https = require('https');",
    "const fs = require('fs');",
    '',
    "const agent = new https.Agent({ ca: fs.readFileSync('wx.pem') });",
    '',
    'exports.token = () => https.get(\'https://api.weixin.qq.com/cgi-bin/token\', { agent });',
    '',
  ].join('\n'),
};

export const CJS_FINDINGS: ExampleFinding[] = [
  { file: 'src/client.js', line: 4, column: 33, evidence: [{ file: 'src/client.js', line: 6, note: 'host api.weixin.qq.com' }] },
];

export const TS_FILES = {
  'src/config.ts': ["export const WX_BASE = 'https://api.weixin.qq.com';", ''].join('\n'),
  'src/client.ts': [
    "import { Agent, get } from 'node:https';",
    "import { readFileSync } from 'node:fs';",
    "import { WX_BASE } from './config.js';",
    '',
    "const agent = new Agent({ ca: readFileSync('wx.pem') });",
    '',
    'export const token = (appid: string) => get(`${WX_BASE}/cgi-bin/token?appid=${appid}`, { agent });',
    '',
  ].join('\n'),
};

export const TS_FINDINGS: ExampleFinding[] = [
  { file: 'src/client.ts', line: 5, column: 27, evidence: [{ file: 'src/config.ts', line: 1, note: 'host api.weixin.qq.com' }] },
];

/** A template literal holding the host: the rewrites replace the `https://host` part with `${…}`. */
export const TEMPLATE_FILES = {
  'src/token.mjs': [
    "import https from 'node:https';",
    '',
    "const agent = new https.Agent({ ca: process.env.WX_CA });",
    'export const token = (id) => https.get(`https://api.weixin.qq.com/cgi-bin/token?appid=${id}`, { agent });',
    '',
  ].join('\n'),
};

export const TEMPLATE_FINDINGS: ExampleFinding[] = [
  { file: 'src/token.mjs', line: 3, column: 33, evidence: [{ file: 'src/token.mjs', line: 4, note: 'host api.weixin.qq.com' }] },
];
