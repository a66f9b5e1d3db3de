import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AppEvent, CallView } from '../../common/ipc/contract';
import type { CallLink } from '../../common/links/call-link';
import { ok, type Result } from '../../common/result';
import { createCommandHandlers } from '../../core/router/handlers';
import { createRouter } from '../../core/router/router';
import { createSoftphoneCore } from '../../core/softphone-core';
import { fakePorts, recordingLogger } from '../../../test/support/fakes';
import { createShellActions, type DialConfirmation, type ShellActionsDeps } from './shell-actions';

function harness(options: { confirm?: boolean; answer?: DialConfirmation; core?: ShellActionsDeps['core']; clipboard?: Record<string, string>; promptMs?: number } = {}) {
  const logger = recordingLogger();
  const real = createSoftphoneCore(fakePorts({ logger }), { app: { name: 'D', version: '1', mode: 'electron' }, env: {} });
  const core = options.core ?? real;
  const router = createRouter(createCommandHandlers(real, { requestQuit: () => undefined }), logger);
  const notes: Array<[string, string]> = [];
  const prompts: CallLink[] = [];
  const window = { shown: 0, toggled: 0 };
  const inFlight = { now: 0, max: 0 };
  let confirm = options.confirm ?? true;
  const actions = createShellActions({
    core,
    router,
    logger,
    window: { show: () => void window.shown++, hide: () => undefined, toggle: () => void window.toggled++ },
    ...(options.clipboard
      ? { clipboard: { readText: async () => options.clipboard?.['clipboard'] ?? '', selection: { readText: async () => options.clipboard?.['selection'] ?? '' } } }
      : {}),
    feedback: {
      notify: (title, body) => void notes.push([title, body]),
      confirmDial: async (link) => {
        prompts.push(link);
        inFlight.max = Math.max(inFlight.max, ++inFlight.now);
        if (options.promptMs) await new Promise((r) => setTimeout(r, options.promptMs));
        inFlight.now--;
        return options.answer ?? 'cancel';
      },
    },
    confirmation: { enabled: () => confirm, disable: () => void (confirm = false) },
  });
  return { actions, notes, prompts, window, real, inFlight, confirmOn: () => confirm };
}

test('a link is confirmed first; cancel dials nothing', async () => {
  const h = harness({ answer: 'cancel' });
  const r = await h.actions.openLink('tel:+1-555-123-4567', 'link');
  assert.deepEqual(r, ok(undefined));
  assert.equal(h.prompts[0]?.target, '+15551234567');
  assert.equal(h.window.shown, 1, 'the window comes forward for the prompt');
  assert.deepEqual(h.notes, []);
  await h.real.shutdown();
});

test('"call and stop asking" turns the prompt off and dials through the core (no account: a clear notification)', async () => {
  const h = harness({ answer: 'call-and-stop-asking' });
  const r = await h.actions.openLink('sip:alice@example.com', 'link');
  assert.equal(!r.ok && r.error.code, 'INVALID_ARGS');
  assert.equal(h.confirmOn(), false);
  assert.match(h.notes[0]?.[0] ?? '', /Could not call sip:alice@example.com/);
  assert.match(h.notes[0]?.[1] ?? '', /No registered account/);
  await h.real.shutdown();
});

test('a hostile link is refused with a notification and never reaches the prompt', async () => {
  const h = harness();
  const r = await h.actions.openLink('sip:alice@example.com%0d%0aContact:evil', 'link');
  assert.equal(!r.ok && r.error.code, 'INVALID_LINK');
  assert.equal(h.prompts.length, 0);
  assert.match(h.notes[0]?.[1] ?? '', /control characters/);
  await h.real.shutdown();
});

test('dial from the clipboard prefers the primary selection, then the clipboard', async () => {
  const h = harness({ clipboard: { selection: '', clipboard: ' +44 20 7946 0000 ' } });
  await h.actions.run('dialClipboard');
  assert.equal(h.prompts[0]?.target, '+442079460000');
  const h2 = harness({ clipboard: { selection: 'bob@example.com', clipboard: 'ignored' } });
  await h2.actions.run('dialClipboard');
  assert.equal(h2.prompts[0]?.target, 'sip:bob@example.com');
  const h3 = harness({ clipboard: { selection: '', clipboard: 'lunch at noon?' } });
  await h3.actions.run('dialClipboard');
  assert.equal(h3.prompts.length, 0);
  assert.match(h3.notes[0]?.[0] ?? '', /Nothing to dial/);
  for (const x of [h, h2, h3]) await x.real.shutdown();
});

