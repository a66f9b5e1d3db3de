/**
 * Electron E2E tests of the desktop shell with Playwright's `_electron`: a
 * call link handed over by a second instance reaches the confirm prompt and
 * the core, and global hotkeys are registered and rebound through the
 * contract. They skip, saying why, where no Electron binary exists.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { _electron as electron, type ElectronApplication } from 'playwright-core';
import { findElectronBinary } from '../../main/electron/cli/electron-binary';
import { repoRoot } from '../support/headless';

const binary = findElectronBinary(repoRoot, process.env);
const skip = binary.found ? false : `no Electron binary: ${binary.reason}`;
const appDir = join(repoRoot, 'app');

async function launch(home: string): Promise<{ app: ElectronApplication; stderr: () => string; env: Record<string, string> }> {
  assert.ok(binary.found);
  const env = { ...process.env, HOME: home, XDG_CONFIG_HOME: join(home, '.config'), DIALTONE_SECRETS: 'session' } as Record<string, string>;
  delete env['ELECTRON_RUN_AS_NODE'];
  const app = await electron.launch({ executablePath: binary.path, args: [appDir], env, timeout: 30000 });
  let stderr = '';
  app.process().stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  await app.firstWindow();
  return { app, stderr: () => stderr, env };
}

async function until(what: string, check: () => boolean | Promise<boolean>, ms = 15000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`timed out waiting for ${what}`);
}

test('a tel: link from a second instance is confirmed, then dialled through the core', { skip, timeout: 60000 }, async () => {
  const home = mkdtempSync(join(tmpdir(), 'dialtone-e2e-'));
  const { app, stderr, env } = await launch(home);
  try {
    // Stand in for the user at the native prompt: record it and press "Call".
    await app.evaluate(({ dialog }) => {
      const g = globalThis as { prompts?: string[] };
      g.prompts = [];
      dialog.showMessageBox = (async (...args: unknown[]) => {
        g.prompts?.push(String((args.at(-1) as { message?: string }).message));
        return { response: 0, checkboxChecked: false };
      }) as typeof dialog.showMessageBox;
    });
    assert.ok(binary.found);
    const second = spawn(binary.path, [appDir, 'tel:+1-555-123-4567'], { env, stdio: 'ignore' });
    const code = await new Promise<number | null>((r) => second.on('exit', r));
    assert.equal(code, 0, 'the second instance hands over and quits');
    await until('the prompt', async () => (await app.evaluate(() => (globalThis as { prompts?: string[] }).prompts?.length ?? 0)) > 0);
    assert.deepEqual(await app.evaluate(() => (globalThis as { prompts?: string[] }).prompts), ['Call +15551234567?']);
    // No account is registered, so the core refuses and says why.
    await until('the core\'s answer in the log', () => /No registered account/.test(stderr()));
  } finally {
    await app.close();
    rmSync(home, { recursive: true, force: true });
  }
});

test('global hotkeys are registered at start and rebound through hotkeys.set', { skip, timeout: 60000 }, async () => {
  const home = mkdtempSync(join(tmpdir(), 'dialtone-e2e-'));
  const { app } = await launch(home);
  try {
    const window = await app.firstWindow();
    assert.equal(await app.evaluate(({ globalShortcut }) => globalShortcut.isRegistered('CommandOrControl+Alt+Shift+S')), true);
    const r = await window.evaluate(() =>
      (globalThis as unknown as { dialtone: { invoke(c: string, a: unknown): Promise<{ ok: boolean }> } }).dialtone.invoke('hotkeys.set', { action: 'toggleWindow', accelerator: 'Control+Alt+F7' }),
    );
    assert.equal(r.ok, true, JSON.stringify(r));
    assert.equal(await app.evaluate(({ globalShortcut }) => globalShortcut.isRegistered('Control+Alt+F7')), true);
    assert.equal(await app.evaluate(({ globalShortcut }) => globalShortcut.isRegistered('CommandOrControl+Alt+Shift+S')), false);
  } finally {
    await app.close();
    rmSync(home, { recursive: true, force: true });
  }
});
