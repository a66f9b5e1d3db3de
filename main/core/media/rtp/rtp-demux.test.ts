import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isRtcp } from './rtp-demux';

const buf = (...b: number[]): Uint8Array => Uint8Array.from(b);

test('RTCP packet types 192-223 are RTCP', () => {
  for (const pt of [192, 200, 201, 202, 203, 204, 205, 206, 207, 223]) assert.equal(isRtcp(buf(0x81, pt, 0, 1, 0, 0, 0, 0)), true, `PT ${pt}`);
});

test('RTP, including marker + PT 0-63 and 96-127, is not RTCP', () => {
  assert.equal(isRtcp(buf(0x80, 0, 0, 1)), false); // PCMU
  assert.equal(isRtcp(buf(0x80, 0x80 | 0, 0, 1)), false); // M=1 PCMU = 128
  assert.equal(isRtcp(buf(0x80, 0x80 | 63, 0, 1)), false); // 191
  assert.equal(isRtcp(buf(0x80, 0x80 | 96, 0, 1)), false); // 224
  assert.equal(isRtcp(buf(0x80, 0x80 | 111, 0, 1)), false); // Opus with marker
  assert.equal(isRtcp(buf(0x80, 101, 0, 1)), false); // telephone-event
});

test('too short or not version 2 is not RTCP', () => {
  assert.equal(isRtcp(buf()), false);
  assert.equal(isRtcp(buf(0x80)), false);
  assert.equal(isRtcp(buf(0x41, 200, 0, 1)), false);
  assert.equal(isRtcp(buf(0x00, 0x01, 0, 0)), false); // STUN binding request
});
