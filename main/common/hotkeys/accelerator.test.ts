import assert from 'node:assert/strict';
import { test } from 'node:test';
import { normalizeAccelerator } from './accelerator';

test('valid accelerators come back in canonical form', () => {
  const cases: Array<[string, string]> = [
    ['CommandOrControl+Alt+Shift+A', 'CommandOrControl+Alt+Shift+A'],
    ['cmdorctrl+alt+shift+a', 'CommandOrControl+Alt+Shift+A'],
    ['Ctrl+Option+F5', 'Control+Alt+F5'],
    ['Super+Meta+1', ''],
    ['Ctrl+Alt++', 'Control+Alt+Plus'],
    ['MediaPlayPause', 'MediaPlayPause'],
    ['F13', 'F13'],
    ['Alt+Space', 'Alt+Space'],
    ['Control+Shift+pageup', 'Control+Shift+PageUp'],
  ];
  for (const [input, want] of cases) {
    const r = normalizeAccelerator(input);
    if (want === '') assert.equal(r.ok, false, input);
    else assert.deepEqual(r, { ok: true, accelerator: want }, input);
  }
});

test('bad accelerators are refused with a reason', () => {
  for (const input of ['', 'A', 'Shift+A', 'Ctrl', 'Ctrl+A+B', 'Ctrl+Ctrl+A', 'Ctrl+Hyper+A', 'A+Ctrl', 'Ctrl++A', 'x'.repeat(65), 'F5', 'Space']) {
    const r = normalizeAccelerator(input);
    assert.equal(r.ok, false, input);
    assert.ok(!r.ok && r.message.length > 0);
  }
});
