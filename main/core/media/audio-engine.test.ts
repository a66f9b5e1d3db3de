import assert from 'node:assert/strict';
import { test } from 'node:test';
import { manualAudioPort, recordingLogger } from '../../../test/support/fakes';
import { AudioEngine, mixInto, type AudioLeg } from './audio-engine';

const tone = (freq: number, rate: number, n: number, offset: number): Int16Array =>
  Int16Array.from({ length: n }, (_, i) => Math.round(8000 * Math.sin((2 * Math.PI * freq * (i + offset)) / rate)));
const crossings = (x: Int16Array): number => x.reduce((c, v, i) => c + (i > 0 && ((x[i - 1] ?? 0) < 0) !== (v < 0) ? 1 : 0), 0);

test('mixing saturates instead of wrapping', () => {
  const out = Int16Array.from([30000, -30000, 5]);
  mixInto(out, Int16Array.from([10000, -10000, 5]));
  assert.deepEqual([...out], [32767, -32768, 10]);
});

test('each leg gets the microphone at its own rate and its playback is resampled and mixed', async () => {
  const port = manualAudioPort(48000);
  const engine = new AudioEngine(port, recordingLogger());
  const heard8k: number[] = [];
  let t = 0;
  const leg: AudioLeg = {
    sampleRate: 8000,
    tick(captured) {
      heard8k.push(...captured);
      const out = tone(500, 8000, 160, t);
      t += 160;
      return out;
    },
  };
  assert.deepEqual(await engine.attach(leg), { ok: true, data: undefined });
  const played: number[] = [];
  for (let k = 0; k < 50; k++) played.push(...(port.tick(tone(300, 48000, 960, k * 960)) ?? []));
  assert.ok(Math.abs(heard8k.length - 8000) <= 3, `${heard8k.length} samples at 8 kHz in one second`);
  assert.ok(Math.abs(crossings(Int16Array.from(heard8k.slice(800))) / 2 / 0.9 - 300) < 5, 'the leg hears the 300 Hz microphone');
  assert.equal(played.length, 48000);
  assert.ok(Math.abs(crossings(Int16Array.from(played.slice(4800))) / 2 / 0.9 - 500) < 5, 'the device plays the leg\'s 500 Hz');
  await engine.detach(leg);
  assert.equal(port.closed, 1, 'the device closes when the last leg leaves');
});

test('a throwing leg is logged and the others keep playing', async () => {
  const port = manualAudioPort(8000);
  const logger = recordingLogger();
  const engine = new AudioEngine(port, logger);
  await engine.attach({ sampleRate: 8000, tick: () => { throw new Error('broken'); } });
  await engine.attach({ sampleRate: 8000, tick: () => new Int16Array(160).fill(1000) });
  const out = port.tick(new Int16Array(160));
  assert.equal(out?.[100], 1000);
  assert.ok(logger.lines.some((l) => l.message === 'audio leg failed'));
  await engine.close();
});
