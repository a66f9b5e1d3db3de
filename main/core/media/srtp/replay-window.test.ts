import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ReplayWindow } from './replay-window';

test('the window accepts new indices, refuses duplicates and indices below it', () => {
  const w = new ReplayWindow(64);
  assert.equal(w.check(100), 'new');
  w.accept(100);
  assert.equal(w.check(100), 'duplicate');
  assert.equal(w.check(99), 'new');
  w.accept(99);
  assert.equal(w.check(99), 'duplicate');
  assert.equal(w.check(37), 'new'); // age 63: the oldest slot
  assert.equal(w.check(36), 'too-old'); // age 64
  w.accept(110);
  assert.equal(w.highest, 110);
  assert.equal(w.check(100), 'duplicate');
  assert.equal(w.check(99), 'duplicate');
  assert.equal(w.check(105), 'new');
  assert.equal(w.check(47), 'new'); // age 63
  assert.equal(w.check(46), 'too-old'); // age 64
  // A jump of more than the window forgets everything below.
  w.accept(500);
  assert.equal(w.check(110), 'too-old');
  assert.equal(w.check(499), 'new');
  assert.equal(w.check(437), 'new');
  assert.equal(w.check(436), 'too-old');
});

test('the window remembers exactly which of the last 64 indices arrived', () => {
  const w = new ReplayWindow();
  const received = new Set<number>();
  // Deterministic shuffle of 0..199 with a few gaps.
  const order = Array.from({ length: 200 }, (_, i) => i).filter((i) => i % 17 !== 5);
  for (let i = order.length - 1; i > 0; i--) {
    const j = (i * 7919) % (i + 1);
    [order[i], order[j]] = [order[j] ?? 0, order[i] ?? 0];
  }
  for (const index of order) {
    const verdict = w.check(index);
    const highest = w.highest ?? -Infinity;
    const expected = index > highest ? 'new' : highest - index >= 64 ? 'too-old' : received.has(index) ? 'duplicate' : 'new';
    assert.equal(verdict, expected, `index ${index}`);
    if (verdict === 'new') {
      w.accept(index);
      received.add(index);
    }
  }
});

test('a window can be larger than 64', () => {
  const w = new ReplayWindow(128);
  w.accept(1000);
  assert.equal(w.check(1000 - 127), 'new');
  assert.equal(w.check(1000 - 128), 'too-old');
  assert.throws(() => new ReplayWindow(0), RangeError);
});
