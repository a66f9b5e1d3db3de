import assert from 'node:assert/strict';
import { test } from 'node:test';
import { err, type Result } from '../../common/result';
import { createSessionChoiceSecretStore } from '../../core/accounts/session-choice-secret-store';
import type { SecretStorePort } from '../../core/ports/secrets';
import { createCommandHandlers } from '../../core/router/handlers';
import { createRouter } from '../../core/router/router';
import { createSoftphoneCore } from '../../core/softphone-core';
import { fakePorts, recordingLogger } from '../../../test/support/fakes';
import { createHotkeyManager, type GlobalShortcutLike } from './hotkeys';
import type { LoginItem } from './login-item';
import { createShellController } from './shell-controller';
import { createMemoryShellSettings } from './shell-settings';

const noKeyring: SecretStorePort = {
  kind: 'os-keyring',
  get: async () => err('KEYCHAIN_UNAVAILABLE', 'no D-Bus'),
  set: async () => err('KEYCHAIN_UNAVAILABLE', 'no D-Bus'),
  delete: async () => err('KEYCHAIN_UNAVAILABLE', 'no D-Bus'),
};

function setup(options: { desktop: boolean; loginFails?: boolean }) {
  const logger = recordingLogger();
  const secrets = createSessionChoiceSecretStore(noKeyring);
  const core = createSoftphoneCore(fakePorts({ logger, secrets }), { app: { name: 'D', version: '1', mode: options.desktop ? 'electron' : 'browser' }, env: {} });
  const registered = new Map<string, () => void>();
  const os: GlobalShortcutLike = {
    register: (a, cb) => (a === 'Control+Alt+F9' ? false : (registered.set(a, cb), true)),
    unregister: (a) => void registered.delete(a),
  };
  const settings = createMemoryShellSettings();
  const loginCalls: Array<[boolean, boolean]> = [];
  const loginItem: LoginItem = {
    supported: true,
    set: async (e, m): Promise<Result<void>> => (options.loginFails ? err('INTERNAL', 'Could not change start at login: EACCES') : (loginCalls.push([e, m]), { ok: true, data: undefined })),
  };
  let hotkeys;
  if (options.desktop) {
    hotkeys = createHotkeyManager(os, () => undefined);
    hotkeys.registerAll(settings.get().hotkeys);
  }
  const shell = createShellController({ settings, secrets, ...(hotkeys ? { hotkeys, loginItem } : {}) });
  const router = createRouter(createCommandHandlers(core, { requestQuit: () => undefined, shell }), logger, { checkResults: true });
  return { core, router, registered, loginCalls, settings };
}

test('hotkeys.set through the router: success saves the binding, refusal keeps the old one and says why', async () => {
  const { router, registered, settings, core } = setup({ desktop: true });
  const good = await router.dispatch('hotkeys.set', { action: 'answer', accelerator: 'Ctrl+Alt+F8' });
  assert.ok(good.ok, JSON.stringify(good));
  assert.equal(settings.get().hotkeys.answer, 'Control+Alt+F8');
  const bad = await router.dispatch('hotkeys.set', { action: 'answer', accelerator: 'Ctrl+Alt+F9' });
  assert.equal(!bad.ok && bad.error.code, 'HOTKEY_UNAVAILABLE');
  assert.equal(settings.get().hotkeys.answer, 'Control+Alt+F8');
  assert.ok(registered.has('Control+Alt+F8'));
  const view = await router.dispatch('shell.settings', {});
  assert.ok(view.ok);
  const data = view.data as { hotkeys: Array<{ action: string; status: string }>; capabilities: { hotkeys: boolean } };
  assert.equal(data.capabilities.hotkeys, true);
  assert.ok(data.hotkeys.every((h) => h.status === 'registered'));
  await core.shutdown();
});

test('shell.configure applies start at login to the OS first, and keeps the old value when the OS refuses', async () => {
  const ok1 = setup({ desktop: true });
  const r = await ok1.router.dispatch('shell.configure', { startAtLogin: true, startMinimized: true });
  assert.ok(r.ok);
  assert.deepEqual(ok1.loginCalls, [[true, true]]);
  assert.equal(ok1.settings.get().startAtLogin, true);
  const fails = setup({ desktop: true, loginFails: true });
  const r2 = await fails.router.dispatch('shell.configure', { startAtLogin: true });
  assert.equal(!r2.ok && r2.error.code, 'INTERNAL');
  assert.equal(fails.settings.get().startAtLogin, false);
  const bad = await fails.router.dispatch('shell.configure', { startAtLogin: 'yes' });
  assert.equal(!bad.ok && bad.error.code, 'INVALID_ARGS');
  await ok1.core.shutdown();
  await fails.core.shutdown();
});

