import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { HotkeyAction } from '../../common/models/shell';
import { createHotkeyManager, DEFAULT_HOTKEYS, type GlobalShortcutLike } from './hotkeys';

/** A globalShortcut that behaves like Electron's: some combos are taken by other apps, bad syntax throws. */
function fakeGlobalShortcut(taken: string[] = []) {
  const registered = new Map<string, () => void>();
  const api: GlobalShortcutLike = {
    register(accelerator, callback) {
      if (accelerator.includes('Bogus')) throw new Error(`Failed to parse accelerator ${accelerator}`);
      if (taken.includes(accelerator) || registered.has(accelerator)) return false;
      registered.set(accelerator, callback);
      return true;
    },
    unregister: (accelerator) => void registered.delete(accelerator),
  };
  return { api, registered, press: (accelerator: string) => registered.get(accelerator)?.() };
}

test('registers the defaults and runs the bound action when pressed', () => {
  const os = fakeGlobalShortcut();
  const ran: HotkeyAction[] = [];
  const hotkeys = createHotkeyManager(os.api, (a) => ran.push(a));
  assert.deepEqual(hotkeys.registerAll(DEFAULT_HOTKEYS), []);
  assert.equal(os.registered.size, 6);
  os.press('CommandOrControl+Alt+Shift+A');
  os.press('CommandOrControl+Alt+Shift+H');
  assert.deepEqual(ran, ['answer', 'hangup']);
  assert.ok(hotkeys.views().every((v) => v.status === 'registered'));
});

test('a combination another app holds is reported at start, and the others still work', () => {
  const os = fakeGlobalShortcut(['CommandOrControl+Alt+Shift+M']);
  const hotkeys = createHotkeyManager(os.api, () => undefined);
  const failed = hotkeys.registerAll(DEFAULT_HOTKEYS);
  assert.deepEqual(failed.map((f) => [f.action, f.status]), [['toggleMute', 'failed']]);
  assert.match(failed[0]?.reason ?? '', /already used by another application/);
  assert.equal(os.registered.size, 5);
});

test('a failed rebind restores the old binding and says why', () => {
  const os = fakeGlobalShortcut(['Control+Alt+F9']);
  const ran: HotkeyAction[] = [];
  const hotkeys = createHotkeyManager(os.api, (a) => ran.push(a));
  hotkeys.registerAll(DEFAULT_HOTKEYS);
  const r = hotkeys.set('answer', 'Ctrl+Alt+F9');
  assert.equal(!r.ok && r.error.code, 'HOTKEY_UNAVAILABLE');
  assert.equal(hotkeys.bindings().answer, 'CommandOrControl+Alt+Shift+A');
  assert.ok(os.registered.has('CommandOrControl+Alt+Shift+A'), 'old binding registered again');
  os.press('CommandOrControl+Alt+Shift+A');
  assert.deepEqual(ran, ['answer']);
});

test('a rebind that works releases the old combination; null unbinds', () => {
  const os = fakeGlobalShortcut();
  const hotkeys = createHotkeyManager(os.api, () => undefined);
  hotkeys.registerAll(DEFAULT_HOTKEYS);
  const r = hotkeys.set('answer', 'ctrl+alt+f8');
  assert.ok(r.ok);
  assert.equal(r.data.answer, 'Control+Alt+F8');
  assert.ok(!os.registered.has('CommandOrControl+Alt+Shift+A'));
  assert.ok(os.registered.has('Control+Alt+F8'));
  assert.ok(hotkeys.set('answer', null).ok);
  assert.ok(!os.registered.has('Control+Alt+F8'));
  assert.equal(hotkeys.views().find((v) => v.action === 'answer')?.status, 'unbound');
});

test('bad syntax and duplicates are refused before the OS is asked', () => {
  const os = fakeGlobalShortcut();
  const hotkeys = createHotkeyManager(os.api, () => undefined);
  hotkeys.registerAll(DEFAULT_HOTKEYS);
  const bad = hotkeys.set('answer', 'A');
  assert.match(!bad.ok ? bad.error.message : '', /every other application/);
  const dup = hotkeys.set('answer', 'CommandOrControl+Alt+Shift+H');
  assert.match(!dup.ok ? dup.error.message : '', /already the shortcut for hangup/);
  const thrown = hotkeys.set('answer', 'Ctrl+Alt+Bogus');
  assert.equal(thrown.ok, false);
  assert.equal(hotkeys.bindings().answer, 'CommandOrControl+Alt+Shift+A');
  hotkeys.unregisterAll();
  assert.equal(os.registered.size, 0);
});

test('the self-test reports whether the hotkey really fired, without acting on it', async () => {
  const os = fakeGlobalShortcut();
  const ran: HotkeyAction[] = [];
  const hotkeys = createHotkeyManager(os.api, (a) => ran.push(a));
  hotkeys.registerAll(DEFAULT_HOTKEYS);
  const pressed = hotkeys.test('answer', 2000);
  os.press('CommandOrControl+Alt+Shift+A');
  assert.equal(await pressed, true);
  assert.deepEqual(ran, [], 'the test press answers nothing');
  assert.equal(await hotkeys.test('answer', 20), false, 'never pressed (a Wayland binding the user declined)');
  os.press('CommandOrControl+Alt+Shift+A');
  assert.deepEqual(ran, ['answer'], 'after the test the hotkey works normally');
});
