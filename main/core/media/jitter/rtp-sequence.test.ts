import assert from 'node:assert/strict';
import { test } from 'node:test';
import { extendSeq, extendTimestamp, wireSeq, wireTimestamp, wrappedDelta } from './rtp-sequence';

test('wrappedDelta takes the short way round', () => {
  assert.equal(wrappedDelta(65535, 0, 0x10000), 1);
  assert.equal(wrappedDelta(0, 65535, 0x10000), -1);
  assert.equal(wrappedDelta(100, 90, 0x10000), -10);
  assert.equal(wrappedDelta(0xffffff00, 0x40, 0x100000000), 0x140);
});

test('sequence numbers extend past the 16-bit wrap, both ways', () => {
  assert.equal(extendSeq(0, 65535), 65536);
  assert.equal(extendSeq(3, 65534), 65539);
  assert.equal(extendSeq(65535, 65536), 65535); // a late packet from before the wrap
  assert.equal(extendSeq(10, 65536 * 3 + 5), 65536 * 3 + 10);
  assert.equal(wireSeq(65536 * 2 + 7), 7);
  assert.equal(wireSeq(-1), 65535);
});

test('timestamps extend past the 32-bit wrap', () => {
  const before = 0xffff_ff00;
  assert.equal(extendTimestamp(0x60, before), 0x1_0000_0060);
  assert.equal(extendTimestamp(0xffff_fe00, 0x1_0000_0060), 0xffff_fe00);
  assert.equal(wireTimestamp(0x1_0000_0060), 0x60);
  assert.equal(wireTimestamp(-160), 0xffff_ff60);
});
