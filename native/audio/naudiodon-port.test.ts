import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { NaudiodonApi, NaudiodonDeviceInfo, NaudiodonIo } from './naudiodon-port';
import { createNaudiodonPort } from './naudiodon-port';

const devices: NaudiodonDeviceInfo[] = [
  { id: 0, name: 'Headset', maxInputChannels: 1, maxOutputChannels: 2, defaultSampleRate: 16000, hostAPIName: 'ALSA' },
  { id: 1, name: 'Speakers', maxInputChannels: 0, maxOutputChannels: 2, defaultSampleRate: 44100, hostAPIName: 'ALSA' },
];

/** A naudiodon stand-in: it records every stream opened and every frame written. */
function fakeNaudiodon(): { api: NaudiodonApi; opened: Array<Record<string, unknown>>; written: Buffer[]; quits: () => number } {
  const opened: Array<Record<string, unknown>> = [];
  const written: Buffer[] = [];
  let quits = 0;
  const api: NaudiodonApi = {
    getDevices: () => devices,
    getHostAPIs: () => ({ defaultHostAPI: 0, HostAPIs: [{ id: 0, name: 'ALSA', defaultInput: 0, defaultOutput: 0 }] }),
    AudioIO(options) {
      opened.push(options);
      let stopped = false;
      const io: NaudiodonIo = {
        on: () => io,
        write(chunk, callback) {
          if (stopped) return false;
          written.push(Buffer.from(chunk));
          if (callback) setImmediate(() => callback(null));
          return true;
        },
        start: () => undefined,
        quit: async (callback) => {
          stopped = true;
          quits += 1;
          callback?.();
        },
        destroy: () => undefined,
      };
      return io;
    },
  };
  return { api, opened, written, quits: () => quits };
}

test('a playback-only stream (the ringer) opens no microphone; its timer ticks with silent captured frames, about 50 a second', async () => {
  const fake = fakeNaudiodon();
  const port = createNaudiodonPort({ naudiodon: fake.api });
  const opened = await port.open({ outputId: 'ALSA:Speakers', sampleRate: 48000, frameMs: 20, playbackOnly: true });
  assert.ok(opened.ok, JSON.stringify(opened));
  if (!opened.ok) return;
  const stream = opened.data;
  assert.equal(fake.opened.length, 1, 'one PortAudio stream');
  assert.ok('outOptions' in (fake.opened[0] ?? {}) && !('inOptions' in (fake.opened[0] ?? {})), 'and it is a playback stream');
  assert.equal(stream.sampleRate, 44100, "the speaker's native rate");
  assert.equal(stream.frameSamples, 882);
  let ticks = 0;
  let loudCaptured = 0;
  stream.onTick((captured) => {
    ticks += 1;
    if (captured.some((s) => s !== 0)) loudCaptured += 1;
    captured[0] = 1234; // A listener that scribbles on its input must not make the next one loud.
    return new Int16Array(captured.length).fill(ticks);
  });
  await new Promise((r) => setTimeout(r, 500));
  await stream.close();
  // 25 frames of 20 ms are due in 500 ms; a loaded machine may fall a few behind, never ahead.
  assert.ok(ticks >= 5 && ticks <= 27, `the playback clock ticked ${ticks} times in 500 ms`);
  assert.equal(loudCaptured, 0, 'captured frames are silence');
  assert.ok(fake.written.some((b) => b.readInt16LE(0) === 5), 'what the tick returned is what was played');
  assert.equal(fake.quits(), 1);
  const after = ticks;
  await new Promise((r) => setTimeout(r, 30));
  assert.ok(ticks <= after + 2, 'no ticks after close');
});

test('a normal stream opens the microphone and the speaker (two PortAudio streams at the microphone rate)', async () => {
  const fake = fakeNaudiodon();
  const port = createNaudiodonPort({ naudiodon: fake.api });
  const opened = await port.open({ sampleRate: 48000, frameMs: 20 });
  assert.ok(opened.ok);
  if (!opened.ok) return;
  assert.equal(fake.opened.length, 2);
  assert.ok(fake.opened.some((o) => 'inOptions' in o));
  assert.equal(opened.data.sampleRate, 16000);
  await opened.data.close();
});
