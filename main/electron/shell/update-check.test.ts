import assert from 'node:assert/strict';
import { test } from 'node:test';
import { recordingLogger } from '../../../test/support/fakes';
import { checkForUpdates } from './update-check';

test('the update check runs only when packaged, and every failure is logged, not thrown', async () => {
  const logger = recordingLogger();
  let checks = 0;
  const updater = { checkForUpdatesAndNotify: async () => void checks++ };
  assert.equal(await checkForUpdates(() => updater, false, logger), 'skipped');
  assert.equal(await checkForUpdates(() => updater, true, logger), 'checked');
  assert.equal(checks, 1);
  assert.equal(await checkForUpdates(() => { throw new Error("Cannot find module 'electron-updater'"); }, true, logger), 'unavailable');
  assert.equal(await checkForUpdates(() => ({ checkForUpdatesAndNotify: async () => { throw new Error('404 latest.yml'); } }), true, logger), 'failed');
});
