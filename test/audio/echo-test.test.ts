/**
 * The user's echo test on real (virtual) devices: headless `--mic`/`--speaker`
 * on a private PulseAudio whose "microphone" plays a 660 Hz tone and whose
 * "speaker" the test records. `audio.echoTest` records 2 s and plays them
 * back: the tone must come out of the speaker, progress events must arrive in
 * order, and the result must report the microphone's level. With real
 * devices, echo cancellation and noise suppression are on by default (and
 * the processed tone still comes through).
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { analyseWav, makeToneWav, startPulseNullSink, type PulseNullSink } from '../lab/audio';
import { makeWorkDir } from '../lab/workdir';
import { startHeadless } from '../support/headless';

let pulse: PulseNullSink;
let dir: string;
before(async () => {
  pulse = await startPulseNullSink();
  dir = makeWorkDir('echo-test');
});
after(async () => {
  await pulse?.stop();
});

type Line = Record<string, unknown>;
const data = (l: Line): Record<string, unknown> => (l['data'] ?? {}) as Record<string, unknown>;

test('echo test: a tone into the virtual microphone comes back out of the virtual speaker, with progress and the level heard', { timeout: 60_000 }, async (t) => {
  const micTone = await makeToneWav(join(dir, 'mic-660.wav'), { freq: 660, seconds: 20, rate: 48000 });
  const playing = pulse.playIntoMic(micTone, 30_000).catch(() => undefined);
  const h = startHeadless(['--mic', 'pulse', '--speaker', 'pulse'], pulse.env);
  t.after(() => {
    if (h.child.exitCode === null) h.child.kill('SIGKILL');
  });
  const processing = (await h.request(1, 'audio.processing')) as Line;
  assert.equal(processing['ok'], true, JSON.stringify(processing));
  assert.deepEqual(data(processing), { echoCancellation: true, noiseSuppression: true, problems: [] }, 'on by default with real devices');

  const speaker = join(dir, 'speaker.wav');
  const recording = pulse.recordSpeaker(speaker, 7);
  const result = (await h.request(2, 'audio.echoTest', { seconds: 2 })) as Line;
  assert.equal(result['ok'], true, JSON.stringify(result));
  const heard = data(result) as { inputDb: number; peakDb: number; silent: boolean };
  assert.equal(heard.silent, false, JSON.stringify(heard));
  assert.ok(heard.inputDb > -30, `the microphone's tone was recorded (${heard.inputDb} dBFS)`);
  const steps = h.lines.filter((l) => l['event'] === 'audio.echoTestProgressed').map((l) => `${String(data(l)['phase'])}:${String(data(l)['secondsLeft'])}`);
  assert.deepEqual(steps, ['recording:2', 'recording:1', 'playing:2', 'playing:1', 'finished:0']);
  const after = (await h.request(3, 'audio.processing')) as Line;
  assert.deepEqual(data(after)['problems'], [], `the processors ran on the device: ${JSON.stringify(after)}`);
  await recording;

  assert.deepEqual(await h.request(9, 'quit'), { id: 9, ok: true, data: {} });
  assert.equal(await h.exited(20_000), 0);
  void playing;
  // The speaker played silence while recording, then the 2 s recording: the tone stands out over the whole window.
  const out = await analyseWav(speaker, { freq: 660, start: 0.2 });
  assert.ok(out.marginDb >= 20, `the speaker played the recorded 660 Hz (${out.marginDb.toFixed(1)} dB over off-tone, rms ${out.rmsDb.toFixed(1)} dB)`);
});
