import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AccountView, AppEvent, CallView, Snapshot } from '../../common/ipc/contract';
import { ok } from '../../common/result';
import { createCallNotifications, type NotificationLike, type NotificationSpec } from './call-notifications';
import { createTrayController, trayIconBitmap, trayStatus, type TrayMenuItem } from './tray';

const account = (id: string, state: AccountView['registration']['state'], reason?: string): AccountView => ({
  id, aor: `sip:${id}@example.com`, server: 'example.com', transport: 'udp', srtp: 'off',
  registration: reason ? { state, reason: { code: 'SIP_AUTH_FAILED', message: reason } } : { state },
});
const call = (callId: string, state: CallView['state'], direction: CallView['direction'] = 'incoming'): CallView => ({
  callId, accountId: 'a', direction, state, remoteUri: 'sip:bob@example.com', srtp: false, remoteHold: false, muted: false, startedAt: 1,
});

/** A core stand-in: a snapshot and an event stream driven by the test (the real core needs a real PBX for calls). */
function events(initial: Partial<Snapshot> = {}) {
  let snapshot: Snapshot = { seq: 0, app: { name: 'D', version: '1', mode: 'electron' }, accounts: [], calls: [], ...initial };
  const listeners = new Set<(e: AppEvent) => void>();
  return {
    snapshot: () => snapshot,
    subscribe: (l: (e: AppEvent) => void) => (listeners.add(l), () => void listeners.delete(l)),
    set: (s: Partial<Snapshot>, e: AppEvent) => {
      snapshot = { ...snapshot, ...s };
      for (const l of listeners) l(e);
    },
    listeners,
  };
}

test('tray status sums up the accounts in colour and words', () => {
  assert.deepEqual(trayStatus([]), { level: 'none', tooltip: 'Dialtone: no account' });
  assert.equal(trayStatus([account('a', 'registered')]).tooltip, 'Dialtone: sip:a@example.com registered');
  assert.equal(trayStatus([account('a', 'registered'), account('b', 'registering')]).level, 'partial');
  assert.equal(trayStatus([account('a', 'failed', 'Wrong password')]).tooltip, 'Dialtone: registration failed (Wrong password)');
  assert.equal(trayStatus([account('a', 'unregistered')]).level, 'none');
  const green = trayIconBitmap('registered');
  assert.equal(green.length, 16 * 16 * 4);
  const centre = (8 * 16 + 8) * 4;
  assert.deepEqual([...green.slice(centre, centre + 4)], [0x43, 0xa0, 0x2e, 255], 'BGRA green, opaque in the middle');
  assert.equal(green[3], 0, 'transparent corner');
});

test('the tray follows registration and calls, and its menu runs the quick actions', () => {
  const core = events();
  const images: number[][] = [];
  let tips: string[] = [];
  let menu: readonly TrayMenuItem[] = [];
  let click: () => void = () => undefined;
  let loginItem = false;
  const ran: string[] = [];
  const tray = createTrayController(
    {
      createTray: (icon) => {
        images.push([...icon.bitmap.slice(0, 0)]);
        return {
          setImage: (i) => void images.push([...i.bitmap.slice(136 * 4, 136 * 4 + 3)]),
          setToolTip: (t) => void (tips = [...tips, t]),
          setContextMenu: (m) => void (menu = m as readonly TrayMenuItem[]),
          onClick: (l) => void (click = l),
          destroy: () => void ran.push('destroyed'),
        };
      },
      buildMenu: (items) => items,
    },
    core,
    { run: (a) => void ran.push(a), quit: () => void ran.push('quit'), startAtLogin: () => loginItem, setStartAtLogin: (v) => void (loginItem = v) },
  );
  assert.equal(tips.at(-1), 'Dialtone: no account');
  core.set({ accounts: [account('a', 'registered')] }, { event: 'registration.changed', seq: 1, data: { accountId: 'a', state: 'registered' } });
  assert.equal(tips.at(-1), 'Dialtone: sip:a@example.com registered');
  assert.deepEqual(images.at(-1), [0x43, 0xa0, 0x2e]);
  const item = (label: string) => menu.find((m) => m.label === label);
  assert.equal(item('Answer')?.enabled, false);
  core.set({ calls: [call('c1', 'ringing')] }, { event: 'call.updated', seq: 2, data: call('c1', 'ringing') });
  assert.equal(item('Answer')?.enabled, true);
  assert.match(tips.at(-1) ?? '', /incoming call/);
  item('Answer')?.click?.();
  item('Hang up')?.click?.();
  item('Start at login')?.click?.();
  assert.equal(loginItem, true);
  item('Quit Dialtone')?.click?.();
  click();
  tray.dispose();
  assert.deepEqual(ran, ['answer', 'hangup', 'quit', 'toggleWindow', 'destroyed']);
  assert.equal(core.listeners.size, 0);
});

