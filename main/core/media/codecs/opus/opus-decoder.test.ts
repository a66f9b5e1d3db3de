import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Encoder } from '@evan/opus';
import { OpusDecoder } from './opus-decoder';
import { OpusEncoder } from './opus-encoder';
import { OpusError, OpusPacketError } from './opus-error';
import { opusPacketHasFec, parseOpusPacket } from './opus-packet';
import { bestLag, concat, frames, rms, seededRandom, snrDb, speechLike, tone, toneShare, zeroCrossingHz } from './test-signals';

const N = 960; // 20 ms at 48 kHz

/** Encode + decode delay: the encoder's look-ahead less 6 samples, as the round-trip test measures it. */
function codecDelay(encoder: OpusEncoder): number {
  return encoder.settings().lookahead - 6;
}

function encodeAll(encoder: OpusEncoder, signal: Int16Array): Uint8Array[] {
  return frames(signal, encoder.frameSamples).map((f) => encoder.encode(f));
}

test('a 440 Hz tone survives the round trip: same frequency, SNR ≥ 20 dB once the codec delay is compensated', (t) => {
  const encoder = new OpusEncoder();
  const decoder = new OpusDecoder();
  const x = tone(440, 48000);
  const y = concat(encodeAll(encoder, x).map((p) => decoder.decode(p)));
  assert.equal(y.length, x.length);
  // The delay is the encoder's look-ahead (312 samples, 6.5 ms) give or take the resampling
  // inside SILK. Search ±48 samples around it: less than half a 440 Hz period (109 samples),
  // so the correlation peak is unambiguous.
  const lookahead = encoder.settings().lookahead;
  const window = x.subarray(9600, 40000);
  const lag = lookahead - 48 + bestLag(window, y.subarray(9600 + lookahead - 48), 96);
  assert.ok(Math.abs(lag - lookahead) <= 12, `delay ${lag} samples, look-ahead ${lookahead}`);
  const out = y.subarray(9600 + lag, 40000 + lag);
  const snr = snrDb(window, out);
  assert.ok(snr >= 20, `SNR ${snr.toFixed(1)} dB`);
  t.diagnostic(`delay ${lag} samples (look-ahead ${lookahead}), SNR ${snr.toFixed(1)} dB, ${zeroCrossingHz(out).toFixed(1)} Hz`);
  assert.ok(Math.abs(zeroCrossingHz(out) - 440) < 3, `${zeroCrossingHz(out).toFixed(1)} Hz`);
  assert.ok(toneShare(out, 440) > 0.98, `share of 440 Hz ${toneShare(out, 440).toFixed(3)}`);
  encoder.dispose();
  decoder.dispose();
});

test('PLC: exactly the asked samples, continuing the tone, then fading over consecutive losses', () => {
  const encoder = new OpusEncoder();
  const decoder = new OpusDecoder();
  const x = tone(440, 48000);
  // 16 frames (320 ms): a steady tone that long is still "active" for the encoder's VAD
  // (after ~0.8 s Opus treats it as background and conceals it as comfort noise instead).
  for (const p of encodeAll(encoder, x.subarray(0, 16 * N))) decoder.decode(p);
  const lost = Array.from({ length: 5 }, () => decoder.conceal(N));
  for (const f of lost) assert.equal(f.length, N);
  const first = lost[0] ?? new Int16Array(0);
  assert.ok(rms(first) > 0.4 * rms(x), `first concealed frame rms ${rms(first).toFixed(0)} of ${rms(x).toFixed(0)}`);
  assert.ok(Math.abs(zeroCrossingHz(first) - 440) < 44, `first concealed frame at ${zeroCrossingHz(first).toFixed(0)} Hz`);
  assert.ok(toneShare(first, 440) > 0.8, `share of 440 Hz ${toneShare(first, 440).toFixed(2)}`);
  // Phase-continuous: the first 2.5 ms match the tone that was really sent next.
  const delay = codecDelay(encoder);
  const next = x.subarray(16 * N - delay, 16 * N - delay + 120);
  assert.ok(snrDb(next, first.subarray(0, 120)) > 15, `first 2.5 ms SNR ${snrDb(next, first.subarray(0, 120)).toFixed(1)} dB`);
  const levels = lost.map(rms);
  for (let i = 1; i < levels.length; i++) assert.ok((levels[i] ?? 0) < (levels[i - 1] ?? 0), `levels ${levels.map((l) => l.toFixed(0)).join(' ')}`);
  assert.ok((levels[4] ?? Infinity) < 0.1 * (levels[0] ?? 0), `levels ${levels.map((l) => l.toFixed(0)).join(' ')}`);
  assert.equal(decoder.stats().framesConcealed, 5);
  // Any whole number of 2.5 ms steps up to 120 ms; nothing else.
  assert.equal(decoder.conceal(120).length, 120);
  assert.equal(decoder.conceal(5760).length, 5760);
  for (const bad of [0, 100, 959, 5880, -960, 960.5]) assert.throws(() => decoder.conceal(bad), RangeError, String(bad));
  encoder.dispose();
  decoder.dispose();
});

