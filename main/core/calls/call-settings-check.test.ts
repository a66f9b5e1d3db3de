import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fakeClock, recordingLogger } from '../../../test/support/fakes';
import { createEventHub } from '../events/event-hub';
import type { MediaEngine } from '../media/engine';
import { CallManager } from './call-manager';

function manager(): CallManager {
  const logger = recordingLogger();
  return new CallManager({ hub: createEventHub(logger), clock: fakeClock(), logger, engine: {} as unknown as MediaEngine, autoAnswer: false });
}

test('calls.configure checks the forwarding target like a dialled number, and keeps the old settings when it is refused', () => {
  const m = manager();
  const before = m.settings();
  const bad = m.configure({ forward: 'always', forwardTo: 'call me maybe!' });
  assert.ok(!bad.ok && bad.error.code === 'INVALID_ARGS' && /cannot be forwarded to that/.test(bad.error.message), JSON.stringify(bad));
  const impossible = m.configure({ forward: 'busy', forwardTo: '+1 23' });
  assert.ok(!impossible.ok && /not a possible international number/.test(impossible.error.message), JSON.stringify(impossible));
  assert.deepEqual(m.settings(), before, 'a refused change changes nothing');
  for (const target of ['+44 20 7946 0958', '0301234567', 'sip:voicemail@pbx.example.com', 'reception', '*72']) {
    const good = m.configure({ forward: 'always', forwardTo: target });
    assert.ok(good.ok && good.data.forwardTo === target, `${target}: ${JSON.stringify(good)}`);
  }
});