test('with no call, answer, hang up, hold and mute say so', async () => {
  const h = harness();
  for (const action of ['answer', 'hangup', 'toggleHold', 'toggleMute'] as const) await h.actions.run(action);
  assert.deepEqual(h.notes.map((n) => n[0]), ['No call to answer', 'No call to hang up', 'No call to hold', 'No call to mute']);
  await h.actions.run('toggleWindow');
  assert.equal(h.window.toggled, 1);
  await h.real.shutdown();
});

/** Calls in given states; records which core command each action chose. */
function callsCore(calls: CallView[]) {
  const done: string[] = [];
  const run = async (what: string): Promise<Result<void>> => {
    done.push(what);
    return ok(undefined);
  };
  const listeners: Array<(e: AppEvent) => void> = [];
  const core: ShellActionsDeps['core'] = {
    snapshot: () => ({ seq: 0, app: { name: 'D', version: '1', mode: 'electron' }, accounts: [], calls }),
    subscribe: (l) => {
      listeners.push(l);
      return () => listeners.splice(listeners.indexOf(l), 1);
    },
    dial: async (target) => (done.push(`dial ${target}`), ok({ callId: 'new' })),
    answer: (id) => run(`answer ${id}`),
    hangup: (id) => run(`hangup ${id}`),
    hold: (id, on) => run(`${on ? 'hold' : 'resume'} ${id}`),
    dtmf: (id, digits) => run(`dtmf ${id} ${digits}`),
    mute: (id, muted) => (done.push(`${muted ? 'mute' : 'unmute'} ${id}`), ok(undefined)),
  };
  return { core, done, emit: (e: AppEvent) => [...listeners].forEach((l) => l(e)) };
}

const call = (callId: string, direction: CallView['direction'], state: CallView['state'], startedAt: number): CallView => ({
  callId, accountId: 'a', direction, state, remoteUri: 'sip:x@y', srtp: false, remoteHold: false, muted: false, startedAt,
});

test('hotkeys act on the right call: answer the ringing one, hang up the active one, hold toggles', async () => {
  const fake = callsCore([call('out', 'outgoing', 'active', 1), call('in', 'incoming', 'ringing', 2), call('held', 'outgoing', 'held', 0)]);
  const h = harness({ core: fake.core });
  await h.actions.run('answer');
  await h.actions.run('hangup');
  await h.actions.run('toggleHold');
  assert.deepEqual(fake.done, ['answer in', 'hangup out', 'hold out']);
  const onlyHeld = callsCore([call('held', 'outgoing', 'held', 0)]);
  await harness({ core: onlyHeld.core }).actions.run('toggleHold');
  assert.deepEqual(onlyHeld.done, ['resume held']);
  await h.real.shutdown();
});

test('the mute hotkey toggles the answered call\'s mute', async () => {
  const fake = callsCore([call('out', 'outgoing', 'active', 1), { ...call('held', 'outgoing', 'held', 0), muted: true }]);
  const h = harness({ core: fake.core });
  await h.actions.run('toggleMute');
  assert.deepEqual(fake.done, ['mute out']);
  const onlyMuted = callsCore([{ ...call('held', 'outgoing', 'held', 0), muted: true }]);
  await harness({ core: onlyMuted.core }).actions.run('toggleMute');
  assert.deepEqual(onlyMuted.done, ['unmute held']);
  assert.equal(h.notes.length, 0);
  await h.real.shutdown();
});

test('a tel: extension is sent as DTMF once the call is answered', async () => {
  const fake = callsCore([]);
  const h = harness({ core: fake.core, confirm: false });
  const r = await h.actions.openLink('tel:+1-201-555-0123;ext=42', 'command-line');
  assert.deepEqual(r, ok({ callId: 'new' }));
  fake.emit({ event: 'call.updated', seq: 1, data: { ...call('new', 'outgoing', 'early', 1) } });
  assert.deepEqual(fake.done, ['dial +12015550123']);
  fake.emit({ event: 'call.updated', seq: 2, data: { ...call('new', 'outgoing', 'active', 1) } });
  fake.emit({ event: 'call.updated', seq: 3, data: { ...call('new', 'outgoing', 'active', 1) } });
  await new Promise((r2) => setImmediate(r2));
  assert.deepEqual(fake.done, ['dial +12015550123', 'dtmf new 42']);
  await h.real.shutdown();
});

test('links that arrive together are asked about one at a time, in order', async () => {
  const h = harness({ answer: 'cancel', promptMs: 20 });
  const open: string[] = [];
  const all = ['tel:+1555', 'tel:+1666', 'tel:+1777'].map((l) => h.actions.openLink(l, 'link').then(() => open.push(l)));
  await Promise.all(all);
  assert.deepEqual(h.prompts.map((p) => p.target), ['+1555', '+1666', '+1777']);
  assert.deepEqual(open, ['tel:+1555', 'tel:+1666', 'tel:+1777']);
  assert.equal(h.inFlight.max, 1, 'never two prompts at once');
  await h.real.shutdown();
});
