import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isRtcp } from './rtp-demux';
import { parseRtp, serializeRtp, type RtpPacketInit } from './rtp-packet';
import { RtpReceiverStats } from './rtp-receiver-stats';
import { seededRandom as prng } from '../../../common/seeded-random';


function randomBytes(rand: () => number, maxLength: number): Uint8Array {
  return Uint8Array.from({ length: Math.floor(rand() * maxLength) }, () => Math.floor(rand() * 256));
}

test('fuzz: parseRtp and isRtcp never throw on random or mutated buffers', () => {
  const rand = prng(0x5eed);
  let parsed = 0;
  for (let i = 0; i < 20_000; i++) {
    const buf = randomBytes(rand, 80);
    // Half the cases start like RTP so the deeper checks are reached.
    if (i % 2 === 0 && buf.length > 0) buf[0] = 0x80 | ((buf[0] ?? 0) & 0x3f);
    assert.doesNotThrow(() => isRtcp(buf));
    const r = parseRtp(buf);
    if (r.ok) {
      parsed++;
      assert.ok(r.packet.payload.length + r.packet.paddingLength <= buf.length);
    }
  }
  assert.ok(parsed > 100, `only ${parsed} random buffers parsed; the fuzz does not reach the success path`);
});

function words(rand: () => number, n: number): Uint8Array {
  return Uint8Array.from({ length: 4 * n }, () => Math.floor(rand() * 256));
}

/** Byte arrays as plain arrays, so deepEqual compares content rather than views. */
function plain(p: RtpPacketInit): unknown {
  return { ...p, payload: [...p.payload], extension: p.extension && { profile: p.extension.profile, data: [...p.extension.data] } };
}

test('fuzz: serialize → parse is the identity for random valid packets', () => {
  const rand = prng(42);
  const u32 = (): number => Math.floor(rand() * 2 ** 32);
  for (let i = 0; i < 2_000; i++) {
    const init = {
      marker: rand() < 0.5,
      payloadType: Math.floor(rand() * 128),
      sequenceNumber: Math.floor(rand() * 65536),
      timestamp: u32(),
      ssrc: u32(),
      csrcs: Array.from({ length: Math.floor(rand() * 16) }, u32),
      ...(rand() < 0.5 ? { extension: { profile: Math.floor(rand() * 65536), data: words(rand, Math.floor(rand() * 4)) } } : {}),
      payload: randomBytes(rand, 200),
      paddingLength: rand() < 0.3 ? 1 + Math.floor(rand() * 255) : 0,
    };
    const out = serializeRtp(init);
    assert.ok(out.ok);
    const back = parseRtp(out.bytes);
    assert.ok(back.ok);
    assert.deepEqual(plain(back.packet), plain(init));
  }
});

test('fuzz: receiver statistics stay finite on random input', () => {
  const rand = prng(7);
  const stats = new RtpReceiverStats(8000);
  for (let i = 0; i < 20_000; i++) {
    const arrival = rand() < 0.01 ? Number.NaN : i * 20 + rand() * 50;
    stats.receive(Math.floor(rand() * 65536), Math.floor(rand() * 2 ** 32), arrival);
    if (i % 250 === 0) {
      const r = stats.takeReport();
      if (r !== undefined) {
        assert.ok(r.fractionLost >= 0 && r.fractionLost <= 255);
        assert.ok(r.cumulativeLost >= -0x800000 && r.cumulativeLost <= 0x7fffff);
        assert.ok(Number.isInteger(r.jitter) && r.jitter >= 0 && r.jitter <= 0xffffffff);
      }
    }
  }
  assert.ok(Number.isFinite(stats.snapshot().jitter));
});