test('in-band FEC: with one packet dropped, decodeFec rebuilds that frame better than PLC', (t) => {
  const encoder = new OpusEncoder({ packetLossPercent: 10 });
  const x = speechLike(3 * 48000);
  const packets = encodeAll(encoder, x);
  const delay = codecDelay(encoder);
  const results: { fec: number; plc: number }[] = [];
  for (let k = 10; k < packets.length - 2; k += 3) {
    const next = packets[k + 1] ?? new Uint8Array(0);
    if (!opusPacketHasFec(next)) continue;
    const withFec = new OpusDecoder();
    const withPlc = new OpusDecoder();
    for (const p of packets.slice(0, k)) {
      withFec.decode(p);
      withPlc.decode(p);
    }
    // The frame starting at input sample k·N - delay is the one the lost packet would have given.
    const reference = x.subarray(k * N - delay, (k + 1) * N - delay);
    const fec = withFec.decodeFec(next, N);
    const plc = withPlc.conceal(N);
    assert.equal(fec.length, N);
    results.push({ fec: snrDb(reference, fec), plc: snrDb(reference, plc) });
    assert.deepEqual(withFec.stats(), { packetsDecoded: k, invalidPackets: 0, framesConcealed: 0, framesRecoveredByFec: 1 });
    // The next packet is then decoded as usual.
    assert.equal(withFec.decode(next).length, N);
    withFec.dispose();
    withPlc.dispose();
  }
  assert.ok(results.length >= 30, `${results.length} drop positions with FEC in the next packet`);
  const mean = (f: (r: { fec: number; plc: number }) => number): number => results.reduce((s, r) => s + f(r), 0) / results.length;
  const wins = results.filter((r) => r.fec > r.plc).length;
  const summary = `FEC ${mean((r) => r.fec).toFixed(1)} dB vs PLC ${mean((r) => r.plc).toFixed(1)} dB mean SNR; FEC better at ${wins}/${results.length}`;
  assert.ok(mean((r) => r.fec) > mean((r) => r.plc) + 3, summary);
  assert.ok(wins >= 0.8 * results.length, summary);
  t.diagnostic(summary);
});

test('decodeFec falls back to exactly PLC when the next packet has no FEC, is too short or is garbage', () => {
  const x = speechLike(48000);
  const withFec = encodeAll(new OpusEncoder(), x);
  const noFec = encodeAll(new OpusEncoder({ inbandFec: false }), x);
  assert.equal(noFec.some(opusPacketHasFec), false);
  const cases: [string, Uint8Array, number][] = [
    ['FEC off at the sender', noFec[21] ?? new Uint8Array(0), N],
    ['first packet of a stream', withFec[0] ?? new Uint8Array(0), N],
    ['lost frame shorter than the next packet', withFec[21] ?? new Uint8Array(0), 480],
    ['garbage', Uint8Array.of(0xff, 0xff), N],
    ['empty', new Uint8Array(0), N],
  ];
  for (const [name, next, samples] of cases) {
    const a = new OpusDecoder();
    const b = new OpusDecoder();
    for (const p of withFec.slice(0, 20)) {
      a.decode(p);
      b.decode(p);
    }
    assert.deepEqual(a.decodeFec(next, samples), b.conceal(samples), name);
    assert.equal(a.stats().framesConcealed, 1, name);
    assert.equal(a.stats().framesRecoveredByFec, 0, name);
    a.dispose();
    b.dispose();
  }
  const d = new OpusDecoder();
  assert.throws(() => d.decodeFec(withFec[5] ?? new Uint8Array(0), 1000), RangeError);
  d.dispose();
});

