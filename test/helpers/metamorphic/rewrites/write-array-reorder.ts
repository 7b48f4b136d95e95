// The host is the first element of an array the client reads at index 0 (`wuHosts[0]`), and another
// URL gets to that index under a condition by reordering rather than by an index write:
// `unshift`: `if (…) wuHosts.unshift('https://staging…')`;
// `splice`: `if (…) wuHosts.splice(0, 0, 'https://staging…')`;
// `reverse`: `wuHosts.push('https://staging…'); if (…) wuHosts.reverse();` (the pushed URL sits at
// index 1, which the client never reads, until the array is reversed);
// `swap`: the same push, then `[wuHosts[0], wuHosts[1]] = [wuHosts[1], wuHosts[0]]`.
import { CONDITION, perLiteral, writeTargets, type LiteralEdit } from '../literal.ts';
import { uniqueName } from '../source.ts';
import { CJS_FILES, CJS_FINDINGS } from '../tiny.ts';
import type { Example, Project, RewriteContext, RewriteMeta, Variant } from '../types.ts';

export const meta: RewriteMeta = {
  id: 'write-array-reorder',
  description: 'move another URL to index 0 of the array the client reads at [0] by reordering it under a condition (unshift, splice; push then reverse or swap)',
  kind: 'adds-other-write',
};

export function generate(project: Project, context: RewriteContext): Variant[] | 'not-applicable' {
  return perLiteral(project, writeTargets(context), (literal): LiteralEdit[] => {
    const written = context.writeValue(literal);
    const name = uniqueName(project, 'wuHosts');
    const declare = `const ${name} = [${literal.value}];`;
    return [
      { name: 'unshift', expression: `${name}[0]`, top: `${declare}\nif (${CONDITION}) ${name}.unshift(${written});` },
      { name: 'splice', expression: `${name}[0]`, top: `${declare}\nif (${CONDITION}) ${name}.splice(0, 0, ${written});` },
      { name: 'reverse', expression: `${name}[0]`, top: `${declare}\n${name}.push(${written});\nif (${CONDITION}) ${name}.reverse();` },
      { name: 'swap', expression: `${name}[0]`, top: `${declare}\n${name}.push(${written});\nif (${CONDITION}) [${name}[0], ${name}[1]] = [${name}[1], ${name}[0]];` },
    ];
  });
}

export const examples: Example[] = [
  {
    name: 'a URL literal in a call',
    files: CJS_FILES,
    findings: CJS_FINDINGS,
    expected: [
      { name: 'unshift', writes: ["if (process.env.WU_STAGING) wuHosts.unshift('https://staging.example.com/cgi-bin/token');"] },
      { name: 'splice', writes: ["if (process.env.WU_STAGING) wuHosts.splice(0, 0, 'https://staging.example.com/cgi-bin/token');"] },
      { name: 'reverse', writes: ["wuHosts.push('https://staging.example.com/cgi-bin/token');", 'if (process.env.WU_STAGING) wuHosts.reverse();'] },
      { name: 'swap', writes: ["wuHosts.push('https://staging.example.com/cgi-bin/token');", 'if (process.env.WU_STAGING) [wuHosts[0], wuHosts[1]] = [wuHosts[1], wuHosts[0]];'] },
    ].map(({ name, writes }) => ({
      name: `src/client.js:6 api.weixin.qq.com ${name}`,
      files: {
        'src/client.js': [
          "const https = require('https');",
          "const fs = require('fs');",
          "const wuHosts = ['https://api.weixin.qq.com/cgi-bin/token'];",
          ...writes,
          '',
          "const agent = new https.Agent({ ca: fs.readFileSync('wx.pem') });",
          '',
          'exports.token = () => https.get(wuHosts[0], { agent });',
          '',
        ].join('\n'),
      },
    })),
  },
];
