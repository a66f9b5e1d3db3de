import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseRtp, serializeRtp } from '../rtp/rtp-packet';
import { RtpReceiverStats } from '../rtp/rtp-receiver-stats';
import { RtpSequencer } from '../rtp/rtp-sequencer';
import { DtmfDetector, type DetectedDigit } from './dtmf-detector';
import { DtmfSender } from './dtmf-sender';

const PCMU = 0;
const TELEPHONE_EVENT = 101;

test('audio and telephone-events share one stream: contiguous sequence numbers, event timestamps from the media clock', () => {
  let r = 0.1;
  const seq = new RtpSequencer({ payloadType: PCMU, random: () => (r = (r * 7.3) % 1) });
  const dtmf = new DtmfSender();
  const wire: Uint8Array[] = [];
  const audio = new Uint8Array(160).fill(0xff);
  for (let tick = 0; tick < 30; tick++) {
    if (tick === 3) dtmf.enqueue('5');
    const ev = dtmf.tick(seq.timestamp);
    if (ev !== undefined) {
      const out = serializeRtp({ ...seq.event(ev.timestamp, ev.marker, TELEPHONE_EVENT, ev.payload.length), payload: ev.payload });
      assert.ok(out.ok);
      wire.push(out.bytes);
      seq.skip(160);
    } else {
      const out = serializeRtp({ ...seq.frame(160, audio.length), payload: audio });
      assert.ok(out.ok);
      wire.push(out.bytes);
    }
  }

  const packets = wire.map((b) => {
    const p = parseRtp(b);
    assert.ok(p.ok);
    return p.packet;
  });
  packets.forEach((p, i) => assert.equal(p.sequenceNumber, ((packets[0]?.sequenceNumber ?? 0) + i) & 0xffff));
  const events = packets.filter((p) => p.payloadType === TELEPHONE_EVENT);
  assert.equal(events.length, 7);
  const eventStart = (packets[0]?.timestamp ?? 0) + 3 * 160;
  assert.ok(events.every((p) => p.timestamp === eventStart >>> 0));
  assert.deepEqual(events.map((p) => p.marker), [true, false, false, false, false, false, false]);
  // Audio resumes after the end repeats as a new talkspurt, on the media clock.
  const resumed = packets[10];
  assert.equal(resumed?.payloadType, PCMU);
  assert.equal(resumed?.marker, true);
  assert.equal(resumed?.timestamp, (eventStart + 7 * 160) >>> 0);
  assert.deepEqual(packets.filter((p) => p.marker).map((p) => packets.indexOf(p)), [0, 3, 10]);

  // Receive side: statistics over every packet, jitter over audio only; the detector over events.
  const stats = new RtpReceiverStats(8000);
  const detector = new DtmfDetector();
  const digits: DetectedDigit[] = [];
  packets.forEach((p, i) => {
    const isEvent = p.payloadType === TELEPHONE_EVENT;
    stats.receive(p.sequenceNumber, p.timestamp, i * 20, { jitter: !isEvent });
    if (isEvent) digits.push(...detector.receive(p, i * 20));
  });
  assert.deepEqual(digits.map((d) => [d.digit, d.durationMs, d.ended]), [['5', 100, true]]);
  const report = stats.takeReport();
  assert.deepEqual(report, { fractionLost: 0, cumulativeLost: 0, extendedHighestSeq: packets.at(-1)?.sequenceNumber ?? -1, jitter: 0 });
});
