// The safety net between the transform and the disk (src/fix.ts): a fix that is not a pure deletion,
// that makes a trust setting appear, or whose re-scan still (or newly) finds a setting, is refused.
// Each test hands it a bad fix on purpose.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { describe, test } from 'node:test';
import { babelOptions, checkOutput, isDeletionOf, outputCheckOptions, verifyFixes } from '../src/fix.ts';
import { createHostMatcher } from '../src/hosts.ts';
import { scanFiles, type RawFinding } from '../src/scan/index.ts';

const before = [
  "const https = require('https');",
  "const fs = require('fs');",
  "const agent = new https.Agent({ ca: fs.readFileSync('wx.pem'), keepAlive: true });",
  "https.get('https://api.weixin.qq.com/cgi-bin/token', { agent });",
  '',
].join('\n');
const fixed = before.replace("ca: fs.readFileSync('wx.pem'), ", '').replace("const fs = require('fs');\n", '');

describe('checkOutput', () => {
  test('accepts the transform’s own output', () => {
    assert.equal(checkOutput(before, fixed), undefined);
  });

  test('refuses text that is not only removed from the input', () => {
    const added = fixed.replace('keepAlive: true', 'keepAlive: false');
    assert.match(checkOutput(before, added) ?? '', /add text/);
  });

  test('refuses a cut that joins text into a new trust setting', () => {
    // Cutting "reject" + "Unauthorized" apart-text together makes a setting the input did not have.
    const input = 'const opts = { reject: 1, x: 2, Unauthorized: 3 };';
    const output = 'const opts = { rejectUnauthorized: 3 };';
    assert.ok(isDeletionOf(input, output));
    assert.match(checkOutput(input, output) ?? '', /rejectUnauthorized/);
  });
});

describe('verifyFixes', () => {
  const file = '/project/src/token.js';
  const matcher = createHostMatcher();
  const scan = (text: string): RawFinding[] => scanFiles({ texts: new Map([[file, text]]), candidates: [file], matcher, roots: ['/project'] }).findings;

  test('accepts a fix that removes the pin it names', async () => {
    const findings = scan(before);
    assert.equal(findings.length, 1);
    const problems = await verifyFixes({ texts: new Map([[file, before]]), fixed: new Map([[file, { after: fixed, removed: findings }]]), findings, matcher, roots: ['/project'] });
    assert.deepEqual([...problems], []);
  });

  test('refuses a fix whose output still holds the pin', async () => {
    const findings = scan(before);
    const untouched = before.replace("const fs = require('fs');\n", '');
    const problems = await verifyFixes({ texts: new Map([[file, before]]), fixed: new Map([[file, { after: untouched, removed: findings }]]), findings, matcher, roots: ['/project'] });
    assert.match(problems.get(file) ?? '', /still finds the pinned-ca/);
  });

  test('refuses a fix whose output holds a setting that was not there before', async () => {
    const findings = scan(before);
    const worse = fixed.replace('keepAlive: true', 'keepAlive: true, rejectUnauthorized: false');
    const problems = await verifyFixes({ texts: new Map([[file, before]]), fixed: new Map([[file, { after: worse, removed: findings }]]), findings, matcher, roots: ['/project'] });
    assert.match(problems.get(file) ?? '', /was not there before/);
  });

  test('re-scans the project when a fixed text still holds a setting: one for another host stays, a broken file is still refused', async () => {
    // A fixed text with a setting left is not judged from its syntax alone: the whole re-scan runs,
    // and still says which fixed text does not parse.
    const other = '/project/src/partner.js';
    const partner = "const https = require('https');\nconst fs = require('fs');\nhttps.get('https://api.partner.example.com/', { ca: fs.readFileSync('partner.pem') });\n";
    const findings = scan(before);
    const broken = fixed.replace('{ keepAlive', '{ keepAlive:');
    const texts = new Map([[file, before], [other, partner]]);
    const fixedTexts = new Map([[file, { after: broken, removed: findings }], [other, { after: partner, removed: [] }]]);
    const problems = await verifyFixes({ texts, fixed: fixedTexts, findings, matcher, roots: ['/project'] });
    assert.deepEqual([...problems.keys()], [file]);
    assert.match(problems.get(file) ?? '', /does not parse for the scanner/);
  });

  test('refuses a fix whose output does not parse', async () => {
    const findings = scan(before);
    const broken = fixed.replace('{ keepAlive', '{ keepAlive:');
    const problems = await verifyFixes({ texts: new Map([[file, before]]), fixed: new Map([[file, { after: broken, removed: findings }]]), findings, matcher, roots: ['/project'] });
    assert.match(problems.get(file) ?? '', /does not parse/);
  });
});

describe('the parse check of the fixed text', () => {
  // fixWith checks the output with jscodeshift's Babel options less what only shapes the tree
  // (outputCheckOptions), and parses the input with them less tokens (fix-tree.ts): they must stay
  // jscodeshift's in everything that decides what parses.
  const require = createRequire(import.meta.url);
  const getParser = require('jscodeshift/src/getParser') as (name: string) => { parse(source: string): unknown };
  const babel = createRequire(require.resolve('jscodeshift/parser/babylon.js'))('@babel/parser') as { parse(source: string, options: object): unknown };
  const names = ['babel', 'ts', 'tsx'] as const;

  /** The options jscodeshift's parser `name` hands Babel. */
  const jscodeshiftOptions = (name: string): Record<string, unknown> => {
    const parse = babel.parse;
    let seen: Record<string, unknown> | undefined;
    babel.parse = (source, options) => {
      seen = options as Record<string, unknown>;
      return parse(source, options);
    };
    try {
      getParser(name).parse('x');
    } finally {
      babel.parse = parse;
    }
    return seen ?? assert.fail(`jscodeshift's ${name} parser did not call @babel/parser`);
  };

  for (const name of names) {
    test(`${name}: babelOptions are jscodeshift's; the check's are those less estree, tokens and comment attachment`, () => {
      const options = babelOptions(name);
      assert.deepEqual(options, jscodeshiftOptions(name));
      assert.deepEqual(outputCheckOptions(name), {
        ...options,
        tokens: false,
        attachComment: false,
        plugins: options.plugins.filter((plugin) => plugin !== 'estree'),
      });
    });
  }

  test('accepts and refuses what jscodeshift’s parsers do, with the same message', () => {
    const outcome = (parse: () => unknown): string => {
      try {
        parse();
        return 'parses';
      } catch (error) {
        return (error as Error).message;
      }
    };
    const texts = [
      "const agent = new https.Agent({ keepAlive: true });\n",
      '({ get a() {} } = x);', // estree checks its own Property shape here
      '({ a() {} } = x);',
      '({ a: 1 } = x);',
      '@Module({}) export class AppModule {}', // refused: fix.ts retries with legacy decorators
      "'use strict'; with (a) {}",
      'const { a, ...b } = c; a?.b ?? d;',
      'import x from "y"; export * as z from "w";',
      'const a = <div>{b}</div>;',
      'let x: number = <number>y;',
      'f(a, );',
      'f(a, , b);',
    ];
    for (const name of names) {
      for (const text of texts) {
        assert.equal(outcome(() => babel.parse(text, outputCheckOptions(name))), outcome(() => getParser(name).parse(text)), `${name}: ${text}`);
      }
    }
  });
});
