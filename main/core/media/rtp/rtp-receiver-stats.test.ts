import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_DROPOUT, RtpReceiverStats } from './rtp-receiver-stats';

/**
 * Feeds sequence numbers as a perfectly paced 20 ms PCMU stream (each packet's
 * timestamp and arrival follow from its distance to the first one, so jitter
 * stays 0); returns the verdicts.
 */
function feed(stats: RtpReceiverStats, seqs: readonly number[]): string[] {
  const first = seqs[0] ?? 0;
  return seqs.map((seq) => {
    const index = (seq - first) & 0xffff;
    return stats.receive(seq, index * 160, index * 20).verdict;
  });
}

test('probation: the first packet is not valid, the second in sequence validates the source', () => {
  const s = new RtpReceiverStats(8000);
  const first = s.receive(500, 0, 0);
  assert.deepEqual(first, { valid: false, verdict: 'probation' });
  assert.equal(s.takeReport(), undefined);
  assert.equal(s.snapshot().validated, false);
  const second = s.receive(501, 160, 20);
  assert.deepEqual(second, { valid: true, verdict: 'in-order' });
  assert.equal(s.snapshot().validated, true);
  // A.1: init_seq on the packet that ends probation, which is counted.
  assert.deepEqual(s.takeReport(), { fractionLost: 0, cumulativeLost: 0, extendedHighestSeq: 501, jitter: 0 });
});

test('probation restarts when the second packet is not the next one', () => {
  const s = new RtpReceiverStats(8000);
  assert.deepEqual(feed(s, [10, 12, 13]), ['probation', 'probation', 'in-order']);
  assert.equal(s.snapshot().received, 1);
  assert.equal(s.snapshot().expected, 1);
});

test('probation completes across the 65535 → 0 wrap (the C code in A.1 misses this)', () => {
  const s = new RtpReceiverStats(8000);
  assert.deepEqual(feed(s, [65535, 0, 1]), ['probation', 'in-order', 'in-order']);
  assert.equal(s.snapshot().extendedHighestSeq, 1);
});

test('gaps count as loss; fraction lost covers the interval since the last report', () => {
  const s = new RtpReceiverStats(8000);
  feed(s, [100, 101, 102, 105, 106, 107, 108, 109]);
  // base 101 (end of probation); expected 101..109 = 9, received 7.
  const snap = s.snapshot();
  assert.deepEqual([snap.expected, snap.received, snap.lost], [9, 7, 2]);
  const r1 = s.takeReport();
  assert.deepEqual(r1, { fractionLost: Math.floor((2 * 256) / 9), cumulativeLost: 2, extendedHighestSeq: 109, jitter: 0 });
  // Next interval: 110..113 all arrive → fraction 0, cumulative unchanged.
  feed(s, [110, 111, 112, 113]);
  assert.deepEqual(s.takeReport(), { fractionLost: 0, cumulativeLost: 2, extendedHighestSeq: 113, jitter: 0 });
  // Nothing new at all: expected_interval 0 → fraction 0.
  assert.equal(s.takeReport()?.fractionLost, 0);
});

test('loss is counted across the sequence wrap and the cycle count advances', () => {
  const s = new RtpReceiverStats(8000);
  feed(s, [65530, 65531, 65532, 65533, 65534, 65535, 2, 3, 4, 5]);
  const r = s.takeReport();
  // base 65531; highest = 1 cycle + 5 = 65541; expected 11; received 5 + 4 = 9.
  assert.deepEqual(r, { fractionLost: Math.floor((2 * 256) / 11), cumulativeLost: 2, extendedHighestSeq: 65541, jitter: 0 });
});

test('a reordered packet is late, not loss; a duplicate makes the cumulative loss negative', () => {
  const s = new RtpReceiverStats(8000);
  assert.deepEqual(feed(s, [1000, 1001, 1003, 1002, 1003, 1004]), ['probation', 'in-order', 'in-order', 'late-or-duplicate', 'late-or-duplicate', 'in-order']);
  const r = s.takeReport();
  assert.equal(r?.cumulativeLost, -1);
  assert.equal(r?.fractionLost, 0);
  assert.equal(r?.extendedHighestSeq, 1004);
});

test('a large jump is dropped; two sequential packets after it mean the sender restarted', () => {
  const s = new RtpReceiverStats(8000);
  feed(s, [1000, 1001, 1002]);
  assert.deepEqual(s.receive(20000, 0, 100), { valid: false, verdict: 'jump' });
  // The old sequence continues: the jump was a stray packet.
  assert.equal(s.receive(1003, 0, 120).verdict, 'in-order');
  assert.equal(s.receive(30000, 0, 140).verdict, 'jump');
  assert.deepEqual(s.receive(30001, 0, 160), { valid: true, verdict: 'restart' });
  assert.equal(s.receive(30002, 0, 180).verdict, 'in-order');
  const snap = s.snapshot();
  assert.deepEqual([snap.expected, snap.received, snap.extendedHighestSeq], [2, 2, 30002]);
});

test('a gap just under MAX_DROPOUT is loss, not a jump', () => {
  const s = new RtpReceiverStats(8000);
  feed(s, [0, 1]);
  assert.equal(s.receive(1 + MAX_DROPOUT - 1, 0, 40).verdict, 'in-order');
  assert.equal(s.snapshot().lost, MAX_DROPOUT - 2);
});

test('cumulative loss is clamped to 24-bit signed', () => {
  const s = new RtpReceiverStats(8000);
  feed(s, [0, 1]);
  let seq = 1;
  for (let i = 0; i < 2900; i++) {
    seq = (seq + MAX_DROPOUT - 1) & 0xffff;
    s.receive(seq, 0, i);
  }
  assert.ok(s.snapshot().lost > 0x7fffff);
  assert.equal(s.takeReport()?.cumulativeLost, 0x7fffff);
});

test('jitter follows RFC 3550 A.8 on a hand-computed sequence', () => {
  const s = new RtpReceiverStats(8000);
  // ts 0,160,320,480 sent 20 ms apart; arrivals 0, 20, 45, 60 ms = 0, 160, 360, 480 units.
  // Transit 0, 0, 40, 0 → |D| 0, 40, 40 → J = 0, 0 + 40/16 = 2.5, 2.5 + (40 − 2.5)/16 = 4.84375.
  s.receive(1, 0, 0);
  s.receive(2, 160, 20);
  assert.equal(s.snapshot().jitter, 0);
  s.receive(3, 320, 45);
  assert.equal(s.snapshot().jitter, 2.5);
  s.receive(4, 480, 60);
  assert.equal(s.snapshot().jitter, 4.84375);
  assert.equal(s.snapshot().jitterMs, 4.84375 / 8);
  assert.equal(s.takeReport()?.jitter, 4);
});

test('jitter handles the timestamp wrap and can leave out event packets', () => {
  const s = new RtpReceiverStats(8000);
  s.receive(1, 0xffffff60, 0);
  s.receive(2, 0, 20); // 160 units later, across the wrap
  assert.equal(s.snapshot().jitter, 0);
  s.receive(3, 0, 40, { jitter: false }); // a telephone-event packet repeating the event timestamp
  assert.equal(s.snapshot().jitter, 0);
  s.receive(4, 160, 40);
  assert.equal(s.snapshot().jitter, 0);
  assert.equal(s.snapshot().received, 3);
});
