import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseWav, wavHeader } from '../../core/media/audio/wav';
import { createFileAudioPort } from './file-audio';

const dir = mkdtempSync(join(tmpdir(), 'dialtone-fileaudio-'));

test('captures the input file frame by frame, paced in real time, and writes what was played', async () => {
  const samples = Int16Array.from({ length: 8000 }, (_, i) => (i % 100) * 10);
  const body = Buffer.from(samples.buffer);
  writeFileSync(join(dir, 'in.wav'), Buffer.concat([wavHeader(8000, 1, body.length), body]));
  const port = createFileAudioPort({ input: join(dir, 'in.wav'), output: join(dir, 'out.wav') });
  const opened = await port.open({ sampleRate: 48000, frameMs: 20 });
  assert.ok(opened.ok);
  const stream = opened.data;
  assert.equal(stream.sampleRate, 8000, 'the stream runs at the file rate');
  assert.equal(stream.frameSamples, 160);
  const captured: Int16Array[] = [];
  const ticks: number[] = [];
  stream.onTick((frame) => {
    captured.push(frame);
    ticks.push(performance.now());
    return frame.map((s) => -s);
  });
  await new Promise((r) => setTimeout(r, 530));
  await stream.close();
  assert.ok(captured.length >= 18 && captured.length <= 28, `${captured.length} ticks in 530 ms`);
  assert.deepEqual([...(captured[1] ?? [])].slice(0, 3), [...samples.subarray(160, 163)]);
  const span = (ticks.at(-1) ?? 0) - (ticks[0] ?? 0);
  assert.ok(Math.abs(span / (ticks.length - 1) - 20) < 5, `mean tick interval ${span / (ticks.length - 1)} ms`);
  const out = parseWav(readFileSync(join(dir, 'out.wav')));
  assert.ok(out.ok);
  assert.equal(out.data.samples.length, captured.length * 160);
  assert.equal(out.data.samples[161], -(samples[161] ?? 0));
});

test('a missing or non-WAV input is a clear error', async () => {
  const missing = await createFileAudioPort({ input: join(dir, 'none.wav') }).open({ sampleRate: 8000, frameMs: 20 });
  assert.match(JSON.stringify(missing), /Cannot read .*none\.wav \(ENOENT\)/);
  writeFileSync(join(dir, 'bad.wav'), 'not audio');
  const bad = await createFileAudioPort({ input: join(dir, 'bad.wav') }).open({ sampleRate: 8000, frameMs: 20 });
  assert.match(JSON.stringify(bad), /not a WAV file/);
});
