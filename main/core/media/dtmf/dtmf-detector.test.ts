import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DtmfDetector, type DetectedDigit } from './dtmf-detector';
import { digitPressPackets, DtmfSender, type TelephoneEventPacket } from './dtmf-sender';
import { encodeTelephoneEvent } from './telephone-event';

/** Feeds packets 20 ms apart from `t0`; returns every digit reported, with a final poll well after the timeout. */
function detect(packets: readonly TelephoneEventPacket[], detector = new DtmfDetector(), t0 = 0): DetectedDigit[] {
  const out: DetectedDigit[] = [];
  packets.forEach((p, i) => {
    out.push(...detector.poll(t0 + 20 * i));
    out.push(...detector.receive(p, t0 + 20 * i));
  });
  out.push(...detector.poll(t0 + 20 * packets.length + 10_000));
  return out;
}

const press = digitPressPackets('1', 8000);
const ONE: DetectedDigit = { digit: '1', timestamp: 8000, duration: 800, durationMs: 100, ended: true };

test('a clean press is one digit with its duration', () => {
  assert.deepEqual(detect(press), [ONE]);
});

test('duplicated packets still give one digit', () => {
  assert.deepEqual(detect(press.flatMap((p) => [p, p])), [ONE]);
});

test('lost start packets (marker lost) still give one digit', () => {
  assert.deepEqual(detect(press.slice(2)), [ONE]);
});

test('only the end packets arriving give one digit at once', () => {
  const detector = new DtmfDetector();
  const first = press[4];
  assert.ok(first !== undefined);
  assert.deepEqual(detector.receive(first, 0), [ONE]);
  assert.deepEqual(detector.receive(first, 20), [], 'second end copy');
  assert.deepEqual(detector.receive(first, 40), [], 'third end copy');
  assert.deepEqual(detector.receive(first, 5000), [], 'a retransmitted end much later');
  assert.deepEqual(detector.poll(10_000), []);
});

test('reordered packets (reversed, shuffled) give one digit with the full duration', () => {
  assert.deepEqual(detect([...press].reverse()), [ONE]);
  const order = [1, 0, 3, 2, 5, 4, 6];
  assert.deepEqual(detect(order.map((i) => press[i]).filter((p) => p !== undefined)), [ONE]);
});

test('all end packets lost: the press closes on the timeout with the longest duration seen', () => {
  const detector = new DtmfDetector({ timeoutMs: 300 });
  press.slice(0, 4).forEach((p, i) => assert.deepEqual(detector.receive(p, i * 20), []));
  assert.deepEqual(detector.poll(60 + 299), []);
  assert.deepEqual(detector.poll(60 + 300), [{ ...ONE, duration: 640, durationMs: 80, ended: false }]);
  const lateEnd = press[4];
  assert.ok(lateEnd !== undefined);
  assert.deepEqual(detector.receive(lateEnd, 400), [], 'a late end after the timeout is not a second press');
});

test('all end packets lost and the updates reordered: the longest duration seen wins', () => {
  const detector = new DtmfDetector({ timeoutMs: 300 });
  [0, 1, 3, 2].forEach((i, n) => {
    const p = press[i];
    assert.ok(p !== undefined);
    assert.deepEqual(detector.receive(p, n * 20), []);
  });
  assert.deepEqual(detector.poll(1000), [{ ...ONE, duration: 640, durationMs: 80, ended: false }]);
});

test('all end packets lost: the next press closes the previous one', () => {
  const two = digitPressPackets('2', 8000 + 1440);
  const out = detect([...press.slice(0, 3), ...two]);
  assert.deepEqual(out, [
    { ...ONE, duration: 480, durationMs: 60, ended: false },
    { digit: '2', timestamp: 9440, duration: 800, durationMs: 100, ended: true },
  ]);
});

test('a late packet of an older press never seen is reported once, after the newer one started', () => {
  const two = digitPressPackets('2', 8000 + 1440);
  const out = detect([...two.slice(0, 2), ...press.slice(4), ...two.slice(2)]);
  assert.deepEqual(out, [ONE, { digit: '2', timestamp: 9440, duration: 800, durationMs: 100, ended: true }]);
});

test('"123#" through the sender and back, with duplicates and losses, gives each digit once in order', () => {
  const sender = new DtmfSender();
  sender.enqueue('123#');
  const sent = Array.from({ length: 40 }, (_, i) => sender.tick(160 * i)).filter((p) => p !== undefined);
  // Drop every third packet, duplicate every fourth.
  const mangled = sent.flatMap((p, i) => (i % 3 === 2 ? [] : i % 4 === 0 ? [p, p] : [p]));
  assert.deepEqual(detect(mangled).map((d) => [d.digit, d.durationMs]), [['1', 100], ['2', 100], ['3', 100], ['#', 100]]);
});

test('random loss, duplication and local reordering: exactly one digit per press that left a trace', () => {
  let seed = 12345;
  const rand = (): number => {
    seed = (seed * 16807) % 2147483647;
    return (seed - 1) / 2147483646;
  };
  for (let round = 0; round < 50; round++) {
    const sender = new DtmfSender();
    const digits = '0123456789*#ABCD';
    sender.enqueue(digits);
    const sent = Array.from({ length: 16 * 9 }, (_, i) => sender.tick(1000 + 160 * i)).filter((p) => p !== undefined);
    const survivors = sent.filter(() => rand() > 0.3).flatMap((p) => (rand() < 0.2 ? [p, p] : [p]));
    for (let i = 0; i + 1 < survivors.length; i++) {
      const a = survivors[i];
      const b = survivors[i + 1];
      if (a !== undefined && b !== undefined && rand() < 0.2) {
        survivors[i] = b;
        survivors[i + 1] = a;
      }
    }
    const pressesSeen = [...new Set(survivors.map((p) => p.timestamp))].length;
    const out = detect(survivors);
    assert.equal(out.length, pressesSeen, `round ${round}`);
    assert.deepEqual(
      out.map((d) => d.digit),
      [...new Map(survivors.map((p) => [p.timestamp, p.digit])).entries()].sort((a, b) => a[0] - b[0]).map(([, d]) => d),
    );
  }
});

test('a long press split into segments (RFC 4733 §2.5.1.3) is one digit', () => {
  const seg = (timestamp: number, duration: number, end: boolean): TelephoneEventPacket => {
    const event = { event: 5, end, volume: 10, duration };
    return { digit: '5', event, payload: encodeTelephoneEvent(event), marker: false, timestamp };
  };
  const out = detect([seg(0, 32000, false), seg(0, 65535, false), seg(65535, 1000, false), seg(65535, 2000, true)]);
  assert.deepEqual(out, [{ digit: '5', timestamp: 0, duration: 67535, durationMs: 67535 / 8, ended: true }]);
});

test('non-digit events and malformed payloads are ignored; reset forgets closed presses', () => {
  const detector = new DtmfDetector();
  const flash = encodeTelephoneEvent({ event: 16, end: true, volume: 10, duration: 800 });
  assert.deepEqual(detector.receive({ timestamp: 1, payload: flash }, 0), []);
  assert.deepEqual(detector.receive({ timestamp: 1, payload: Uint8Array.of(1, 2) }, 0), []);
  const end = press[4];
  assert.ok(end !== undefined);
  assert.equal(detector.receive(end, 0).length, 1);
  assert.equal(detector.receive(end, 10).length, 0);
  detector.reset();
  assert.equal(detector.receive(end, 20).length, 1);
});
