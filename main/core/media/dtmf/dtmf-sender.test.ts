import assert from 'node:assert/strict';
import { test } from 'node:test';
import { digitToEvent, eventToDigit, toDtmfDigit } from './dtmf-digits';
import { digitPressPackets, DtmfSender, type TelephoneEventPacket } from './dtmf-sender';
import { encodeTelephoneEvent, parseTelephoneEvent } from './telephone-event';

const toHex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

test('digits map to RFC 4733 event codes', () => {
  assert.deepEqual(['0', '9', '*', '#', 'A', 'D'].map((d) => digitToEvent(toDtmfDigit(d) ?? '0')), [0, 9, 10, 11, 12, 15]);
  assert.equal(toDtmfDigit('b'), 'B');
  assert.equal(toDtmfDigit('E'), undefined);
  assert.equal(toDtmfDigit('12'), undefined);
  assert.equal(eventToDigit(16), undefined);
  assert.equal(eventToDigit(1.5), undefined);
});

test('telephone-event payload layout: event, E|R|volume, duration', () => {
  assert.equal(toHex(encodeTelephoneEvent({ event: 1, end: false, volume: 10, duration: 160 })), '010a00a0');
  assert.equal(toHex(encodeTelephoneEvent({ event: 11, end: true, volume: 10, duration: 800 })), '0b8a0320');
  // R bit set on receipt is ignored.
  const r = parseTelephoneEvent(Uint8Array.of(0x05, 0xca, 0x01, 0x40));
  assert.deepEqual(r, { ok: true, event: { event: 5, end: true, volume: 10, duration: 320 } });
  const short = parseTelephoneEvent(Uint8Array.of(1, 2, 3));
  assert.equal(short.ok, false);
  // Out-of-range fields are clamped, not thrown.
  assert.equal(toHex(encodeTelephoneEvent({ event: 3, end: false, volume: 99, duration: 1e9 })), '033fffff');
});

test('"1" at 8 kHz/20 ms: marker on the first packet, one timestamp, growing duration, three end packets', () => {
  const packets = digitPressPackets('1', 123_456);
  assert.equal(packets.length, 7);
  assert.deepEqual(packets.map((p) => p.marker), [true, false, false, false, false, false, false]);
  assert.ok(packets.every((p) => p.timestamp === 123_456 && p.digit === '1' && p.event.event === 1 && p.event.volume === 10));
  assert.deepEqual(packets.map((p) => p.event.duration), [160, 320, 480, 640, 800, 800, 800]);
  assert.deepEqual(packets.map((p) => p.event.end), [false, false, false, false, true, true, true]);
  assert.deepEqual(packets.map((p) => toHex(p.payload)), ['010a00a0', '010a0140', '010a01e0', '010a0280', '018a0320', '018a0320', '018a0320']);
});

test('timing options: 48 kHz clock, 160 ms press, durations capped at 65535 units', () => {
  const wide = digitPressPackets('#', 0, { clockRate: 48_000, durationMs: 160, volume: 7 });
  assert.deepEqual(wide.map((p) => p.event.duration), [960, 1920, 2880, 3840, 4800, 5760, 6720, 7680, 7680, 7680]);
  assert.ok(wide.every((p) => p.event.event === 11 && p.event.volume === 7));
  const long = digitPressPackets('5', 0, { clockRate: 48_000, durationMs: 5000 });
  assert.equal(long.at(-1)?.event.duration, 0xffff);
  // A press shorter than one tick still ends with the E bit, three times.
  const blip = digitPressPackets('5', 0, { durationMs: 5 });
  assert.deepEqual(blip.map((p) => [p.event.duration, p.event.end, p.marker]), [[40, true, true], [40, true, false], [40, true, false]]);
});

/** Runs the sender for `ticks` audio ticks of 160 samples from media timestamp `start`. */
function run(sender: DtmfSender, start: number, ticks: number): (TelephoneEventPacket | undefined)[] {
  return Array.from({ length: ticks }, (_, i) => sender.tick((start + 160 * i) >>> 0));
}

test('"123#": each press on the tick clock, gaps of audio between them, timestamps from the media clock', () => {
  const sender = new DtmfSender();
  assert.deepEqual(sender.enqueue('123#'), { ok: true, queued: 4 });
  assert.equal(sender.busy, true);
  const start = 2 ** 32 - 800; // the media timestamp wraps during the string
  const out = run(sender, start, 40);
  // Cycle: 7 packets (100 ms tone + 2 end repeats) then audio until 170 ms → the next press starts at tick 9 (180 ms).
  const starts = out.flatMap((p, i) => (p?.marker === true ? [i] : []));
  assert.deepEqual(starts, [0, 9, 18, 27]);
  assert.deepEqual(starts.map((i) => out[i]?.digit), ['1', '2', '3', '#']);
  assert.deepEqual(starts.map((i) => out[i]?.timestamp), [0, 9, 18, 27].map((i) => (start + 160 * i) >>> 0));
  assert.deepEqual(out.slice(0, 9).map((p) => p !== undefined), [true, true, true, true, true, true, true, false, false]);
  assert.ok(out.slice(9, 16).every((p) => p?.timestamp === (start + 160 * 9) >>> 0), 'one timestamp per press');
  assert.ok(out.slice(36).every((p) => p === undefined));
  assert.equal(sender.busy, false);
  // End of the tone of "1" (100 ms) to the start of "2" (180 ms) leaves at least the 70 ms gap.
  assert.ok(9 * 20 - 100 >= 70);
});

test('a longer gap is honoured and enqueue rejects a string with any non-DTMF character', () => {
  const sender = new DtmfSender({ gapMs: 200 });
  assert.deepEqual(sender.enqueue('1x2'), { ok: false, invalid: 'x' });
  assert.equal(sender.busy, false, 'nothing queued on a rejected string');
  sender.enqueue('9a');
  const out = run(sender, 0, 30);
  const starts = out.flatMap((p, i) => (p?.marker === true ? [i] : []));
  assert.deepEqual(starts, [0, 15]); // (100 + 200) / 20
  assert.equal(out[15]?.event.event, 12);
  assert.equal(new DtmfSender().tick(0), undefined, 'idle sender sends nothing');
  // With no gap the end repeats still go out: the next press starts after them (tick 7, not 5).
  const tight = new DtmfSender({ gapMs: 0 });
  tight.enqueue('12');
  const tightOut = run(tight, 0, 16);
  assert.deepEqual(tightOut.flatMap((p, i) => (p?.marker === true ? [i] : [])), [0, 7]);
  assert.deepEqual(tightOut.slice(0, 14).map((p) => p?.event.end), [false, false, false, false, true, true, true, false, false, false, false, true, true, true]);
});

test('clearQueue lets the current press finish with its end packets', () => {
  const sender = new DtmfSender();
  sender.enqueue('12');
  sender.tick(0);
  sender.clearQueue();
  const rest = run(sender, 160, 20).filter((p) => p !== undefined);
  assert.equal(rest.length, 6);
  assert.ok(rest.every((p) => p.digit === '1'));
  assert.equal(rest.filter((p) => p.event.end).length, 3);
});
