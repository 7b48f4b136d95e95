// The safety net between the transform and the disk (src/fix.ts): a fix that is not a pure deletion,
// that makes a trust setting appear, or whose re-scan still (or newly) finds a setting, is refused.
// Each test hands it a bad fix on purpose.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkOutput, isDeletionOf, verifyFixes } from '../src/fix.ts';
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
