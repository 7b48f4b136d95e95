// The host moves into a Map that gains another URL with `set` under a condition, read with a key the
// scanner cannot know: `wuHosts.get(String(process.env.WU_REGION))`.
import { CONDITION, perLiteral, writeTargets } from '../literal.ts';
import { uniqueName } from '../source.ts';
import { CJS_FILES, CJS_FINDINGS } from '../tiny.ts';
import type { Example, Project, RewriteContext, RewriteMeta, Variant } from '../types.ts';

export const meta: RewriteMeta = {
  id: 'write-map-set',
  description: 'move the host into a Map, set another URL under a condition, read it with an unknown key',
  kind: 'adds-other-write',
};

export function generate(project: Project, context: RewriteContext): Variant[] | 'not-applicable' {
  return perLiteral(project, writeTargets(context), (literal) => {
    const name = uniqueName(project, 'wuHosts');
    return {
      expression: `${name}.get(String(process.env.WU_REGION))`,
      top: `const ${name} = new Map([['primary', ${literal.value}]]);\nif (${CONDITION}) ${name}.set('staging', ${context.writeValue(literal)});`,
    };
  });
}

export const examples: Example[] = [
  {
    name: 'a URL literal in a call',
    files: CJS_FILES,
    findings: CJS_FINDINGS,
    expected: [
      {
        name: 'src/client.js:6 api.weixin.qq.com',
        files: {
          'src/client.js': [
            "const https = require('https');",
            "const fs = require('fs');",
            "const wuHosts = new Map([['primary', 'https://api.weixin.qq.com/cgi-bin/token']]);",
            "if (process.env.WU_STAGING) wuHosts.set('staging', 'https://staging.example.com/cgi-bin/token');",
            '',
            "const agent = new https.Agent({ ca: fs.readFileSync('wx.pem') });",
            '',
            'exports.token = () => https.get(wuHosts.get(String(process.env.WU_REGION)), { agent });',
            '',
          ].join('\n'),
        },
      },
    ],
  },
];
