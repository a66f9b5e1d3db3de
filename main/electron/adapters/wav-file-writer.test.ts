import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseWav } from '../../core/media/audio/wav';
import { openWavFileWriter } from './wav-file-writer';

const dir = mkdtempSync(join(tmpdir(), 'dialtone-wavwriter-'));

test('writes while recording: full seconds reach the disk before close, and close leaves a valid WAV of everything', async () => {
  const path = join(dir, 'rec.wav');
  const opened = await openWavFileWriter(path, 8000, (m) => assert.fail(m));
  assert.ok(opened.ok);
  const w = opened.data;
  // 2.5 s in 20 ms frames whose samples count up, so order and continuity can be read back.
  let n = 0;
  for (let f = 0; f < 125; f++) w.append(Int16Array.from({ length: 160 }, () => (n++ % 30000) - 15000));
  await new Promise((r) => setTimeout(r, 100));
  assert.equal(statSync(path).size, 44 + 2 * 16000, 'the two full seconds are on disk before close; the half second waits');
  await w.close();
  const wav = parseWav(readFileSync(path));
  assert.ok(wav.ok, JSON.stringify(wav));
  assert.equal(wav.data.sampleRate, 8000);
  assert.equal(wav.data.samples.length, 20000);
  assert.ok(wav.data.samples.every((s, i) => s === (i % 30000) - 15000), 'every sample, in order');
  w.append(new Int16Array(160));
  await w.close();
  assert.equal(parseWav(readFileSync(path)).ok && statSync(path).size, 44 + 40000, 'append and close after close change nothing');
});

test('a frame split across a chunk boundary and a subarray view are copied exactly', async () => {
  const path = join(dir, 'split.wav');
  const opened = await openWavFileWriter(path, 8000, (m) => assert.fail(m));
  assert.ok(opened.ok);
  const backing = Int16Array.from({ length: 9000 }, (_, i) => i - 4500);
  opened.data.append(backing.subarray(1, 7001));
  opened.data.append(backing.subarray(7001, 8999));
  await opened.data.close();
  const wav = parseWav(readFileSync(path));
  assert.ok(wav.ok);
  assert.deepEqual([...wav.data.samples], [...backing.subarray(1, 8999)]);
});

test('a path that cannot be written is a clear error at open, not at the end of the call', async () => {
  const r = await openWavFileWriter(join(dir, 'no-such-dir', 'x.wav'), 8000, () => undefined);
  assert.equal(r.ok, false);
  assert.match(JSON.stringify(r), /Cannot write .*x\.wav \(ENOENT\)/);
});

test('a write failure mid-recording is reported once, the call goes on, and what reached the disk stays a valid WAV', { skip: process.platform === 'win32' && 'ulimit is POSIX' }, () => {
  // A child whose file-size limit is 4 KiB (ulimit -f counts 512-byte blocks): the first one-second chunk
  // (16,000 bytes at 8 kHz) fits only in part, and the write after that fails
  // with EFBIG (Node ignores SIGXFSZ).
  const path = join(dir, 'limited.wav');
  const script = `
    const { openWavFileWriter } = await import(${JSON.stringify(new URL('./wav-file-writer.ts', import.meta.url).href)});
    const problems = [];
    const w = await openWavFileWriter(${JSON.stringify(path)}, 8000, (m) => problems.push(m));
    if (!w.ok) throw new Error(JSON.stringify(w));
    for (let f = 0; f < 200; f++) w.data.append(new Int16Array(160).fill(f));
    await w.data.close();
    console.log(JSON.stringify(problems));`;
  const run = spawnSync('/bin/sh', ['-c', 'ulimit -f 8 && exec "$0" --import tsx --input-type=module -e "$1"', process.execPath, script], { encoding: 'utf8', timeout: 20000 });
  assert.equal(run.status, 0, run.stderr);
  const problems = JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '[]') as string[];
  assert.equal(problems.length, 1, run.stdout);
  assert.match(problems[0] ?? '', /^Recording to .*limited\.wav stopped: EFBIG\. What was recorded until then is kept\.$/);
  const wav = parseWav(readFileSync(path));
  assert.ok(wav.ok, 'the header was still written on close');
  assert.equal(wav.data.samples.length, (4096 - 44) / 2, 'every byte that reached the disk is in the WAV');
  assert.ok(wav.data.samples.every((v, i) => v === Math.floor(i / 160)), 'in order');
});
