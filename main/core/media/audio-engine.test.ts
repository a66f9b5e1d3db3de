import assert from 'node:assert/strict';
import { test } from 'node:test';
import { toneMarginDb } from '../../../test/support/audio-check';
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

const silentLeg = (rate = 8000): AudioLeg & { heard: number } => {
  const leg = {
    heard: 0,
    sampleRate: rate,
    tick(captured: Int16Array) {
      leg.heard += captured.length;
      return new Int16Array(captured.length).fill(700);
    },
  };
  return leg;
};

test('a chosen device that is gone falls back to the default, says so, and the call keeps its audio', async () => {
  const port = manualAudioPort(48000);
  port.broken.add('ALSA:USB Headset');
  const engine = new AudioEngine(port, recordingLogger());
  const problems: unknown[] = [];
  engine.onDeviceProblem((p) => problems.push(p));
  await engine.setDevices({ inputId: 'ALSA:USB Headset', outputId: 'ALSA:USB Headset' });
  const leg = silentLeg();
  assert.deepEqual(await engine.attach(leg), { ok: true, data: undefined });
  assert.deepEqual(port.opens.map((o) => o.inputId ?? 'default'), ['ALSA:USB Headset', 'default']);
  assert.equal(problems.length, 1);
  assert.match(JSON.stringify(problems[0]), /not connected\. Using the default device instead.*"fellBack":true/);
  port.tick(new Int16Array(960));
  port.tick(new Int16Array(960));
  assert.equal(leg.heard, 320, 'the leg is ticked by the default device');
  await engine.close();
});

test('a device lost mid-call: the engine reopens the default and the same legs keep ticking', async () => {
  const port = manualAudioPort(48000);
  const engine = new AudioEngine(port, recordingLogger());
  const problems: Array<{ kind: string; fellBack: boolean }> = [];
  engine.onDeviceProblem((p) => problems.push(p));
  await engine.setDevices({ inputId: 'ALSA:Jabra' });
  const leg = silentLeg();
  await engine.attach(leg);
  port.tick(new Int16Array(960));
  port.broken.add('ALSA:Jabra');
  port.fail('The audio device stopped delivering audio for 1000 ms (unplugged?).');
  for (let i = 0; i < 20 && problems.length === 0; i++) await new Promise((r) => setImmediate(r));
  assert.deepEqual(problems, [{ kind: 'lost', message: 'The audio device stopped delivering audio for 1000 ms (unplugged?).', fellBack: true }]);
  assert.equal(port.closed, 1, 'the lost stream was released');
  assert.equal(port.opens.at(-1)?.inputId, undefined, 'reopened on the default');
  const out = port.tick(new Int16Array(960));
  assert.equal(leg.heard, 320);
  assert.ok(out && out.some((v) => v !== 0), 'the leg still plays');
  await engine.close();
});

test('selecting a device moves a running stream; an unplugged choice is refused and the stream stays', async () => {
  const port = manualAudioPort(48000);
  const engine = new AudioEngine(port, recordingLogger());
  const leg = silentLeg();
  await engine.attach(leg);
  assert.deepEqual(await engine.setDevices({ outputId: 'ALSA:Speakers' }), { ok: true, data: undefined });
  assert.equal(port.opens.at(-1)?.outputId, 'ALSA:Speakers');
  port.broken.add('ALSA:Gone');
  const refused = await engine.setDevices({ outputId: 'ALSA:Gone' });
  assert.ok(!refused.ok);
  assert.equal(refused.error.code, 'AUDIO_DEVICE_UNAVAILABLE');
  assert.deepEqual(engine.selectedDevices, { inputId: undefined, outputId: 'ALSA:Speakers' });
  port.tick(new Int16Array(960));
  assert.equal(leg.heard, 160, 'still ticking on the previous device');
  await engine.close();
});

test('with no device at all, the last-resort port keeps calls connected and the reason is reported', async () => {
  const port = manualAudioPort(48000);
  port.noDefault = true;
  const silent = manualAudioPort(8000);
  const engine = new AudioEngine(port, recordingLogger(), 20, 48000, silent);
  const problems: Array<{ message: string; fellBack: boolean }> = [];
  engine.onDeviceProblem((p) => problems.push(p));
  assert.deepEqual(await engine.attach(silentLeg()), { ok: true, data: undefined });
  assert.equal(silent.opened, 1);
  assert.equal(problems[0]?.fellBack, true);
  assert.match(problems[0]?.message ?? '', /No microphone was found\. Calls connect without audio/);
  await engine.close();
});

test('close waits for a device close already in flight (a file port writing its WAV)', async () => {
  let release: () => void = () => undefined;
  const slow = manualAudioPort(8000);
  const port: typeof slow = Object.assign(Object.create(slow) as typeof slow, {
    async open(o: Parameters<typeof slow.open>[0]) {
      const s = await slow.open(o);
      if (!s.ok) return s;
      return { ok: true as const, data: { ...s.data, close: () => new Promise<void>((r) => (release = r)) } };
    },
  });
  const engine = new AudioEngine(port, recordingLogger());
  const leg = silentLeg();
  await engine.attach(leg);
  const detached = engine.detach(leg);
  let closed = false;
  const second = engine.close().then(() => (closed = true));
  await new Promise((r) => setImmediate(r));
  assert.equal(closed, false, 'close returned while the device was still closing');
  release();
  await Promise.all([detached, second]);
  assert.equal(closed, true);
});

