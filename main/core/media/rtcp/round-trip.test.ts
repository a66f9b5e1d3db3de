import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RtpReceiverStats } from '../rtp/rtp-receiver-stats';
import { RtpSequencer } from '../rtp/rtp-sequencer';
import { msToNtpShort, ntpFromUnixMs, ntpMiddle32, NTP_UNIX_OFFSET_SECONDS } from './ntp-time';
import { reportBlockFor, senderInfoAt } from './report-fields';
import { lsrFields, roundTripTimeMs, roundTripTimeUnits, srReceipt } from './round-trip';

test('NTP time from Unix milliseconds', () => {
  assert.deepEqual(ntpFromUnixMs(0), { seconds: NTP_UNIX_OFFSET_SECONDS, fraction: 0 });
  assert.deepEqual(ntpFromUnixMs(1500), { seconds: NTP_UNIX_OFFSET_SECONDS + 1, fraction: 0x8000_0000 });
  assert.deepEqual(ntpFromUnixMs(250), { seconds: NTP_UNIX_OFFSET_SECONDS, fraction: 0x4000_0000 });
  // 2036-02-07 06:28:16 UTC is the NTP era wrap: seconds go back to 0.
  assert.equal(ntpFromUnixMs((2 ** 32 - NTP_UNIX_OFFSET_SECONDS) * 1000).seconds, 0);
  assert.deepEqual(ntpFromUnixMs(Number.NaN), ntpFromUnixMs(0));
});

test('the middle 32 bits are 16.16 seconds', () => {
  assert.equal(ntpMiddle32({ seconds: 0x1234b710, fraction: 0x8000_1234 }), 0xb7108000);
  assert.equal(msToNtpShort(5250), 0x00054000);
  assert.equal(msToNtpShort(-3), 0);
});

test('RTT from the RFC 3550 §6.4.1 example: A 46864.500 − LSR 46853.125 − DLSR 5.250 = 6.125 s', () => {
  assert.equal(roundTripTimeUnits(0xb7108000, 0xb7052000, 0x00054000), 0x00062000);
  assert.equal(roundTripTimeUnits(0xb7108000, 0, 0x00054000), undefined, 'LSR 0: no SR received yet');
  assert.equal(roundTripTimeUnits(0xb7052000, 0xb7108000, 0), undefined, 'negative');
  // Across the 16-bit seconds wrap of the compact format.
  assert.equal(roundTripTimeUnits(0x00010000, 0xffff8000, 0x00004000), 0x00014000);
});

test('RTT end to end: our SR, the peer holds it 250 ms, its RR arrives 330 ms after our SR → 80 ms', () => {
  const srWallMs = 1_700_000_000_123;
  const ourSrNtp = ntpFromUnixMs(srWallMs);
  // Peer side: it received our SR at its monotonic 10_000 ms and reports at 10_250.
  const receipt = srReceipt(ourSrNtp, 10_000);
  const fields = lsrFields(receipt, 10_250);
  assert.equal(fields.lastSr, ntpMiddle32(ourSrNtp));
  assert.equal(fields.delaySinceLastSr, msToNtpShort(250));
  const rtt = roundTripTimeMs(srWallMs + 330, fields);
  assert.ok(rtt !== undefined && Math.abs(rtt - 80) < 0.1, `rtt ${rtt}`);
  assert.deepEqual(lsrFields(undefined, 5), { lastSr: 0, delaySinceLastSr: 0 });
  assert.equal(roundTripTimeMs(srWallMs + 330, { lastSr: 0, delaySinceLastSr: 0 }), undefined);
});

test('sender info and report blocks come from the RTP side', () => {
  const seq = new RtpSequencer({ payloadType: 0, ssrc: 0xabc, random: () => 0 });
  seq.frame(160, 160);
  seq.frame(160, 160);
  assert.deepEqual(senderInfoAt(1500, seq.senderCounts()), {
    ntp: { seconds: NTP_UNIX_OFFSET_SECONDS + 1, fraction: 0x8000_0000 },
    rtpTimestamp: 320,
    packetCount: 2,
    octetCount: 320,
  });
  const stats = new RtpReceiverStats(8000);
  [1, 2, 3, 5].forEach((s, i) => stats.receive(s, s * 160, i * 20 + (s === 5 ? 20 : 0)));
  const reception = stats.takeReport();
  assert.ok(reception !== undefined);
  const block = reportBlockFor(0x99, reception, srReceipt({ seconds: 0x0001_0002, fraction: 0x0003_0000 }, 1000), 1500);
  assert.deepEqual(block, {
    ssrc: 0x99,
    fractionLost: Math.floor(256 / 4),
    cumulativeLost: 1,
    extendedHighestSeq: 5,
    jitter: 0,
    lastSr: 0x0002_0003,
    delaySinceLastSr: 0x8000,
  });
});
