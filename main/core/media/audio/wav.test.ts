import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseWav, toMono, wavHeader } from './wav';

function wav(samples: number[], rate = 8000, channels = 1): Buffer {
  const body = Buffer.alloc(samples.length * 2);
  samples.forEach((s, i) => body.writeInt16LE(s, i * 2));
  return Buffer.concat([wavHeader(rate, channels, body.length), body]);
}

test('round trip of a 16-bit PCM WAV', () => {
  const r = parseWav(wav([0, 1000, -1000, 32767, -32768], 16000));
  assert.ok(r.ok);
  assert.equal(r.data.sampleRate, 16000);
  assert.deepEqual([...r.data.samples], [0, 1000, -1000, 32767, -32768]);
});

test('stereo mixes down to mono; a header that says 0 bytes still yields the samples', () => {
  const stereo = parseWav(wav([100, 300, -100, -300], 48000, 2));
  assert.ok(stereo.ok);
  assert.deepEqual([...toMono(stereo.data)], [200, -200]);
  const unfinished = wav([1, 2, 3]);
  unfinished.writeUInt32LE(0, 40);
  const r = parseWav(unfinished);
  assert.ok(r.ok);
  assert.deepEqual([...r.data.samples], [1, 2, 3]);
});

test('non-WAV and non-16-bit files are refused with a reason', () => {
  assert.match(JSON.stringify(parseWav(Buffer.from('hello world!'))), /not a WAV file/);
  const float = wav([0, 0]);
  float.writeUInt16LE(3, 20);
  float.writeUInt16LE(32, 34);
  assert.match(JSON.stringify(parseWav(float)), /16-bit PCM/);
});
