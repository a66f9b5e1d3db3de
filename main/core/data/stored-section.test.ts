import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CallSettingsSchema, DEFAULT_CALL_SETTINGS } from '../../common/models/call-settings';
import { ok } from '../../common/result';
import type { StoragePort } from '../ports/storage';
import { recordingLogger } from '../../../test/support/fakes';
import { createStoredSection } from './stored-section';

/** A storage whose documents table holds `stored` under every name. */
function storageHolding(stored: unknown): StoragePort {
  return { documents: { read: async () => ok(stored), write: async () => ok(undefined) } } as unknown as StoragePort;
}

test('a document written before a setting existed loads with that setting at its default, keeping the stored ones', async () => {
  const { autoAnswer: _a, autoAnswerAfterSeconds: _b, ...older } = { ...DEFAULT_CALL_SETTINGS, maxCalls: 7, dnd: true };
  const logger = recordingLogger();
  const section = createStoredSection({ storage: storageHolding(older), logger, name: 'settings.calls', schema: CallSettingsSchema, defaults: DEFAULT_CALL_SETTINGS });
  const loaded = await section.load();
  assert.equal(loaded.maxCalls, 7);
  assert.equal(loaded.dnd, true);
  assert.equal(loaded.autoAnswer, false);
  assert.equal(loaded.autoAnswerAfterSeconds, 0);
  assert.deepEqual(logger.lines.filter((l) => l.level === 'warn'), []);
});

test('an invalid stored value (or an unknown key) falls back to all defaults with a warning naming the document', async () => {
  for (const stored of [{ ...DEFAULT_CALL_SETTINGS, maxCalls: 99 }, { ...DEFAULT_CALL_SETTINGS, surprise: 1 }, 'not an object']) {
    const logger = recordingLogger();
    const section = createStoredSection({ storage: storageHolding(stored), logger, name: 'settings.calls', schema: CallSettingsSchema, defaults: DEFAULT_CALL_SETTINGS });
    assert.deepEqual(await section.load(), DEFAULT_CALL_SETTINGS);
    assert.ok(logger.lines.some((l) => l.level === 'warn' && l.message.includes('settings.calls')), JSON.stringify(stored));
  }
});
