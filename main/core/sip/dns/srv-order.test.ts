import assert from 'node:assert/strict';
import { test } from 'node:test';
import { seededRandom, sequenceRandom } from '../../../../test/support/dns-fake';
import { srv } from '../../../../test/support/dns-zone';
import { isNoServiceTarget, orderSrv } from './srv-order';

const names = (records: ReadonlyArray<{ name: string }>): string[] => records.map((r) => r.name);

test('lowest priority first, whatever the wire order', () => {
  const ordered = orderSrv([srv(30, 0, 5060, 'c'), srv(10, 0, 5060, 'a'), srv(20, 0, 5060, 'b')], () => 0.5);
  assert.deepEqual(names(ordered), ['a', 'b', 'c']);
});

test('within a priority, each pick follows the running sum of weights (RFC 2782)', () => {
  // Pool is [c (w0), a (w10), b (w20)], running sums 0, 10, 30; a draw is floor(random * 31).
  const group = [srv(10, 10, 5060, 'a'), srv(10, 20, 5060, 'b'), srv(10, 0, 5060, 'c')];
  assert.deepEqual(names(orderSrv(group, sequenceRandom([0.5, 0]))), ['b', 'c', 'a']); // draws 15, then 0
  assert.deepEqual(names(orderSrv(group, sequenceRandom([0.2, 0.2]))), ['a', 'b', 'c']); // draws 6, then 4 of 20
  assert.deepEqual(names(orderSrv(group, sequenceRandom([0.99, 0.99]))), ['b', 'a', 'c']); // draws 30, then 10
});

test('a weight-0 record comes first only when the draw is 0, and weights share the first place', () => {
  const group = [srv(1, 0, 5060, 'zero'), srv(1, 75, 5060, 'heavy'), srv(1, 25, 5060, 'light')];
  const random = seededRandom(42);
  const first = new Map<string, number>();
  for (let i = 0; i < 4000; i += 1) {
    const name = orderSrv(group, random)[0]?.name ?? '';
    first.set(name, (first.get(name) ?? 0) + 1);
  }
  assert.ok((first.get('heavy') ?? 0) > 2800 && (first.get('heavy') ?? 0) < 3200, `heavy first ${first.get('heavy')}`);
  assert.ok((first.get('light') ?? 0) > 850 && (first.get('light') ?? 0) < 1150, `light first ${first.get('light')}`);
  assert.ok((first.get('zero') ?? 0) < 100, `zero first ${first.get('zero')}`);
});

test("'.' targets (node reports '') are dropped: the service is not available there", () => {
  assert.deepEqual(orderSrv([srv(0, 0, 0, '.'), srv(0, 0, 0, '')], Math.random), []);
  assert.equal(isNoServiceTarget(''), true);
  assert.equal(isNoServiceTarget('sip.example.com'), false);
});