test('a local conference: each member hears the microphone and the other member', async () => {
  const port = manualAudioPort(8000);
  const engine = new AudioEngine(port, recordingLogger());
  const heardBy = { a: [] as number[], b: [] as number[] };
  let t = 0;
  const a: AudioLeg = { sampleRate: 8000, tick: (c) => (heardBy.a.push(...c), tone(400, 8000, 160, t)) };
  const b: AudioLeg = { sampleRate: 8000, tick: (c) => (heardBy.b.push(...c), tone(1000, 8000, 160, t)) };
  await engine.attach(a);
  await engine.attach(b);
  engine.setConference([a, b]);
  for (let k = 0; k < 50; k++) {
    port.tick(new Int16Array(160));
    t += 160;
  }
  const tail = (x: number[]): Int16Array => Int16Array.from(x.slice(1600));
  assert.ok(Math.abs(crossings(tail(heardBy.a)) / 2 / 0.8 - 1000) < 15, 'a hears b\'s 1000 Hz');
  assert.ok(Math.abs(crossings(tail(heardBy.b)) / 2 / 0.8 - 400) < 15, 'b hears a\'s 400 Hz');
  engine.setConference([a]);
  heardBy.a.length = 0;
  port.tick(new Int16Array(160));
  port.tick(new Int16Array(160));
  assert.ok(heardBy.a.slice(160).every((v) => v === 0), 'split again: a hears only the (silent) microphone');
  await engine.close();
});

test('a conference of three: each member hears both others and not itself', async () => {
  const port = manualAudioPort(8000);
  const engine = new AudioEngine(port, recordingLogger());
  const freqs = [400, 1000, 2500] as const;
  const heard: number[][] = [[], [], []];
  let t = 0;
  const legs: AudioLeg[] = freqs.map((f, i) => ({ sampleRate: 8000, tick: (c: Int16Array) => (heard[i]?.push(...c), tone(f, 8000, 160, t)) }));
  for (const leg of legs) await engine.attach(leg);
  engine.setConference(legs);
  for (let k = 0; k < 50; k++) {
    port.tick(new Int16Array(160));
    t += 160;
  }
  for (const [i, own] of freqs.entries()) {
    const x = Int16Array.from((heard[i] ?? []).slice(1600));
    for (const other of freqs.filter((f) => f !== own)) assert.ok(toneMarginDb(x, 8000, other, own) > 30, `member ${i} hears ${other} Hz well above its own ${own} Hz`);
  }
  await engine.close();
});

test('volume scales the microphone and the speaker; levels are reported throttled', async () => {
  const port = manualAudioPort(8000);
  const engine = new AudioEngine(port, recordingLogger());
  const heard: number[] = [];
  await engine.attach({ sampleRate: 8000, tick: (c) => (heard.push(...c), new Int16Array(160).fill(4000)) });
  const levels: Array<{ inputDb: number; outputDb: number }> = [];
  engine.onLevels((l) => levels.push(l), 100);
  engine.setVolume({ input: 0.5, output: 2 });
  let out: Int16Array | undefined;
  for (let k = 0; k < 10; k++) out = port.tick(new Int16Array(160).fill(10000));
  assert.equal(heard.at(-1), 5000, 'microphone at half gain');
  assert.equal(out?.[80], 8000, 'speaker at double gain');
  assert.equal(levels.length, 2, 'one report per 100 ms (5 ticks)');
  assert.ok(Math.abs((levels[0]?.inputDb ?? 0) - 20 * Math.log10(5000 / 32768)) < 0.1, `input level ${levels[0]?.inputDb}`);
  engine.setVolume({ output: 9 });
  out = port.tick(new Int16Array(160));
  assert.equal(out?.[0], 8000, 'gain is clamped to 2');
  await engine.close();
});

test('a one-shot tone plays, then detaches itself and releases the device', async () => {
  const port = manualAudioPort(16000);
  const engine = new AudioEngine(port, recordingLogger());
  engine.playTone({ segments: [{ freqs: [1000], ms: 60 }], once: true });
  for (let i = 0; i < 5 && port.opened === 0; i++) await new Promise((r) => setImmediate(r));
  assert.equal(port.opened, 1, 'the tone opened the device');
  const played: number[] = [];
  for (let k = 0; k < 5; k++) {
    played.push(...(port.tick(new Int16Array(320)) ?? []));
    await new Promise((r) => setImmediate(r));
  }
  assert.ok(played.slice(0, 960).some((v) => Math.abs(v) > 1000), 'the tone was heard');
  assert.equal(port.closed, 1, 'the device closed after the tone ended');
});
