import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AudioDevice } from '../../ports/audio';
import { diffDevices } from './device-diff';

const dev = (id: string, extra: Partial<AudioDevice> = {}): AudioDevice => ({ id, name: id, hostApi: 'ALSA', maxInputChannels: 1, maxOutputChannels: 1, defaultSampleRate: 48000, isDefaultInput: false, isDefaultOutput: false, ...extra });

test('a plugged-in headset is added, an unplugged one removed, by stable id', () => {
  const d = diffDevices([dev('ALSA:pulse'), dev('ALSA:USB Headset')], [dev('ALSA:pulse'), dev('ALSA:Jabra')]);
  assert.deepEqual(d.added.map((x) => x.id), ['ALSA:Jabra']);
  assert.deepEqual(d.removed.map((x) => x.id), ['ALSA:USB Headset']);
  assert.equal(d.defaultsChanged, false);
});

test('the same list is no change; a moved OS default is one', () => {
  const a = [dev('x', { isDefaultInput: true, isDefaultOutput: true }), dev('y')];
  assert.deepEqual(diffDevices(a, a), { added: [], removed: [], defaultsChanged: false });
  const b = [dev('x', { isDefaultInput: true }), dev('y', { isDefaultOutput: true })];
  assert.equal(diffDevices(a, b).defaultsChanged, true);
});
