// Issue 11, item 1: line breaks other than \n. TypeScript (the scanner), Babel and recast (the transform)
// all end a line at \r\n, \n, a lone \r, U+2028 and U+2029; every line/column the tool turns into an
// offset, or offset into a line, must count lines the same way. A wrong count once made `fix` cut a
// same-length sibling's bindings (`const retries = 3` still in use) and pass every other check.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { findingKey, wrongTarget } from '../src/fix.ts';
import { lineStarts, offsetAt } from '../src/line-starts.ts';
import { changeReplacements } from '../src/report/sarif.ts';
import { suppressionOf } from '../src/suppress.ts';
import type { RawFinding } from '../src/scan/index.ts';
import { jsonOf, makeProject, removeProject, runCli } from './helpers/safety-cli.ts';

const BREAKS = [
  // With the \n that ends the line: \r\r\n, a lone CR and then CRLF.
  ['a lone CR (\\r\\r\\n endings)', '\r\r'],
  ['U+2028', '\u2028'],
  ['U+2029', '\u2029'],
] as const;

/**
 * `maxSockets: retries * 10` is as long as `ca: fs.readFileSync('x')` and sits right above it: with
 * one line too many counted, the transform took it for the pin.
 */
function siblingAbove(extraBreak: string): { before: string; after: string } {
  const lines = [
    "const https = require('https');",
    "const fs = require('fs');",
    `const retries = 3;${extraBreak}`,
    'const agent = new https.Agent({',
    '  maxSockets: retries * 10,',
    "  ca: fs.readFileSync('x'),",
    '});',
    "https.get('https://api.weixin.qq.com/cgi-bin/token', { agent });",
    "console.log(fs.existsSync('y'));",
    '',
  ];
  return { before: lines.join('\n'), after: lines.filter((line) => !line.includes('readFileSync')).join('\n') };
}

async function fixOne(text: string) {
  const root = makeProject({ 'a.js': text });
  const result = await runCli(['fix', '--format', 'json', '.'], root);
  const after = readFileSync(path.join(root, 'a.js'), 'utf8');
  removeProject(root);
  return { result, report: jsonOf(result), after };
}

describe('line breaks the parsers count (issue 11, item 1)', { concurrency: 3 }, () => {
  for (const [name, extra] of BREAKS) {
    it(`${name} above a pin: fix removes the pin and nothing else`, async () => {
      const { before, after } = siblingAbove(extra);
      const { result, report, after: written } = await fixOne(before);
      assert.deepEqual(report.errors, []);
      assert.equal(written, after, 'the fix removed more (or other) text than the pin');
      assert.equal(result.code, 0);
    });
  }

  for (const [name, space] of [
    ['a vertical tab', '\v'],
    ['a form feed', '\f'],
    ['a zero-width no-break space', '\uFEFF'],
  ] as const) {
    it(`${name} in the indentation of the pin's line: fixed exactly`, async () => {
      const { before, after } = siblingAbove('');
      const shifted = (text: string) => text.replace('  maxSockets', `${space}  maxSockets`);
      const { report, after: written } = await fixOne(shifted(before).replace("  ca: fs", `${space}  ca: fs`));
      assert.deepEqual(report.errors, []);
      assert.equal(written, shifted(after));
    });
  }

  it('a suppression comment counts lines as the scanner does', async () => {
    const text = [
      "const https = require('https');",
      // A line comment ends at U+2028: the suppression is alone on the line above the pin.
      'const x = 1;\u2028// wechat-unpin-ignore-next-line -- our gateway',
      "const agent = new https.Agent({ ca: 'PINNED' });",
      "https.get('https://api.weixin.qq.com/cgi-bin/token', { agent });",
      '',
    ].join('\n');
    const { report } = await fixOne(text);
    assert.deepEqual(report.findings.map((finding) => [finding.line, finding.status]), [[4, 'suppressed']]);
    assert.equal(suppressionOf(text, 4), 'suppressed-comment');
    assert.equal(suppressionOf(text, 3), undefined);
  });

  it("the id hashes the finding's own line: an edit on the next line keeps it", async () => {
    const text = (keepAlive: boolean) =>
      [
        "const https = require('https');\u2028",
        'const agent = new https.Agent({',
        "  ca: 'PINNED',",
        `  keepAlive: ${keepAlive},`,
        '});',
        "https.get('https://api.weixin.qq.com/cgi-bin/token', { agent });",
        '',
      ].join('\n');
    const ids = [];
    for (const keepAlive of [true, false]) {
      const root = makeProject({ 'a.js': text(keepAlive) });
      const report = jsonOf(await runCli(['scan', '--format', 'json', '.'], root));
      ids.push((report.findings[0] as unknown as { id: string }).id);
      removeProject(root);
    }
    assert.equal(ids[0], ids[1]);
  });

  it('the re-scan check keys a finding by the text at its line and column', () => {
    const text = "const a = 1;\r\rconst o = {\u2029  ca: 'x' };\n";
    const finding = { kind: 'pinned-ca', line: 4, column: 3, endLine: 4, endColumn: 5 } as RawFinding;
    assert.equal(findingKey(finding, text), 'pinned-ca\0ca');
  });

  it('a SARIF fix deletes the lines the finding names, a U+2028 and a lone CR above it', () => {
    const before = "const a = 1;\u2028const b = 2;\r\r\n  ca: 'x',\n};\n";
    const after = "const a = 1;\u2028const b = 2;\r\r\n};\n";
    // Lines: 1 `const a`, 2 `const b`, 3 (empty), 4 `  ca`, 5 `};`.
    assert.deepEqual(changeReplacements(before, after), [{ deletedRegion: { startLine: 4, startColumn: 1, endLine: 5, endColumn: 1 } }]);
  });

  it('lineStarts and offsetAt count \\r\\n, \\n, \\r, U+2028 and U+2029 as one break each', () => {
    const text = 'a\r\nb\nc\rd\u2028e\u2029f';
    const starts = lineStarts(text);
    assert.deepEqual(starts, [0, 3, 5, 7, 9, 11]);
    assert.deepEqual([1, 2, 3, 4, 5, 6].map((line) => text[offsetAt(starts, line, 0)]), ['a', 'b', 'c', 'd', 'e', 'f']);
  });

  it('the safety net: a cut must remove exactly the text the scanner named', () => {
    const before = "const o = {\n  maxSockets: retries * 10,\n  ca: fs.readFileSync('x'),\n};\n";
    const start = before.indexOf('ca:');
    const target = { kind: 'property' as const, start, end: start + "ca: fs.readFileSync('x')".length };
    assert.equal(wrongTarget(before, [{ target, text: "ca: fs.readFileSync('x')" }]), undefined);
    assert.match(
      wrongTarget(before, [{ target, text: 'maxSockets: retries * 10' }]) ?? '',
      /the fix found `maxSockets: retries \* 10` where the scanner named `ca: fs\.readFileSync\('x'\)` \(line 3\)/,
    );
    // The parser reads a normalised copy: other line breaks and indentation count as equal.
    assert.equal(wrongTarget('x\r\n\tca: [1,\r\n\t2]', [{ target: { kind: 'property', start: 4, end: 16 }, text: 'ca: [1,\n 2]' }]), undefined);
  });
});
