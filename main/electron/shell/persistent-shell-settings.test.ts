/** The stored shell settings over a real (in-memory) SQLite store. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSqliteStorage } from '../../../native/storage/sqlite-storage';
import { recordingLogger } from '../../../test/support/fakes';
import { createPersistentShellSettings } from './persistent-shell-settings';
import { createMemoryShellSettings } from './shell-settings';

test('nothing stored keeps the starting values; a change is stored and read back by the next store', async () => {
  const storage = createSqliteStorage({ path: ':memory:' });
  try {
    const logger = recordingLogger();
    const first = createPersistentShellSettings({ memory: createMemoryShellSettings({ startMinimized: true }), storage, logger });
    await first.restore();
    assert.equal(first.get().startMinimized, true, 'the starting value stays when nothing is stored');
    first.update({ confirmBeforeDial: false, hotkeys: { ...first.get().hotkeys, answer: 'Control+Alt+F8' } });
    assert.deepEqual(await first.flush(), { ok: true, data: undefined });
    let restored: unknown;
    const second = createPersistentShellSettings({ memory: createMemoryShellSettings(), storage, logger, onRestored: (s) => (restored = s) });
    await second.restore();
    assert.equal(second.get().confirmBeforeDial, false);
    assert.equal(second.get().startMinimized, true);
    assert.equal(second.get().hotkeys.answer, 'Control+Alt+F8');
    assert.deepEqual(restored, second.get());
    assert.deepEqual(logger.lines.filter((l) => l.level !== 'info' && l.level !== 'debug'), []);
  } finally {
    await storage.close();
  }
});

test('an invalid stored document falls back with a warning, and the next change replaces it', async () => {
  const storage = createSqliteStorage({ path: ':memory:' });
  try {
    assert.ok((await storage.documents.write('settings.shell', { confirmBeforeDial: 'no', hotkeys: { launchRockets: 'Ctrl+R' } })).ok);
    const logger = recordingLogger();
    const store = createPersistentShellSettings({ memory: createMemoryShellSettings(), storage, logger });
    await store.restore();
    assert.equal(store.get().confirmBeforeDial, true);
    assert.ok(logger.lines.some((l) => l.level === 'warn' && l.message.includes('settings.shell')));
    store.update({ startMinimized: true });
    assert.ok((await store.flush()).ok);
    const read = await storage.documents.read('settings.shell');
    assert.equal(read.ok && (read.data as { startMinimized: boolean }).startMinimized, true);
  } finally {
    await storage.close();
  }
});
