// A comment line inserted at the top of a file on the way from a host to a pin: every position in
// the file moves down a line; nothing else changes. After a BOM and a `#!` line, where a comment may go.
import { withFiles } from '../source.ts';
import { CJS_FILES, CJS_FINDINGS } from '../tiny.ts';
import type { Example, Project, RewriteContext, RewriteMeta, Variant } from '../types.ts';

export const meta: RewriteMeta = {
  id: 'top-comment',
  description: 'insert a comment line at the top of a file (positions move, the verdict does not)',
  kind: 'preserving',
};

export const COMMENT = '// metamorphic: one line added at the top moves every position below it';

export function generate(project: Project, context: RewriteContext): Variant[] | 'not-applicable' {
  const variants = context.pathFiles.map((file): Variant => {
    const text = project.get(file)!;
    let at = text.startsWith('\uFEFF') ? 1 : 0;
    if (text.startsWith('#!', at)) at = text.indexOf('\n', at) + 1 || text.length;
    const eol = text.includes('\r\n') ? '\r\n' : '\n';
    return { name: file, files: withFiles(project, { [file]: `${text.slice(0, at)}${COMMENT}${eol}${text.slice(at)}` }) };
  });
  return variants.length > 0 ? variants : 'not-applicable';
}

export const examples: Example[] = [
  {
    name: 'a CommonJS file',
    files: CJS_FILES,
    findings: CJS_FINDINGS,
    expected: [
      {
        name: 'src/client.js',
        files: {
          'src/client.js': [
            '// metamorphic: one line added at the top moves every position below it',
            "const https = require('https');",
            "const fs = require('fs');",
            '',
            "const agent = new https.Agent({ ca: fs.readFileSync('wx.pem') });",
            '',
            "exports.token = () => https.get('https://api.weixin.qq.com/cgi-bin/token', { agent });",
            '',
          ].join('\n'),
        },
      },
    ],
  },
  {
    name: 'after a BOM, with CRLF line ends',
    files: { 'a.js': "\uFEFFrequire('https').get('https://api.weixin.qq.com', { ca: process.env.CA });\r\n" },
    findings: [{ file: 'a.js', line: 1, evidence: [] }],
    expected: [
      {
        name: 'a.js',
        files: {
          'a.js': [
            '\uFEFF// metamorphic: one line added at the top moves every position below it\r',
            "require('https').get('https://api.weixin.qq.com', { ca: process.env.CA });\r",
            '',
          ].join('\n'),
        },
      },
    ],
  },
  {
    name: 'after a #! line',
    files: { 'bin/run.js': "#!/usr/bin/env node\nrequire('https').get('https://api.weixin.qq.com', { ca: process.env.CA });\n" },
    findings: [{ file: 'bin/run.js', line: 2, evidence: [] }],
    expected: [
      {
        name: 'bin/run.js',
        files: {
          'bin/run.js': [
            '#!/usr/bin/env node',
            '// metamorphic: one line added at the top moves every position below it',
            "require('https').get('https://api.weixin.qq.com', { ca: process.env.CA });",
            '',
          ].join('\n'),
        },
      },
    ],
  },
];
