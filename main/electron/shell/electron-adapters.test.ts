import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { test } from 'node:test';
import type { Notification } from 'electron';
import { dialConfirmation, ensureMicrophoneAccess, notificationPlatform, windowControl, type WindowLike } from './electron-adapters';

test('notifications: options pass through, buttons only on macOS, click and action reach the listeners', () => {
  const made: Array<{ options: Record<string, unknown>; shown: boolean; emitter: EventEmitter }> = [];
  class FakeNotification extends EventEmitter {
    static isSupported(): boolean {
      return true;
    }
    readonly entry: (typeof made)[number];
    constructor(options: Record<string, unknown>) {
      super();
      this.entry = { options, shown: false, emitter: this };
      made.push(this.entry);
    }
    show(): void {
      this.entry.shown = true;
    }
    close(): void {}
  }
  const mac = notificationPlatform(FakeNotification as unknown as typeof Notification, 'darwin');
  assert.equal(mac.supportsActions, true);
  assert.equal(notificationPlatform(FakeNotification as unknown as typeof Notification, 'linux').supportsActions, false);
  const n = mac.create({ title: 'Incoming call', body: 'bob', actions: [{ type: 'button', text: 'Answer' }], urgency: 'critical' });
  const got: string[] = [];
  n.onClick(() => got.push('click'));
  n.onAction((i) => got.push(`action ${i}`));
  n.show();
  made[0]?.emitter.emit('click', {});
  made[0]?.emitter.emit('action', {}, 0);
  assert.deepEqual(got, ['click', 'action 0']);
  assert.deepEqual(made[0]?.options, { title: 'Incoming call', body: 'bob', actions: [{ type: 'button', text: 'Answer' }], urgency: 'critical' });
  assert.equal(made[0]?.shown, true);
});

function fakeWindow(state: { visible: boolean; minimized: boolean; focused: boolean }) {
  const log: string[] = [];
  const w: WindowLike = {
    isVisible: () => state.visible,
    isMinimized: () => state.minimized,
    isFocused: () => state.focused,
    isDestroyed: () => false,
    show: () => void (log.push('show'), (state.visible = true)),
    hide: () => void (log.push('hide'), (state.visible = false)),
    restore: () => void (log.push('restore'), (state.minimized = false)),
    focus: () => void (log.push('focus'), (state.focused = true)),
  };
  return { w, log };
}

test('toggle hides a window in front and brings back a hidden, minimized or background one', () => {
  const front = fakeWindow({ visible: true, minimized: false, focused: true });
  windowControl(() => front.w).toggle();
  assert.deepEqual(front.log, ['hide']);
  const minimized = fakeWindow({ visible: true, minimized: true, focused: false });
  windowControl(() => minimized.w).toggle();
  assert.deepEqual(minimized.log, ['restore', 'show', 'focus']);
  const behind = fakeWindow({ visible: true, minimized: false, focused: false });
  windowControl(() => behind.w).toggle();
  assert.deepEqual(behind.log, ['show', 'focus']);
  windowControl(() => undefined).toggle();
});

test('the dial prompt defaults to Cancel, names what was dropped, and reports "don\'t ask again"', async () => {
  const seen: Electron.MessageBoxOptions[] = [];
  const answers = [{ response: 1, checkboxChecked: true }, { response: 0, checkboxChecked: false }, { response: 0, checkboxChecked: true }];
  const dialog = { showMessageBox: async (...args: unknown[]) => (seen.push(args.at(-1) as Electron.MessageBoxOptions), { ...answers.shift()! }) } as unknown as Pick<Electron.Dialog, 'showMessageBox'>;
  const confirm = dialConfirmation(dialog, () => undefined);
  const link = { scheme: 'sip' as const, target: 'sip:a@b', display: 'sip:a@b', dropped: ['header subject'] };
  assert.equal(await confirm(link, 'link'), 'cancel');
  assert.equal(await confirm(link, 'link'), 'call');
  assert.equal(await confirm(link, 'clipboard'), 'call-and-stop-asking');
  assert.equal(seen[0]?.defaultId, 1);
  assert.equal(seen[0]?.cancelId, 1);
  assert.equal(seen[0]?.message, 'Call sip:a@b?');
  assert.match(seen[0]?.detail ?? '', /Ignored for your safety: header subject/);
});

test('macOS asks for the microphone once and explains a refusal; other systems have nothing to ask', async () => {
  const asked: string[] = [];
  const prefs = (status: string, grant: boolean) => ({
    getMediaAccessStatus: () => status as 'granted',
    askForMediaAccess: async (m: 'microphone' | 'camera') => (asked.push(m), grant),
  });
  assert.equal(await ensureMicrophoneAccess(prefs('granted', false), 'darwin'), undefined);
  assert.equal(await ensureMicrophoneAccess(prefs('not-determined', true), 'darwin'), undefined);
  assert.match((await ensureMicrophoneAccess(prefs('denied', true), 'darwin')) ?? '', /System Settings/);
  assert.equal(await ensureMicrophoneAccess(prefs('denied', false), 'linux'), undefined);
  assert.deepEqual(asked, ['microphone']);
});
