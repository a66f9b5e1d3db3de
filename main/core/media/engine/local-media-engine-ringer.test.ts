import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fakeClock, manualAudioPort, recordingLogger, unreachableSockets } from '../../../../test/support/fakes';
import { createLocalMediaEngine } from './local-media-engine';

test('a ringer on another device rings through a playback-only stream: no microphone is opened to ring', async () => {
  const port = manualAudioPort();
  const engine = createLocalMediaEngine({ audio: port, sockets: unreachableSockets(), clock: fakeClock(), logger: recordingLogger(), random: Math.random, devicePollMs: 0 });
  const selected = await engine.selectDevices({ inputId: 'headset-mic', outputId: 'headset', ringerId: 'speakers' });
  assert.ok(selected.ok);
  const stop = engine.playTone('ringtone', 'ringer');
  const deadline = Date.now() + 2000;
  while (!port.opens.some((o) => o.outputId === 'speakers') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
  const ringer = port.opens.find((o) => o.outputId === 'speakers');
  assert.ok(ringer, `the ringer device was opened (${JSON.stringify(port.opens)})`);
  assert.equal(ringer.playbackOnly, true);
  assert.equal(ringer.inputId, undefined);
  assert.ok(port.opens.every((o) => o.outputId === 'speakers' || o.playbackOnly !== true), 'the calls\' stream still captures');
  stop();
  await engine.close();
});
