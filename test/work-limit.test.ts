// The value analysis stops at a work limit (values/analysis.ts, MAX_JOINS), and a program it stopped
// on (or whose rounds did not settle) has every setting reviewed: never fixable, never dropped
// (scan/index.ts, classify.ts's unsettledVerdict).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createHostMatcher } from '../src/hosts.ts';
import { scanFiles, type RawFinding } from '../src/scan/index.ts';
import { MAX_JOINS } from '../src/scan/values/analysis.ts';
import { joinsAsked } from '../src/scan/values/lattice.ts';

const matcher = createHostMatcher();

function scan(texts: Record<string, string>, maxJoins?: number): RawFinding[] {
  const files = Object.keys(texts);
  return scanFiles({ texts: new Map(Object.entries(texts)), candidates: files, matcher, roots: ['/project'], maxJoins }).findings;
}

const PIN = `const https = require('https');
const fs = require('fs');
const base = 'https://api.weixin.qq.com';
const agent = new https.Agent({ ca: fs.readFileSync('wx.pem') });
https.get(base + '/cgi-bin/token', { agent });
`;

// Calls through one wrapper, which runs the method it is given with the arguments it is given (as
// node-webot's wechat-api does): every method's arguments join into every method. Two copies of that
// SDK's 300 methods in one tree asked ~190 million joins in 30 s before the limit was there.
function apiThroughOneWrapper(methods: number): string {
  const lines = [`const https = require('https');`, `const fs = require('fs');`, 'function Api() {}'];
  lines.push(`Api.prototype.call = function (method, args) { return method.apply(this, args); };`);
  lines.push(`Api.prototype.send = function (path, cb) { https.request({ hostname: 'api.weixin.qq.com', path, ca: [fs.readFileSync('wx.pem')] }, cb).end(); };`);
  for (let index = 0; index < methods; index++) {
    lines.push(`Api.prototype._m${index} = function (a${index}, cb) { this.send('/m${index}?x=' + a${index}, cb); };`);
    lines.push(`Api.prototype.m${index} = function () { return this.call(this._m${index}, arguments); };`);
  }
  lines.push('module.exports = Api;');
  return lines.join('\n');
}

test('a program the analysis settles within the limit is judged as usual', () => {
  const [finding] = scan({ '/project/pay.js': PIN });
  assert.equal(finding?.status, 'fixable');
});

test('past the limit every setting is reviewed, with the limit as the reason', () => {
  const findings = scan({ '/project/pay.js': PIN }, 1);
  assert.equal(findings.length, 1);
  assert.equal(findings[0]!.status, 'needs-review');
  assert.equal(findings[0]!.reason, 'unresolved-host');
  assert.deepEqual(
    findings[0]!.evidence.map((item) => item.note),
    ['the value analysis reached its work limit, so who reads this setting is only partly known; scan a smaller folder'],
  );
});

test('a solve stopped half way reviews every setting, whatever it had found', () => {
  const text = apiThroughOneWrapper(40);
  const before = joinsAsked.count;
  const settled = scan({ '/project/api.js': text });
  const asked = joinsAsked.count - before;
  assert.ok(asked < MAX_JOINS);
  assert.deepEqual(
    settled.map((finding) => [finding.status, finding.reason]),
    [['fixable', 'wechat-only']],
  );
  const stopped = scan({ '/project/api.js': text }, Math.floor(asked / 2));
  assert.deepEqual(
    stopped.map((finding) => [finding.status, finding.reason, finding.line]),
    [['needs-review', 'unresolved-host', settled[0]!.line]],
  );
});
