/**
 * The ringer's playback-only stream on real PortAudio (naudiodon, ALSA
 * `pulse` device) against a private PulseAudio: a child process opens the
 * speaker with `playbackOnly` and plays a 440 Hz tone from its ticks. While it
 * plays, PulseAudio has a playback stream from it and no recording stream
 * (ringing never opens a microphone); the speaker's recording carries the tone.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { analyseWav, startPulseNullSink } from '../lab/audio';
import { makeWorkDir } from '../lab/workdir';

const root = join(import.meta.dirname, '..', '..');

/** Opens the pulse speaker playback-only and plays 440 Hz for `ms`, then prints the tick count. */
const child = (ms: number): string => `
import { createNaudiodonPort } from './native/audio/naudiodon-port.ts';
const port = createNaudiodonPort();
const opened = await port.open({ outputId: 'ALSA:pulse', sampleRate: 48000, frameMs: 20, playbackOnly: true });
if (!opened.ok) { console.log(JSON.stringify({ error: opened.error.message })); process.exit(1); }
const s = opened.data;
let ticks = 0, phase = 0;
s.onTick((captured) => {
  ticks += 1;
  const out = new Int16Array(captured.length);
  for (let i = 0; i < out.length; i++) { out[i] = Math.round(8000 * Math.sin(phase)); phase += (2 * Math.PI * 440) / s.sampleRate; }
  return out;
});
console.log('PLAYING');
await new Promise((r) => setTimeout(r, ${ms}));
await s.close();
console.log(JSON.stringify({ ticks, sampleRate: s.sampleRate }));
process.exit(0);
`;

test('the ringer plays on a real device through a playback-only stream and opens no microphone', { timeout: 60_000 }, async (t) => {
  const pulse = await startPulseNullSink();
  t.after(() => pulse.stop());
  const dir = makeWorkDir('ringer-playback');
  const proc = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', child(4000)], { cwd: root, env: pulse.env, stdio: ['ignore', 'pipe', 'pipe'] });
  const killer = setTimeout(() => proc.kill('SIGKILL'), 30_000);
  t.after(() => clearTimeout(killer));
  let out = '';
  proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
  let errOut = '';
  proc.stderr.on('data', (d: Buffer) => (errOut += d.toString()));
  const exited = new Promise<number | null>((r) => proc.on('exit', (code) => r(code)));
  const deadline = Date.now() + 15_000;
  while (!out.includes('PLAYING') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  assert.ok(out.includes('PLAYING'), `the child did not start playing: ${out} ${errOut.slice(-1500)}`);
  await new Promise((r) => setTimeout(r, 500));
  const [inputs, outputs] = await Promise.all([pulse.pactl('list', 'short', 'sink-inputs'), pulse.pactl('list', 'short', 'source-outputs')]);
  const recorded = join(dir, 'speaker.wav');
  await pulse.recordSpeaker(recorded, 2);
  const code = await exited;
  assert.equal(code, 0, `child: ${out} ${errOut.slice(-1500)}`);
  assert.ok(inputs.trim().split('\n').filter((l) => l.trim() !== '').length >= 1, `a playback stream to the speaker: ${inputs}`);
  // The recorder of recordSpeaker runs after this listing; nothing else records.
  assert.equal(outputs.trim(), '', `no recording stream while ringing: ${outputs}`);
  // naudiodon prints its own status lines on stdout too.
  const result = JSON.parse(out.split('\n').find((l) => l.startsWith('{"ticks"')) ?? '{}') as { ticks?: number; sampleRate?: number };
  // About 50 ticks a second for 4 s, driven by the speaker.
  console.log(`ringer ticks: ${JSON.stringify(result)}`);
  assert.ok((result.ticks ?? 0) >= 150, `ticks: ${out}`);
  const heard = await analyseWav(recorded, { freq: 440, start: 0.1, duration: 0.8 });
  assert.ok(heard.marginDb >= 20, `the speaker played the 440 Hz tone (${heard.marginDb.toFixed(1)} dB, ${heard.rmsDb.toFixed(1)} dBFS)`);
});