function notifications(supportsActions: boolean) {
  const core = events();
  const shown: Array<{ spec: NotificationSpec; closed: boolean; action?: (i: number) => void; click?: () => void }> = [];
  const done: string[] = [];
  const n = createCallNotifications(
    {
      isSupported: () => true,
      supportsActions,
      create: (spec) => {
        const entry: (typeof shown)[number] = { spec, closed: false };
        shown.push(entry);
        const note: NotificationLike = {
          show: () => undefined,
          close: () => void (entry.closed = true),
          onClick: (l) => void (entry.click = l),
          onAction: (l) => void (entry.action = l),
        };
        return note;
      },
    },
    core,
    { answer: async (id) => (done.push(`answer ${id}`), ok(undefined)), hangup: async (id) => (done.push(`hangup ${id}`), ok(undefined)), showWindow: () => void done.push('show') },
  );
  return { core, shown, done, n };
}

test('an incoming call notifies with Answer and Decline where the OS has buttons', () => {
  const { core, shown, done } = notifications(true);
  core.set({}, { event: 'call.updated', seq: 1, data: call('c1', 'ringing') });
  core.set({}, { event: 'call.updated', seq: 2, data: call('c1', 'ringing') });
  assert.equal(shown.length, 1, 'one notification per call');
  assert.deepEqual(shown[0]?.spec.actions?.map((a) => a.text), ['Answer', 'Decline']);
  assert.equal(shown[0]?.spec.body, 'bob@example.com');
  shown[0]?.action?.(0);
  shown[0]?.action?.(1);
  shown[0]?.click?.();
  assert.deepEqual(done, ['answer c1', 'hangup c1', 'show']);
  core.set({}, { event: 'call.updated', seq: 3, data: call('c1', 'active') });
  assert.equal(shown[0]?.closed, true, 'answering removes the notification');
  core.set({}, { event: 'call.ended', seq: 4, data: { callId: 'c1', endedBy: 'remote' } });
  assert.equal(shown.length, 1, 'an answered call is not missed');
});

test('a caller who gives up leaves a missed-call notification; declining does not', () => {
  const { core, shown } = notifications(false);
  core.set({}, { event: 'call.updated', seq: 1, data: call('c1', 'ringing') });
  assert.equal(shown[0]?.spec.actions, undefined, 'no buttons where the OS has none');
  core.set({}, { event: 'call.ended', seq: 2, data: { callId: 'c1', endedBy: 'remote' } });
  assert.equal(shown[0]?.closed, true);
  assert.deepEqual(shown.map((s) => s.spec.title), ['Incoming call', 'Missed call']);
  core.set({}, { event: 'call.updated', seq: 3, data: call('c2', 'ringing') });
  core.set({}, { event: 'call.ended', seq: 4, data: { callId: 'c2', endedBy: 'local' } });
  core.set({}, { event: 'call.updated', seq: 5, data: call('c3', 'dialing', 'outgoing') });
  assert.deepEqual(shown.map((s) => s.spec.title), ['Incoming call', 'Missed call', 'Incoming call']);
});
