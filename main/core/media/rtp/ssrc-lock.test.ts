import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SsrcLock } from './ssrc-lock';

test('the first source is taken at once and kept', () => {
  const lock = new SsrcLock();
  assert.equal(lock.accept(0x1111, 10), 'same');
  assert.equal(lock.accept(0x1111, 11), 'same');
  assert.equal(lock.current, 0x1111);
});

test('stray packets with other SSRCs are held and never take over', () => {
  const lock = new SsrcLock();
  lock.accept(0x1111, 10);
  // Random SSRCs and sequence numbers, interleaved with the real source.
  const stray = [[0xdead, 5], [0xbeef, 60000], [0xdead, 7], [0xbeef, 60002]] as const;
  let seq = 11;
  for (const [ssrc, s] of stray) {
    assert.equal(lock.accept(ssrc, s), 'held');
    assert.equal(lock.accept(0x1111, seq++), 'same');
  }
  assert.equal(lock.current, 0x1111);
});

test('a new source is taken on its second packet in sequence, also across the 16-bit wrap', () => {
  const lock = new SsrcLock();
  lock.accept(0x1111, 10);
  assert.equal(lock.accept(0x2222, 65535), 'held');
  assert.equal(lock.accept(0x1111, 11), 'same', 'the old source still plays while the new one is unconfirmed');
  assert.equal(lock.accept(0x2222, 0), 'switched');
  assert.equal(lock.current, 0x2222);
  assert.equal(lock.accept(0x1111, 12), 'held', 'now the old source is the stranger');
});

test('a candidate that skips a number starts its probation again', () => {
  const lock = new SsrcLock();
  lock.accept(0x1111, 10);
  assert.equal(lock.accept(0x2222, 100), 'held');
  assert.equal(lock.accept(0x2222, 102), 'held');
  assert.equal(lock.accept(0x2222, 103), 'switched');
});
