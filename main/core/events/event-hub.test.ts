import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AppEvent } from '../../common/ipc/contract';
import { recordingLogger } from '../../../test/support/fakes';
import { createEventHub } from './event-hub';

test('seq grows by one across event kinds and every subscriber gets every event', () => {
  const hub = createEventHub(recordingLogger());
  const a: AppEvent[] = [];
  const b: AppEvent[] = [];
  hub.subscribe((e) => a.push(e));
  const off = hub.subscribe((e) => b.push(e));
  hub.emit('accounts.changed', { accounts: [] });
  off();
  hub.emit('registration.changed', { accountId: 'x', state: 'registering' });
  assert.deepEqual(a.map((e) => e.seq), [1, 2]);
  assert.deepEqual(b.map((e) => e.seq), [1]);
  assert.equal(hub.lastSeq, 2);
});

test('a throwing listener is logged and does not starve the others', () => {
  const logger = recordingLogger();
  const hub = createEventHub(logger);
  const got: number[] = [];
  hub.subscribe(() => {
    throw new Error('bad listener');
  });
  hub.subscribe((e) => got.push(e.seq));
  hub.emit('accounts.changed', { accounts: [] });
  assert.deepEqual(got, [1]);
  assert.equal(logger.lines.filter((l) => l.level === 'error').length, 1);
});
