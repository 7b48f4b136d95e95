// A URL object carries the host, and its host is set to another under a condition:
// `const wuUrl = new URL(L); if (…) wuUrl.host = 'staging.example.com';` (or `hostname`, or the whole
// `href = 'https://staging…'`), read back as `wuUrl.origin`
// (a literal that is just an origin) or `wuUrl.href` (one that is already in URL's normal form).
// A literal that `new URL` would not give back unchanged is left alone.
import { CONDITION, perLiteral, writeTargets, type LiteralEdit } from '../literal.ts';
import { quote, uniqueName, unquote } from '../source.ts';
import { CJS_FILES, CJS_FINDINGS, TEMPLATE_FILES, TEMPLATE_FINDINGS } from '../tiny.ts';
import type { Example, Project, RewriteContext, RewriteMeta, Variant } from '../types.ts';

export const meta: RewriteMeta = {
  id: 'write-url-host',
  description: 'hold the host in a URL object (new URL(L)) whose host is set to another under a condition (u.host = other)',
  kind: 'adds-other-write',
};

export function generate(project: Project, context: RewriteContext): Variant[] | 'not-applicable' {
  return perLiteral(project, writeTargets(context), (literal): LiteralEdit[] | undefined => {
    const original = parseUrl(unquote(literal.value));
    const written = parseUrl(unquote(context.writeValue(literal)));
    if (!original || !written || original.hostname !== literal.host) return undefined;
    const value = unquote(literal.value);
    const part = value === original.origin ? 'origin' : value === original.href ? 'href' : undefined;
    if (!part) return undefined;
    const name = uniqueName(project, 'wuUrl');
    const writes = { host: quote(written.host), hostname: quote(written.hostname), href: context.writeValue(literal) };
    return Object.entries(writes).map(([key, value]) => ({
      name: key,
      expression: `${name}.${part}`,
      top: `const ${name} = new URL(${literal.value});\nif (${CONDITION}) ${name}.${key} = ${value};`,
    }));
  });
}

function parseUrl(text: string): URL | undefined {
  try {
    const url = new URL(text);
    return /^https?:$/.test(url.protocol) ? url : undefined;
  } catch {
    return undefined;
  }
}

const WRITES = ['host', 'hostname', 'href'] as const;

export const examples: Example[] = [
  {
    name: 'a URL literal in a call, read back as href',
    files: CJS_FILES,
    findings: CJS_FINDINGS,
    expected: [
      "if (process.env.WU_STAGING) wuUrl.host = 'staging.example.com';",
      "if (process.env.WU_STAGING) wuUrl.hostname = 'staging.example.com';",
      "if (process.env.WU_STAGING) wuUrl.href = 'https://staging.example.com/cgi-bin/token';",
    ].map((write, index) => ({
      name: `src/client.js:6 api.weixin.qq.com ${WRITES[index]}`,
      files: {
        'src/client.js': [
          "const https = require('https');",
          "const fs = require('fs');",
          "const wuUrl = new URL('https://api.weixin.qq.com/cgi-bin/token');",
          write,
          '',
          "const agent = new https.Agent({ ca: fs.readFileSync('wx.pem') });",
          '',
          'exports.token = () => https.get(wuUrl.href, { agent });',
          '',
        ].join('\n'),
      },
    })),
  },
  {
    name: 'the https://host part of a template, read back as origin',
    files: TEMPLATE_FILES,
    findings: TEMPLATE_FINDINGS,
    expected: [
      "if (process.env.WU_STAGING) wuUrl.host = 'staging.example.com';",
      "if (process.env.WU_STAGING) wuUrl.hostname = 'staging.example.com';",
      "if (process.env.WU_STAGING) wuUrl.href = 'https://staging.example.com';",
    ].map((write, index) => ({
      name: `src/token.mjs:4 api.weixin.qq.com ${WRITES[index]}`,
      files: {
        'src/token.mjs': [
          "import https from 'node:https';",
          "const wuUrl = new URL('https://api.weixin.qq.com');",
          write,
          '',
          'const agent = new https.Agent({ ca: process.env.WX_CA });',
          'export const token = (id) => https.get(`${wuUrl.origin}/cgi-bin/token?appid=${id}`, { agent });',
          '',
        ].join('\n'),
      },
    })),
  },
  {
    name: 'a bare host is no URL',
    files: { 'a.js': "const https = require('https');\nhttps.get({ host: 'api.weixin.qq.com', ca: process.env.CA });\n" },
    findings: [{ file: 'a.js', line: 2, evidence: [{ file: 'a.js', line: 2, note: 'host api.weixin.qq.com' }] }],
    expected: 'not-applicable',
  },
];
