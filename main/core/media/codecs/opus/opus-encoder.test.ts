import assert from 'node:assert/strict';
import { test } from 'node:test';
import { OPUS } from './opus-descriptor';
import { OPUS_ENCODER_DEFAULTS, OpusEncoder } from './opus-encoder';
import { OpusError } from './opus-error';
import { opusPacketHasFec, parseOpusPacket } from './opus-packet';
import { frames, speechLike } from './test-signals';

const N = 960;

function meanSize(packets: readonly Uint8Array[]): number {
  return packets.reduce((s, p) => s + p.length, 0) / packets.length;
}

test('the descriptor: opus/48000/2 in SDP, dynamic payload type, mono 48 kHz PCM', () => {
  assert.deepEqual(OPUS, { name: 'opus', encodingName: 'opus', staticPayloadType: undefined, clockRate: 48000, rtpmapChannels: 2, sampleRate: 48000, channels: 1 });
  const encoder = new OpusEncoder();
  assert.equal(encoder.descriptor, OPUS);
  assert.equal(encoder.sampleRate, 48000);
  assert.equal(encoder.frameSamples, 960);
  encoder.dispose();
});

test('defaults are applied and read back from libopus: 32 kbit/s, complexity 5, FEC at 10 % loss, no DTX', () => {
  const encoder = new OpusEncoder();
  assert.deepEqual(encoder.settings(), { ...OPUS_ENCODER_DEFAULTS, lookahead: 312 });
  encoder.configure({ bitrate: 24000, packetLossPercent: 25, dtx: true, rateControl: 'constrained-vbr' });
  assert.deepEqual(encoder.settings(), {
    bitrate: 24000,
    complexity: 5,
    inbandFec: true,
    packetLossPercent: 25,
    dtx: true,
    rateControl: 'constrained-vbr',
    lookahead: 312,
  });
  // reset keeps the settings (it forgets the signal, not the configuration).
  encoder.reset();
  assert.equal(encoder.settings().bitrate, 24000);
  encoder.dispose();
});

test('out-of-range options are RangeErrors, before anything is allocated', () => {
  for (const bad of [{ bitrate: 5999 }, { bitrate: 300001 }, { bitrate: 32000.5 }, { complexity: 11 }, { complexity: -1 }, { packetLossPercent: 101 }]) {
    assert.throws(() => new OpusEncoder(bad), RangeError, JSON.stringify(bad));
  }
  assert.throws(() => new OpusEncoder({ frameMs: 30 as 20 }), RangeError);
  const encoder = new OpusEncoder();
  assert.throws(() => encoder.configure({ complexity: 12 }), RangeError);
  assert.equal(encoder.settings().complexity, 5);
  assert.throws(() => encoder.encode(new Int16Array(959)), RangeError);
  assert.throws(() => encoder.encode(new Int16Array(1920)), RangeError);
  encoder.dispose();
  assert.throws(() => encoder.encode(new Int16Array(N)), (e: unknown) => e instanceof OpusError && e.code === 'DISPOSED');
  assert.throws(() => encoder.settings(), (e: unknown) => e instanceof OpusError && e.code === 'DISPOSED');
});

test('the bit rate sets the packet sizes (VBR on average, CBR exactly)', (t) => {
  const x = frames(speechLike(2 * 48000), N);
  const means: number[] = [];
  for (const bitrate of [12000, 24000, 32000, 64000]) {
    const encoder = new OpusEncoder({ bitrate });
    const mean = meanSize(x.map((f) => encoder.encode(f)));
    const target = (bitrate * 0.02) / 8;
    assert.ok(Math.abs(mean - target) < 0.3 * target, `${bitrate} bit/s: ${mean.toFixed(1)} bytes per packet, target ${target}`);
    means.push(mean);
    encoder.dispose();
  }
  for (let i = 1; i < means.length; i++) assert.ok((means[i] ?? 0) > (means[i - 1] ?? 0), means.join(' < '));
  t.diagnostic(`VBR mean bytes per 20 ms at 12/24/32/64 kbit/s: ${means.map((m) => m.toFixed(1)).join(' / ')}`);
  for (const bitrate of [16000, 32000]) {
    const encoder = new OpusEncoder({ bitrate, rateControl: 'cbr' });
    const sizes = new Set(x.map((f) => encoder.encode(f).length));
    assert.deepEqual([...sizes], [(bitrate * 0.02) / 8], `CBR ${bitrate}`);
    encoder.dispose();
  }
});

