/**
 * The settings views' pure models: the hotkey recorder (key press →
 * accelerator, conflicts, invalid keys), the hooks form (draft ↔ payload,
 * secret keep/replace/remove, field errors) and the doctor's live fold.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DiagnosticCheck } from '../../main/common/models/diagnostics';
import type { HotkeyAction } from '../../main/common/models/shell';
import { foldDiagnostics } from '../../renderer/src/features/diagnostics/diagnostics-model';
import { describeAccelerator, recordKey, sameAccelerator, type KeyPress } from '../../renderer/src/features/settings/hotkey-recorder';
import { draftOf, newHookId, toConfig } from '../../renderer/src/features/settings/hooks-draft';
import { initialState, reduce } from '../../renderer/src/store/reducer';

const bindings: Record<HotkeyAction, string | null> = {
  answer: 'CommandOrControl+Alt+Shift+A',
  hangup: 'CommandOrControl+Alt+Shift+H',
  toggleMute: null,
  toggleHold: 'CommandOrControl+Alt+Shift+P',
  dialClipboard: 'CommandOrControl+Alt+Shift+D',
  toggleWindow: 'CommandOrControl+Alt+Shift+S',
};
const key = (over: Partial<KeyPress>): KeyPress => ({ key: 'a', code: 'KeyA', ctrlKey: false, altKey: false, shiftKey: false, metaKey: false, ...over });

test('the recorder turns a key press into an accelerator with the same rules as the main process', () => {
  assert.deepEqual(recordKey(key({ key: 'F', code: 'KeyF', ctrlKey: true, altKey: true }), false, bindings, 'toggleMute'), { kind: 'accelerator', accelerator: 'CommandOrControl+Alt+F' });
  // Shift+1 is the physical key 1, not "!".
  assert.deepEqual(recordKey(key({ key: '!', code: 'Digit1', ctrlKey: true, shiftKey: true }), false, bindings, 'toggleMute'), { kind: 'accelerator', accelerator: 'CommandOrControl+Shift+1' });
  assert.deepEqual(recordKey(key({ key: 'ArrowUp', code: 'ArrowUp', metaKey: true }), true, bindings, 'toggleMute'), { kind: 'accelerator', accelerator: 'Command+Up' });
  assert.deepEqual(recordKey(key({ key: 'F13', code: 'F13' }), false, bindings, 'toggleMute'), { kind: 'accelerator', accelerator: 'F13' }, 'F13 may stand alone');
  assert.deepEqual(recordKey(key({ key: 'Control', code: 'ControlLeft', ctrlKey: true }), false, bindings, 'toggleMute'), { kind: 'pending' });
  assert.deepEqual(recordKey(key({ key: 'Escape', code: 'Escape' }), false, bindings, 'toggleMute'), { kind: 'cancel' });
  const bare = recordKey(key({ key: 'm', code: 'KeyM' }), false, bindings, 'toggleMute');
  assert.equal(bare.kind, 'invalid');
  assert.match(bare.kind === 'invalid' ? bare.message : '', /take M away from every other application/);
  const shiftOnly = recordKey(key({ key: 'M', code: 'KeyM', shiftKey: true }), false, bindings, 'toggleMute');
  assert.equal(shiftOnly.kind, 'invalid', 'Shift alone is not enough');
  assert.equal(recordKey(key({ key: 'Dead', code: 'IntlRo', ctrlKey: true }), false, bindings, 'toggleMute').kind, 'invalid');
});

test('the recorder reports a conflict with another action, but not with the action itself', () => {
  const press = key({ key: 'H', code: 'KeyH', ctrlKey: true, altKey: true, shiftKey: true });
  assert.deepEqual(recordKey(press, false, bindings, 'toggleMute'), { kind: 'conflict', accelerator: 'CommandOrControl+Alt+Shift+H', other: 'hangup' });
  assert.deepEqual(recordKey(press, false, bindings, 'hangup'), { kind: 'accelerator', accelerator: 'CommandOrControl+Alt+Shift+H' });
  // CommandOrControl is Control off macOS: Control+Alt+Shift+A is the answer key there.
  assert.equal(sameAccelerator('Control+Alt+Shift+A', 'CommandOrControl+Shift+Alt+A', false), true);
  assert.equal(sameAccelerator('Control+Alt+Shift+A', 'CommandOrControl+Alt+Shift+A', true), false);
  assert.equal(describeAccelerator('CommandOrControl+Alt+Shift+A', false), 'Ctrl+Alt+Shift+A');
  assert.equal(describeAccelerator('CommandOrControl+Alt+Shift+A', true), 'Cmd+Alt+Shift+A');
});

test('the hooks form: secrets are kept, replaced or removed; bad fields are named; ids stay unique', () => {
  const draft = draftOf({
    webhooks: [{ id: 'crm', enabled: true, url: 'https://crm.example.com/h', events: ['incoming'], timeoutMs: 5000, maxAttempts: 5, hasSecret: true }],
    screenPops: [{ id: 'pop', enabled: true, urlTemplate: 'https://crm.example.com/?n={number}', events: ['incoming'] }],
    commands: [{ id: 'cmd', enabled: false, program: '/bin/echo', args: ['{number}', '{name}'], events: ['missed'], timeoutMs: 10000 }],
  });
  assert.equal(draft.commands[0]?.args, '{number}\n{name}');
  const keep = toConfig(draft);
  assert.ok(keep.ok);
  assert.equal(keep.ok && 'secret' in (keep.config.webhooks[0] ?? {}), false, 'no secret field: the core keeps the stored one');
  assert.deepEqual(keep.ok && keep.config.commands[0]?.args, ['{number}', '{name}']);
  const replaced = toConfig({ ...draft, webhooks: [{ ...draft.webhooks[0]!, newSecret: 'a-brand-new-secret-value' }] });
  assert.equal(replaced.ok && replaced.config.webhooks[0]?.secret, 'a-brand-new-secret-value');
  const removed = toConfig({ ...draft, webhooks: [{ ...draft.webhooks[0]!, removeSecret: true }] });
  assert.equal(removed.ok && removed.config.webhooks[0]?.secret, null);

  const bad = toConfig({
    webhooks: [{ ...draft.webhooks[0]!, url: 'ftp://x', newSecret: 'short', events: [] }],
    screenPops: [{ ...draft.screenPops[0]!, urlTemplate: 'https://x/?q={phone}' }],
    commands: [{ ...draft.commands[0]!, program: 'C:\\tools\\hook.bat' }],
  });
  assert.equal(bad.ok, false);
  const errors = bad.ok ? {} : bad.errors;
  assert.match(errors['webhooks.0.url'] ?? '', /http:\/\/ or https:\/\//);
  assert.match(errors['webhooks.0.secret'] ?? '', /at least 16/);
  assert.match(errors['webhooks.0.events'] ?? '', /at least one/);
  assert.match(errors['screenPops.0.urlTemplate'] ?? '', /placeholders are/);
  assert.match(errors['commands.0.program'] ?? '', /batch files/);
  assert.equal(newHookId(draft, 'webhook'), 'webhook-1');
  assert.equal(newHookId({ ...draft, webhooks: [{ ...draft.webhooks[0]!, id: 'webhook-1' }] }, 'webhook'), 'webhook-2');
});

test('the doctor fold shows checks as they run and finish, then the report; a new run replaces the old one', () => {
  const dns: DiagnosticCheck = { id: 'dns', title: 'DNS', status: 'pass', detail: 'ok', durationMs: 3 };
  let run = foldDiagnostics(undefined, { event: 'diagnostics.progressed', data: { runId: 'r1', accountId: 'a', checkId: 'dns', state: 'running', index: 0, total: 7 } });
  assert.deepEqual(run.rows, [{ id: 'dns', state: 'running' }]);
  run = foldDiagnostics(run, { event: 'diagnostics.progressed', data: { runId: 'r1', accountId: 'a', checkId: 'dns', state: 'done', index: 0, total: 7, check: dns } });
  run = foldDiagnostics(run, { event: 'diagnostics.progressed', data: { runId: 'r1', accountId: 'a', checkId: 'udp', state: 'running', index: 1, total: 7 } });
  assert.deepEqual(run.rows.map((r) => [r.id, r.state]), [['dns', 'done'], ['udp', 'running']]);
  assert.equal(run.report, undefined);
  const report = { runId: 'r1', accountId: 'a', startedAt: 1, finishedAt: 2, checks: [dns], verdict: { status: 'ok' as const, summary: 'fine', nextSteps: [] } };
  run = foldDiagnostics(run, { event: 'diagnostics.completed', data: report });
  assert.equal(run.report, report);
  assert.deepEqual(run.rows.map((r) => r.id), ['dns']);
  const next = foldDiagnostics(run, { event: 'diagnostics.progressed', data: { runId: 'r2', accountId: 'a', checkId: 'dns', state: 'running', index: 0, total: 7 } });
  assert.equal(next.report, undefined);
  assert.equal(next.runId, 'r2');
  // Through the reducer, beside the snapshot.
  const loaded = reduce(initialState, { type: 'snapshot', snapshot: { seq: 1, app: { name: 'D', version: '1', mode: 'browser' }, accounts: [], calls: [] } });
  const after = reduce(loaded, { type: 'event', event: { event: 'diagnostics.progressed', seq: 2, data: { runId: 'r1', accountId: 'a', checkId: 'dns', state: 'running', index: 0, total: 7 } } });
  assert.equal(after.diagnostics?.rows.length, 1);
  assert.equal(after.snapshot?.seq, 2);
});

test('hook failures are kept newest first, at most five', () => {
  let state = reduce(initialState, { type: 'snapshot', snapshot: { seq: 1, app: { name: 'D', version: '1', mode: 'browser' }, accounts: [], calls: [] } });
  for (let i = 0; i < 7; i += 1) {
    state = reduce(state, { type: 'event', event: { event: 'hooks.failed', seq: 2 + i, data: { hookId: `h${i}`, kind: 'webhook', event: 'incoming', callId: 'c', reason: { code: 'HOOK_FAILED', message: 'no' } } } });
  }
  assert.deepEqual(state.hookFailures.map((f) => f.hookId), ['h6', 'h5', 'h4', 'h3', 'h2']);
});