test('link.open asks first by default, and dials at once when the user turned confirmation off', async () => {
  const { router, core } = setup({ desktop: false });
  const asked = await router.dispatch('link.open', { url: 'tel:+1-555-123-4567;ext=7' });
  assert.ok(asked.ok);
  assert.deepEqual(asked.data, { link: { scheme: 'tel', target: '+15551234567', display: '+15551234567 ext. 7', extension: '7', dropped: [] }, needsConfirmation: true });
  const hostile = await router.dispatch('link.open', { url: 'javascript:alert(1)' });
  assert.equal(!hostile.ok && hostile.error.code, 'INVALID_LINK');
  assert.ok((await router.dispatch('shell.configure', { confirmBeforeDial: false })).ok);
  const dialled = await router.dispatch('link.open', { url: 'sip:alice@example.com' });
  // No registered account here: the core's own error comes back.
  assert.equal(!dialled.ok && dialled.error.code, 'INVALID_ARGS');
  assert.match(!dialled.ok ? dialled.error.message : '', /No registered account/);
  await core.shutdown();
});

test('no keyring: account.save fails clearly until the user keeps the password for this session only', async () => {
  const { router, core } = setup({ desktop: false });
  const account = { aor: 'sip:alice@127.0.0.1', username: 'alice', server: '127.0.0.1', transport: 'udp', srtp: 'off', codecs: ['pcmu'], register: false };
  const refused = await router.dispatch('account.save', { account, password: 'pw' });
  assert.equal(!refused.ok && refused.error.code, 'KEYCHAIN_UNAVAILABLE');
  const chosen = await router.dispatch('secrets.keepForSession', { enabled: true });
  assert.ok(chosen.ok);
  assert.deepEqual((chosen.data as { secrets: unknown }).secrets, { kind: 'session-only' });
  assert.ok((await router.dispatch('account.save', { account, password: 'pw' })).ok);
  await core.shutdown();
});

test('without the desktop shell, hotkeys and start at login say they are not available', async () => {
  const { router, core } = setup({ desktop: false });
  const r = await router.dispatch('hotkeys.set', { action: 'answer', accelerator: 'Ctrl+Alt+F8' });
  assert.equal(!r.ok && r.error.code, 'NOT_AVAILABLE');
  const s = await router.dispatch('shell.settings', {});
  assert.ok(s.ok);
  const data = s.data as { hotkeys: Array<{ status: string }>; capabilities: Record<string, boolean> };
  assert.ok(data.hotkeys.every((h) => h.status === 'unavailable'));
  assert.deepEqual(data.capabilities, { hotkeys: false, hotkeysReliable: false, loginItem: false, defaultApps: false });
  const login = await router.dispatch('shell.configure', { startAtLogin: true });
  assert.equal(!login.ok && login.error.code, 'NOT_AVAILABLE');
  const apps = await router.dispatch('shell.openDefaultApps', {});
  assert.equal(!apps.ok && apps.error.code, 'NOT_AVAILABLE');
  await core.shutdown();
});

test('hotkeys.test through the router: a press within the time is reported, none is false', async () => {
  const { router, registered, core } = setup({ desktop: true });
  const waiting = router.dispatch('hotkeys.test', { action: 'hangup', timeoutMs: 5000 });
  setTimeout(() => registered.get('CommandOrControl+Alt+Shift+H')?.(), 20);
  assert.deepEqual(await waiting, { ok: true, data: { fired: true } });
  const short = await router.dispatch('hotkeys.test', { action: 'hangup', timeoutMs: 10 });
  assert.equal(!short.ok && short.error.code, 'INVALID_ARGS', 'at least a second');
  await router.dispatch('hotkeys.set', { action: 'hangup', accelerator: null });
  const unbound = await router.dispatch('hotkeys.test', { action: 'hangup', timeoutMs: 1000 });
  assert.equal(!unbound.ok && unbound.error.code, 'HOTKEY_UNAVAILABLE');
  await core.shutdown();
});