test('malformed payloads throw OpusPacketError (a RangeError) and the decoder goes on', () => {
  const good = encodeAll(new OpusEncoder(), speechLike(N * 40));
  const decoder = new OpusDecoder();
  const crafted: [string, Uint8Array, string][] = [
    ['empty', new Uint8Array(0), 'EMPTY_PAYLOAD'],
    ['larger than UDP', new Uint8Array(70_000), 'PAYLOAD_TOO_LARGE'],
    ['code 1 with an odd payload', Uint8Array.of(0x01, 7), 'OPUS_INVALID_PACKET'],
    ['code 2 length past the end', Uint8Array.of(0x02, 200, 1, 2), 'OPUS_INVALID_PACKET'],
    ['code 3 without a count byte', Uint8Array.of(0x03), 'OPUS_INVALID_PACKET'],
    ['code 3 with zero frames', Uint8Array.of(0x03, 0x00), 'OPUS_INVALID_PACKET'],
    ['code 3: 3 × 60 ms > 120 ms', Uint8Array.of(0x1b, 0x03, 0, 0, 0), 'OPUS_INVALID_PACKET'],
    ['code 3 padding longer than the packet', Uint8Array.of(0x03, 0x41, 0xff, 0xff, 1), 'OPUS_INVALID_PACKET'],
    ['a frame over 1275 bytes', new Uint8Array(1300).fill(0x78, 0, 1), 'OPUS_INVALID_PACKET'],
  ];
  let errors = 0;
  for (const [name, payload, code] of crafted) {
    assert.throws(
      () => decoder.decode(payload),
      (e: unknown) => e instanceof OpusPacketError && e instanceof RangeError && e.code === code,
      name,
    );
    errors++;
  }
  // Random bytes and bit-flipped real packets: each either decodes or throws OpusPacketError.
  const random = seededRandom(42);
  for (let i = 0; i < 3000; i++) {
    let payload: Uint8Array;
    if (i % 2 === 0) {
      payload = Uint8Array.from({ length: 1 + Math.floor(random() * (random() < 0.5 ? 6 : 400)) }, () => Math.floor(random() * 256));
    } else {
      payload = Uint8Array.from(good[i % good.length] ?? []);
      const at = Math.floor(random() * payload.length);
      payload[at] = (payload[at] ?? 0) ^ (1 << Math.floor(random() * 8));
    }
    try {
      const pcm = decoder.decode(payload);
      assert.ok(pcm.length % 120 === 0 && pcm.length <= 5760, `${pcm.length} samples`);
    } catch (e) {
      assert.ok(e instanceof OpusPacketError && e instanceof RangeError, String(e));
      errors++;
    }
  }
  assert.equal(decoder.stats().invalidPackets, errors);
  decoder.reset();
  assert.equal(decoder.decode(good[0] ?? new Uint8Array(0)).length, N);
  decoder.dispose();
  assert.throws(() => decoder.decode(good[1] ?? new Uint8Array(0)), (e: unknown) => e instanceof OpusError && e.code === 'DISPOSED');
  assert.throws(() => decoder.conceal(N), (e: unknown) => e instanceof OpusError && e.code === 'DISPOSED');
  decoder.dispose(); // idempotent
});

test('decoder state carries from packet to packet; reset() forgets it exactly', () => {
  const packets = encodeAll(new OpusEncoder(), speechLike(N * 30));
  const continuous = new OpusDecoder();
  const outputs = packets.map((p) => continuous.decode(p));
  // Packet 20 alone, without the 20 before it, decodes differently: the state matters.
  const cold = new OpusDecoder();
  const alone = cold.decode(packets[20] ?? new Uint8Array(0));
  assert.ok(snrDb(outputs[20] ?? alone, alone) < 20, 'a cold decoder gives the same frame');
  // After reset, the same stream gives bit-identical PCM.
  continuous.reset();
  assert.deepEqual(packets.map((p) => continuous.decode(p)), outputs);
  // A 1-byte payload (TOC only) is a valid empty frame: concealed for the TOC's duration.
  assert.equal(continuous.decode((packets[0] ?? new Uint8Array(1)).subarray(0, 1)).length, N);
  continuous.dispose();
  cold.dispose();
});

test('a decoder takes packets of any duration and stereo packets', () => {
  const x = speechLike(48000);
  for (const frameMs of [10, 20, 40, 60] as const) {
    const encoder = new OpusEncoder({ frameMs });
    const decoder = new OpusDecoder();
    const packets = encodeAll(encoder, x);
    for (const p of packets.slice(0, 5)) assert.equal(decoder.decode(p).length, frameMs * 48, `${frameMs} ms`);
    // Packet 5 lost: FEC from packet 6 (SILK carries LBRR at 10, 20, 40 and 60 ms), then PLC.
    assert.ok(opusPacketHasFec(packets[6] ?? new Uint8Array(0)), `${frameMs} ms packets carry FEC`);
    assert.equal(decoder.decodeFec(packets[6] ?? new Uint8Array(0), frameMs * 48).length, frameMs * 48);
    assert.equal(decoder.stats().framesRecoveredByFec, 1, `${frameMs} ms`);
    assert.equal(decoder.conceal(frameMs * 48).length, frameMs * 48);
    encoder.dispose();
    decoder.dispose();
  }
  // Stereo packets (made by the package's own native encoder) are downmixed to mono.
  const stereoEncoder = new Encoder({ channels: 2, sample_rate: 48000, application: 'voip' });
  stereoEncoder.inband_fec = true;
  stereoEncoder.packet_loss = 10;
  const stereo = new Int16Array(2 * N);
  const decoder = new OpusDecoder();
  let withFec = 0;
  for (const f of frames(x, N).slice(0, 20)) {
    f.forEach((v, j) => {
      stereo[2 * j] = v;
      stereo[2 * j + 1] = v >> 1;
    });
    const packet = stereoEncoder.encode(stereo);
    assert.equal(parseOpusPacket(packet)?.toc.stereo, true);
    const hasFec = opusPacketHasFec(packet);
    // Once, mid-stream: this packet's predecessor "was lost".
    if (hasFec && withFec === 5) assert.equal(decoder.decodeFec(packet, N).length, N);
    if (hasFec) withFec++;
    assert.equal(decoder.decode(packet).length, N);
  }
  assert.ok(withFec > 10, `${withFec}/20 stereo packets with FEC`);
  assert.equal(decoder.stats().framesRecoveredByFec, 1);
  decoder.dispose();
});
