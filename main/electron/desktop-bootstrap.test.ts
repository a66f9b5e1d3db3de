/**
 * The desktop composition, through bootstrap(), with small fakes of
 * Electron's objects: what the Electron entry gets when it passes them in.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { createSessionSecretStore } from '../core/accounts/session-secret-store';
import { manualSystemEvents, recordingLogger } from '../../test/support/fakes';
import { bootstrap } from './bootstrap';
import type { DesktopApis } from './desktop-bootstrap';
import type { NotificationSpec } from './shell/call-notifications';
import type { TrayMenuItem } from './shell/tray';

function fakeDesktop(home: string, taken: string[] = []) {
  const log: string[] = [];
  const notes: NotificationSpec[] = [];
  const shortcuts = new Map<string, () => void>();
  let menu: readonly TrayMenuItem[] = [];
  const apis: DesktopApis = {
    platform: 'linux',
    env: { APPIMAGE: '/apps/Dialtone.AppImage', XDG_DATA_HOME: join(home, 'data') },
    home,
    packaged: true,
    defaultApp: false,
    execPath: '/tmp/.mount_x/dialtone',
    appPath: '/tmp/.mount_x/resources/app.asar',
    app: {
      quit: () => void log.push('quit'),
      getLoginItemSettings: () => ({ openAtLogin: false }),
      setLoginItemSettings: () => undefined,
      setAsDefaultProtocolClient: (p: string) => (log.push(`protocol ${p}`), true),
    },
    globalShortcut: {
      register: (a, cb) => (taken.includes(a) ? false : (shortcuts.set(a, cb), true)),
      unregister: (a) => void shortcuts.delete(a),
    },
    clipboard: { readText: async () => 'tel:+15551234567' },
    notifications: {
      isSupported: () => true,
      supportsActions: false,
      create: (spec) => (notes.push(spec), { show: () => undefined, close: () => undefined, onClick: () => undefined, onAction: () => undefined }),
    },
    tray: {
      createTray: () => ({ setImage: () => undefined, setToolTip: (t) => void log.push(`tooltip ${t}`), setContextMenu: (m) => void (menu = m as TrayMenuItem[]), onClick: () => undefined, destroy: () => void log.push('tray destroyed') }),
      buildMenu: (items) => items,
    },
    window: { show: () => void log.push('show'), hide: () => void log.push('hide'), toggle: () => void log.push('toggle') },
    confirmDial: async (link) => (log.push(`confirm ${link.target}`), 'cancel'),
    openExternal: async () => undefined,
    run: async (f) => void log.push(`run ${f}`),
    microphone: async () => undefined,
    loadUpdater: () => ({ checkForUpdatesAndNotify: async () => void log.push('update check') }),
  };
  return { apis, log, notes, shortcuts, menu: () => menu };
}

test('bootstrap wires the desktop shell from Electron\'s objects', async () => {
  const home = mkdtempSync(join(tmpdir(), 'dialtone-desktop-'));
  const fake = fakeDesktop(home, ['CommandOrControl+Alt+Shift+M']);
  const runtime = bootstrap({
    app: { name: 'Dialtone', version: '0.0.0', mode: 'electron' },
    env: {},
    onQuitRequested: () => undefined,
    desktop: fake.apis,
    overrides: { logger: recordingLogger(), secrets: createSessionSecretStore(), systemEvents: manualSystemEvents() },
  });
  try {
    // The shell starts once the stored settings are restored.
    await runtime.ready;
    assert.ok(runtime.desktop);
    assert.equal(fake.shortcuts.size, 5, 'five hotkeys registered, one taken by another app');
    assert.deepEqual(fake.notes.map((n) => n.title), ['A shortcut could not be set']);
    assert.match(fake.notes[0]?.body ?? '', /CommandOrControl\+Alt\+Shift\+M is already used/);
    for (const s of ['tel', 'sip', 'sips', 'callto']) assert.ok(fake.log.includes(`protocol ${s}`), s);
    assert.ok(fake.log.includes('tooltip Dialtone: no account'));
    assert.ok(fake.menu().some((m) => m.label === 'Quit Dialtone'));
    // The hotkey runs the action: dial from the clipboard goes to the prompt.
    fake.shortcuts.get('CommandOrControl+Alt+Shift+D')?.();
    // A command from a second instance.
    runtime.desktop.handle({ kind: 'dial', target: 'alice@example.com' });
    runtime.desktop.handle({ kind: 'show' });
    // Bounded wait for the asynchronous parts (clipboard read, prompt, desktop entry, update check).
    const expected = ['confirm +15551234567', 'confirm sip:alice@example.com', 'update check', 'run update-desktop-database'];
    for (const end = Date.now() + 5000; Date.now() < end && !expected.every((e) => fake.log.includes(e)); ) await new Promise((r) => setTimeout(r, 20));
    assert.ok(fake.log.includes('confirm +15551234567'));
    assert.ok(fake.log.includes('confirm sip:alice@example.com'));
    assert.ok(fake.log.includes('update check'));
    assert.ok(fake.log.includes('run update-desktop-database'));
    assert.match(readFileSync(join(home, 'data', 'applications', 'com.dialtone.softphone.desktop'), 'utf8'), /Exec=\/apps\/Dialtone\.AppImage %U/);
    // The hotkey status reaches clients.
    const settings = await runtime.router.dispatch('shell.settings', {});
    assert.ok(settings.ok);
    const hotkeys = (settings.data as { hotkeys: Array<{ action: string; status: string }> }).hotkeys;
    assert.equal(hotkeys.find((h) => h.action === 'toggleMute')?.status, 'failed');
  } finally {
    await runtime.shutdown();
    rmSync(home, { recursive: true, force: true });
  }
  assert.equal(fake.shortcuts.size, 0, 'hotkeys released on shutdown');
  assert.ok(fake.log.includes('tray destroyed'));
});

test('without desktop objects (browser, headless) there is no shell, and shell.settings says so', async () => {
  const runtime = bootstrap({
    app: { name: 'Dialtone', version: '0.0.0', mode: 'headless' },
    env: {},
    onQuitRequested: () => undefined,
    overrides: { logger: recordingLogger(), secrets: createSessionSecretStore(), systemEvents: manualSystemEvents() },
  });
  try {
    assert.equal(runtime.desktop, undefined);
    const s = await runtime.router.dispatch('shell.settings', {});
    assert.ok(s.ok);
    assert.equal((s.data as { capabilities: { hotkeys: boolean } }).capabilities.hotkeys, false);
  } finally {
    await runtime.shutdown();
  }
});

test('the desktop shell starts with the stored hotkeys and preferences; a refused hotkey keeps the stored one', async () => {
  const home = mkdtempSync(join(tmpdir(), 'dialtone-desktop-'));
  const dataDir = join(home, 'data-dir');
  const start = (fake: ReturnType<typeof fakeDesktop>) =>
    bootstrap({
      app: { name: 'Dialtone', version: '0.0.0', mode: 'electron' },
      env: {},
      dataDir,
      onQuitRequested: () => undefined,
      desktop: fake.apis,
      overrides: { logger: recordingLogger(), secrets: createSessionSecretStore(), systemEvents: manualSystemEvents() },
    });
  try {
    const first = fakeDesktop(home, ['Control+Alt+F9']);
    const one = start(first);
    await one.ready;
    assert.ok((await one.router.dispatch('hotkeys.set', { action: 'answer', accelerator: 'Ctrl+Alt+F8' })).ok);
    const refused = await one.router.dispatch('hotkeys.set', { action: 'hangup', accelerator: 'Ctrl+Alt+F9' });
    assert.equal(!refused.ok && refused.error.code, 'HOTKEY_UNAVAILABLE');
    assert.ok((await one.router.dispatch('hotkeys.set', { action: 'toggleWindow', accelerator: null })).ok);
    assert.ok((await one.router.dispatch('shell.configure', { startMinimized: true })).ok);
    await one.shutdown();

    const second = fakeDesktop(home);
    const two = start(second);
    try {
      await two.ready;
      assert.deepEqual([...second.shortcuts.keys()].sort(), ['CommandOrControl+Alt+Shift+D', 'CommandOrControl+Alt+Shift+H', 'CommandOrControl+Alt+Shift+M', 'CommandOrControl+Alt+Shift+P', 'Control+Alt+F8'].sort(), 'the stored bindings, the refused one not among them, the cleared one unbound');
      assert.equal(two.shellSettings.get().startMinimized, true, 'read by the entry before the window is created');
    } finally {
      await two.shutdown();
    }
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});
