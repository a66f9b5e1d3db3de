import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RtpSequencer } from './rtp-sequencer';

/** A random source that returns the given values in order (then 0). */
function scripted(...values: number[]): () => number {
  let i = 0;
  return () => values[i++] ?? 0;
}

test('initial SSRC, sequence number and timestamp come from the injected random source', () => {
  const s = new RtpSequencer({ payloadType: 0, random: scripted(0.5, 0.25, 0.75) });
  assert.equal(s.ssrc, 0x8000_0000);
  assert.equal(s.nextSequenceNumber, 0x4000);
  assert.equal(s.timestamp, 0xc000_0000);
});

test('a random source that returns 1 or junk still gives in-range values', () => {
  const s = new RtpSequencer({ payloadType: 0, random: scripted(1, Number.NaN, -0.5) });
  assert.ok(s.ssrc >= 0 && s.ssrc < 2 ** 32);
  assert.ok(s.nextSequenceNumber >= 0 && s.nextSequenceNumber < 65536);
  assert.ok(s.timestamp >= 0 && s.timestamp < 2 ** 32);
});

test('sequence numbers increase by one and wrap from 65535 to 0', () => {
  const s = new RtpSequencer({ payloadType: 0, ssrc: 42, random: scripted(65534 / 65536, 0) });
  const seqs = [0, 1, 2, 3].map(() => s.frame(160, 160).sequenceNumber);
  assert.deepEqual(seqs, [65534, 65535, 0, 1]);
});

test('the timestamp advances by the samples of each frame and wraps at 2^32', () => {
  const s = new RtpSequencer({ payloadType: 0, ssrc: 1, random: scripted(0, (2 ** 32 - 320) / 2 ** 32) });
  const ts = [0, 1, 2, 3].map(() => s.frame(160, 160).timestamp);
  assert.deepEqual(ts, [2 ** 32 - 320, 2 ** 32 - 160, 0, 160]);
  assert.equal(s.timestamp, 320);
});

test('the marker bit marks the first packet and the first packet after a skipped interval', () => {
  const s = new RtpSequencer({ payloadType: 0, ssrc: 1, random: scripted(0, 0) });
  const a = s.frame(160, 160);
  const b = s.frame(160, 160);
  s.skip(480); // 60 ms of silence suppression
  const c = s.frame(160, 160);
  const d = s.frame(160, 160);
  assert.deepEqual([a.marker, b.marker, c.marker, d.marker], [true, false, true, false]);
  assert.equal(c.timestamp, 320 + 480);
  assert.equal(c.sequenceNumber, b.sequenceNumber + 1, 'skipping does not consume sequence numbers');
  s.startTalkspurt();
  assert.equal(s.frame(160, 160).marker, true);
});

test('event packets keep their own timestamp and take the next sequence number', () => {
  const s = new RtpSequencer({ payloadType: 0, ssrc: 7, random: scripted(100 / 65536, 0) });
  s.frame(160, 160);
  const start = s.timestamp;
  const e1 = s.event(start, true, 101, 4);
  s.skip(160);
  const e2 = s.event(start, false, 101, 4);
  s.skip(160);
  assert.deepEqual([e1.sequenceNumber, e2.sequenceNumber], [101, 102]);
  assert.deepEqual([e1.timestamp, e2.timestamp], [160, 160]);
  assert.deepEqual([e1.payloadType, e1.marker, e2.marker], [101, true, false]);
  const next = s.frame(160, 160);
  assert.equal(next.timestamp, 480);
  assert.equal(next.marker, true);
});

test('sender counts track packets, payload octets and the media clock', () => {
  const s = new RtpSequencer({ payloadType: 0, ssrc: 1, random: scripted(0, 0) });
  s.frame(160, 160);
  s.frame(160, 160);
  s.event(320, true, 101, 4);
  s.skip(160);
  assert.deepEqual(s.senderCounts(), { packetCount: 3, octetCount: 324, rtpTimestamp: 480 });
  const before = s.ssrc;
  assert.notEqual(s.changeSsrc(), before);
  assert.deepEqual(s.senderCounts(), { packetCount: 0, octetCount: 0, rtpTimestamp: 480 });
});

test('fractional or negative sample counts do not corrupt the timestamp', () => {
  const s = new RtpSequencer({ payloadType: 0, ssrc: 1, random: scripted(0, 0) });
  s.frame(160.7, 10);
  s.frame(-5, 10);
  s.skip(Number.NaN);
  assert.equal(s.timestamp, 160);
});
