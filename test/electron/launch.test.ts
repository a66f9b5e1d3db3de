/**
 * Electron launch tests with Playwright's `_electron`. They run wherever the
 * Electron binary exists and skip, saying why, where it does not (this
 * workplace cannot download it). The binary is located without
 * `require('electron')`, which would try to download it.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { _electron as electron } from 'playwright-core';
import { findElectronBinary } from '../../main/electron/cli/electron-binary';
import { repoRoot } from '../support/headless';

const binary = findElectronBinary(repoRoot, process.env);
const skip = binary.found ? false : `no Electron binary: ${binary.reason}`;

test('the app window opens sandboxed and shows the shell', { skip }, async () => {
  assert.ok(binary.found);
  const env = { ...process.env } as Record<string, string>;
  delete env['ELECTRON_RUN_AS_NODE'];
  const app = await electron.launch({ executablePath: binary.path, args: [`${repoRoot}app`], env, timeout: 30000 });
  try {
    const window = await app.firstWindow();
    await window.getByRole('status', { name: 'Account status' }).getByText('No account').waitFor({ timeout: 15000 });
    assert.equal(await window.evaluate(() => typeof (globalThis as { require?: unknown }).require), 'undefined', 'Node leaked into the renderer');
    assert.deepEqual(await window.evaluate(() => Object.keys((globalThis as { dialtone?: object }).dialtone ?? {}).sort()), ['invoke', 'onEvent']);
    assert.match(window.url(), /^app:\/\/dialtone\//);
  } finally {
    await app.close();
  }
});

test('the binary lookup explains itself when the binary is missing', () => {
  const missing = findElectronBinary('/nonexistent', {});
  assert.equal(missing.found, false);
  assert.match(!missing.found ? missing.reason : '', /not installed/);
});
