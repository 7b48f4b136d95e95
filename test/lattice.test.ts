// The value lattice's sets: past their size limit they must still stop growing, or the analysis's
// rounds never settle (a class with 30 methods passing 30 parameters to one helper once did that).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ts } from '../src/scan/typescript.ts';
import { MAX_VALUES, ValueSet, text, unknown, type Value } from '../src/scan/values/lattice.ts';

const nodes = Array.from({ length: 3 * MAX_VALUES }, () => ts.factory.createIdentifier('x'));
const unknowns: Value[] = nodes.map((node) => unknown('parameter', node, 'token'));
const urls: Value[] = nodes.map((node, index) => text(`https://api.mch.weixin.qq.com/v3/pay/q${index}`, node));

test('a set widened by too many unknowns stops changing when they come again', () => {
  const set = new ValueSet();
  set.addAll(unknowns);
  const size = set.size;
  assert.ok(size <= MAX_VALUES + 1, `size ${size}`);
  assert.equal(set.addAll(unknowns), false, 'the same unknowns again changed the set');
  assert.equal(set.addAll([...unknowns].reverse()), false, 'in another order, too');
  assert.equal(set.size, size);
  assert.ok([...set].some((value) => value.kind === 'unknown' && value.reason === 'limit'));
});

test('a set widened by too many strings keeps their origins and stops changing', () => {
  const set = new ValueSet();
  set.addAll(urls);
  const rendered = [...set].map((value) => (value.kind === 'string' ? value.parts.map((part) => ('text' in part ? part.text : '…')).join('') : value.kind));
  assert.deepEqual(rendered, ['https://api.mch.weixin.qq.com/…']);
  assert.equal(set.addAll(urls), false);
});

test('strings and unknowns together past the limit settle too', () => {
  const set = new ValueSet();
  for (let round = 0; round < 3; round++) {
    const changed = set.addAll([...unknowns, ...urls]);
    if (round > 0) assert.equal(changed, false, `round ${round} changed the set`);
  }
});
