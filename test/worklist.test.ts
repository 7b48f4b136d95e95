// The value analysis's worklist (values/analysis.ts, settle; values/tracking.ts): between full rounds,
// a round applies only the effects whose reads changed, and a full round that changes nothing ends the
// rounds. The values must be those every-effect rounds give; the work must be less.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadProgram } from '../src/scan/program.ts';
import { ts } from '../src/scan/typescript.ts';
import { Analysis } from '../src/scan/values/analysis.ts';

/** Solves one file and returns the analysis and the values of `probe(…)`'s argument, as text. */
function solve(text: string): { analysis: Analysis; probed: string[] } {
  const { checker, sourceFiles } = loadProgram(new Map([['/project/a.js', text]]));
  const analysis = new Analysis(checker, sourceFiles, { idOf: () => undefined });
  analysis.solve();
  let argument: ts.Expression | undefined;
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'probe') argument = node.arguments[0];
    ts.forEachChild(node, visit);
  };
  visit(sourceFiles[0]!);
  const probed = [...analysis.evaluate(argument!)].map((value) => (value.kind === 'string' ? value.parts.map((part) => ('text' in part ? part.text : '…')).join('') : value.kind));
  return { analysis, probed };
}

// Each round moves the URL one declaration up: every-effect rounds take five to settle.
const chain = `
var v4 = v3;
var v3 = v2;
var v2 = v1;
var v1 = 'https://api.weixin.qq.com/cgi-bin/token';
var unrelated = [1, 2, 3].map(function (n) { return n * 2; });
probe(v4);
`;

test('a value that takes several rounds to arrive arrives, with two full rounds', () => {
  const { analysis, probed } = solve(chain);
  assert.deepEqual(probed, ['https://api.weixin.qq.com/cgi-bin/token']);
  // One to start, one to confirm; the rounds between applied only what the URL reached.
  assert.equal(analysis.fullRounds, 2);
  assert.ok(analysis.rounds > analysis.fullRounds, `rounds ${analysis.rounds}`);
  assert.ok(analysis.effectsRun < analysis.rounds * analysis.effectCount, `${analysis.effectsRun} effects in ${analysis.rounds} rounds of ${analysis.effectCount}`);
});

test("an effect that used another's memoised result runs again when that one does", () => {
  // The read of `url` in the second write evaluates the first write's value (values/order.ts) within
  // the round; when the parameter `id` grows, the effect that used that result must run again in a
  // partial round. Without that dependency the values come out right too, but only because a second
  // full round finds what the partial rounds missed: two full rounds, not three.
  const { analysis, probed } = solve(`
function straightLine(id) {
  let url = '/v3/pay/' + id;
  url = 'https://api.mch.weixin.qq.com' + url;
  return url;
}
probe(straightLine(process.argv[2]));
`);
  assert.deepEqual(probed, ['https://api.mch.weixin.qq.com/v3/pay/…']);
  assert.equal(analysis.fullRounds, 2);
});
