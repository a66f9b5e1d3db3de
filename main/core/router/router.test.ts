import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Snapshot } from '../../common/ipc/contract';
import { ok } from '../../common/result';
import { fakePorts, recordingLogger } from '../../../test/support/fakes';
import { createSoftphoneCore } from '../softphone-core';
import { createCommandHandlers } from './handlers';
import { createRouter, type CommandHandlers } from './router';

const snapshot: Snapshot = { seq: 0, app: { name: 'Dialtone', version: '0.0.0', mode: 'headless' }, accounts: [], calls: [] };

function handlers(overrides: Partial<CommandHandlers> = {}): CommandHandlers {
  const core = createSoftphoneCore(fakePorts(), { app: snapshot.app, env: {} });
  return { ...createCommandHandlers(core, { requestQuit: () => undefined }), snapshot: () => ok(snapshot), quit: () => ok({}), ...overrides };
}

test('dispatches a known command and returns its Result', async () => {
  const router = createRouter(handlers(), recordingLogger());
  assert.deepEqual(await router.dispatch('snapshot', {}), { ok: true, data: snapshot });
  assert.deepEqual(await router.dispatch('snapshot', undefined), { ok: true, data: snapshot });
});

test('unknown names, prototype keys and non-strings are UNKNOWN_COMMAND', async () => {
  const router = createRouter(handlers(), recordingLogger());
  for (const cmd of ['nope', '__proto__', 'constructor', 'toString', 42, null]) {
    const r = await router.dispatch(cmd, {});
    assert.equal(r.ok, false);
    assert.equal(!r.ok && r.error.code, 'UNKNOWN_COMMAND', String(cmd));
  }
});

test('arguments are validated before the handler runs', async () => {
  let ran = false;
  const router = createRouter(handlers({ quit: () => ((ran = true), ok({})) }), recordingLogger());
  const r = await router.dispatch('quit', { now: true });
  assert.equal(ran, false);
  assert.equal(!r.ok && r.error.code, 'INVALID_ARGS');
  assert.match(!r.ok ? r.error.message : '', /quit: unknown field now/);
  assert.equal(!(await router.dispatch('quit', 'x')).ok, true);
});

test('a throwing handler becomes INTERNAL and is logged, never thrown', async () => {
  const logger = recordingLogger();
  const router = createRouter(handlers({ snapshot: () => { throw new Error('boom'); } }), logger);
  const r = await router.dispatch('snapshot', {});
  assert.equal(!r.ok && r.error.code, 'INTERNAL');
  assert.ok(logger.lines.some((l) => l.level === 'error' && l.fields?.['error'] === 'boom'));
});

test('checkResults catches handler data that drifts from the contract', async () => {
  const bad = { ...snapshot, seq: -1 };
  const router = createRouter(handlers({ snapshot: () => ok(bad) }), recordingLogger(), { checkResults: true });
  const r = await router.dispatch('snapshot', {});
  assert.equal(!r.ok && r.error.code, 'INTERNAL');
});