test('FEC: packets carry LBRR with inbandFec and a loss estimate, never without', () => {
  const x = frames(speechLike(48000), N);
  const count = (options: ConstructorParameters<typeof OpusEncoder>[0]): number => {
    const encoder = new OpusEncoder(options);
    const n = x.map((f) => encoder.encode(f)).filter(opusPacketHasFec).length;
    encoder.dispose();
    return n;
  };
  assert.ok(count({}) > 0.6 * x.length, `${count({})}/${x.length} with FEC`);
  assert.equal(count({ inbandFec: false }), 0);
  assert.equal(count({ packetLossPercent: 0 }), 0);
});

test('adaptToLoss: the expected loss follows the reported loss, smoothed and capped; FEC stops on a clean link and comes back with loss', () => {
  const x = frames(speechLike(48000), N);
  const encoder = new OpusEncoder();
  const withFec = (): number => x.map((f) => encoder.encode(f)).filter(opusPacketHasFec).length;
  assert.equal(encoder.settings().packetLossPercent, 10, 'the link is unknown until the first report');
  encoder.adaptToLoss(0);
  assert.equal(encoder.settings().packetLossPercent, 0);
  assert.equal(withFec(), 0, 'no FEC on a clean link');
  encoder.adaptToLoss(20);
  assert.equal(encoder.settings().packetLossPercent, 10, 'half the old estimate plus half the report');
  encoder.adaptToLoss(20);
  assert.equal(encoder.settings().packetLossPercent, 15);
  assert.ok(withFec() > 0.6 * x.length, 'FEC again under loss');
  encoder.adaptToLoss(Number.NaN);
  assert.equal(encoder.settings().packetLossPercent, 15, 'a report that is not a number changes nothing');
  for (let i = 0; i < 8; i++) encoder.adaptToLoss(90);
  assert.equal(encoder.settings().packetLossPercent, 30, 'capped');
  encoder.dispose();
});

test('DTX: silence becomes packets of 2 bytes or fewer only when asked', () => {
  const silence = new Int16Array(N);
  const withDtx = new OpusEncoder({ dtx: true });
  const without = new OpusEncoder();
  const dtxSizes = Array.from({ length: 30 }, () => withDtx.encode(silence).length);
  const plainSizes = Array.from({ length: 30 }, () => without.encode(silence).length);
  assert.ok(dtxSizes.slice(10).filter((n) => n <= 2).length >= 15, `DTX sizes ${dtxSizes.join(',')}`);
  assert.ok(plainSizes.every((n) => n >= 3), `sizes without DTX ${plainSizes.join(',')}`);
  withDtx.dispose();
  without.dispose();
});

test('encoder state carries from frame to frame; reset() forgets it exactly; the input is not modified', () => {
  const x = frames(speechLike(N * 25), N);
  const a = new OpusEncoder();
  const first = x.map((f) => a.encode(f));
  // Same frame, same encoder, twice in a row: different bytes (prediction, VBR state).
  const frame = x[10] ?? new Int16Array(N);
  const copy = Int16Array.from(frame);
  assert.notDeepEqual(a.encode(frame), a.encode(frame));
  assert.deepEqual(frame, copy);
  // After reset, the same signal gives byte-identical packets, like a fresh encoder.
  a.reset();
  assert.deepEqual(x.map((f) => a.encode(f)), first);
  const b = new OpusEncoder();
  assert.deepEqual(x.map((f) => b.encode(f)), first);
  a.dispose();
  b.dispose();
});

test('frameMs sets the packet duration (TOC) and the samples per encode', () => {
  const x = speechLike(48000);
  for (const frameMs of [10, 20, 40, 60] as const) {
    const encoder = new OpusEncoder({ frameMs });
    assert.equal(encoder.frameSamples, frameMs * 48);
    const packet = encoder.encode(x.subarray(0, encoder.frameSamples));
    assert.equal(parseOpusPacket(packet)?.samples, frameMs * 48);
    encoder.dispose();
  }
});
