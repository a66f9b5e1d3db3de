import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NonceCounter } from './nonce-counter';

test('counts per nonce', () => {
  const counter = new NonceCounter();
  assert.deepEqual([counter.next('a'), counter.next('a'), counter.next('b'), counter.next('a')], [1, 2, 1, 3]);
});

test('forgets the least recently used nonce beyond its capacity', () => {
  const counter = new NonceCounter(2);
  counter.next('a');
  counter.next('b');
  counter.next('a');
  counter.next('c'); // evicts b
  assert.equal(counter.next('a'), 3);
  assert.equal(counter.next('b'), 1);
});
