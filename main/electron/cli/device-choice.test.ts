import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AudioDeviceView } from '../../common/ipc/contract';
import { pickDevice } from './device-choice';

const d = (name: string, input: boolean, output: boolean): AudioDeviceView => ({ id: `ALSA:${name}`, name, hostApi: 'ALSA', input, output, defaultInput: false, defaultOutput: false });
const list = [d('pulse', true, true), d('default', true, true), d('USB Headset Mic', true, false), d('USB Headset Speaker', false, true), d('HDMI 1', false, true)];

test('--mic/--speaker pick by case-insensitive substring, an exact name wins', () => {
  const mic = pickDevice(list, 'usb headset', 'input');
  assert.ok(mic.ok);
  assert.equal(mic.data?.name, 'USB Headset Mic');
  const spk = pickDevice(list, 'pulse', 'output');
  assert.ok(spk.ok);
  assert.equal(spk.data?.id, 'ALSA:pulse');
  const empty = pickDevice(list, '', 'output');
  assert.deepEqual(empty, { ok: true, data: undefined });
});

test('no match and several matches are errors that list what there is', () => {
  const none = pickDevice(list, 'jabra', 'input');
  assert.ok(!none.ok);
  assert.equal(none.error.code, 'NOT_FOUND');
  assert.match(none.error.message, /--mic "jabra" matches no input device\. There are: "pulse", "default", "USB Headset Mic"/);
  const many = pickDevice(list, 'u', 'output');
  assert.ok(!many.ok);
  assert.match(many.error.message, /matches 3 devices/);
  const wrongKind = pickDevice(list, 'HDMI', 'input');
  assert.ok(!wrongKind.ok, 'an output-only device is not a microphone');
});
