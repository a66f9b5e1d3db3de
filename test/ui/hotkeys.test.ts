/**
 * The hotkey recorder in Chromium, against the real core and the real
 * desktop-shell wiring, with a small fake of Electron's `globalShortcut` (the
 * one Electron API there is no binary for here): record a new shortcut, see a
 * conflict with another action and a shortcut the OS refuses reported with
 * the old one kept, then reload and find the new binding. The UI is served in
 * browser mode; only the shell's Electron objects are fakes.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { bootstrap, type Runtime } from '../../main/electron/bootstrap';
import { startBrowserBridge, type BrowserBridge } from '../../main/electron/bridges/browser-bridge';
import type { DesktopApis } from '../../main/electron/desktop-bootstrap';
import { launchChromium } from '../support/chromium';
import { fakeSecrets, recordingLogger } from '../support/fakes';
import { repoRoot } from '../support/headless';
import { auditPage } from './a11y-audit';

const rendererDir = join(repoRoot, 'app', 'dist', 'renderer');
mkdirSync(join(repoRoot, 'test-results', 'ui'), { recursive: true });
const home = mkdtempSync(join(tmpdir(), 'dialtone-ui-hotkeys-'));
/** What the fake OS holds: accelerator → callback. `CommandOrControl+Alt+F9` belongs to "another application". */
const shortcuts = new Map<string, () => void>();
const TAKEN = 'CommandOrControl+Alt+F9';

const desktop: DesktopApis = {
  platform: 'linux',
  env: {},
  home,
  packaged: false,
  defaultApp: false,
  execPath: '/usr/bin/dialtone',
  appPath: '/usr/lib/dialtone',
  app: { quit: () => undefined, getLoginItemSettings: () => ({ openAtLogin: false }), setLoginItemSettings: () => undefined, setAsDefaultProtocolClient: () => true },
  globalShortcut: {
    register: (a, cb) => (a === TAKEN ? false : (shortcuts.set(a, cb), true)),
    unregister: (a) => void shortcuts.delete(a),
  },
  clipboard: { readText: async () => '' },
  notifications: { isSupported: () => false, supportsActions: false, create: () => ({ show: () => undefined, close: () => undefined, onClick: () => undefined, onAction: () => undefined }) },
  window: { show: () => undefined, hide: () => undefined, toggle: () => undefined },
  confirmDial: async () => 'cancel',
  openExternal: async () => undefined,
  run: async () => undefined,
  microphone: async () => undefined,
  loadUpdater: () => {
    throw new Error('no updater in tests');
  },
};

let runtime: Runtime;
let bridge: BrowserBridge;
let browser: Awaited<ReturnType<typeof launchChromium>>;
let page: Page;

before(async () => {
  assert.ok(existsSync(join(rendererDir, 'index.html')), 'the renderer is not built: run `npm run build`');
  runtime = bootstrap({
    app: { name: 'Dialtone', version: '0.0.0-test', mode: 'browser' },
    env: {},
    dataDir: join(home, 'data'),
    onQuitRequested: () => undefined,
    desktop,
    overrides: { logger: recordingLogger(), secrets: fakeSecrets() },
  });
  await runtime.ready;
  bridge = await startBrowserBridge({ router: runtime.router, core: runtime.core, logger: runtime.logger, staticDir: rendererDir });
  browser = await launchChromium();
  page = await browser.context.newPage();
  await page.setViewportSize({ width: 400, height: 760 });
  await page.goto(bridge.url);
  await page.getByRole('status', { name: 'Account status' }).waitFor({ timeout: 15000 });
});

after(async () => {
  await browser?.close();
  await bridge?.close();
  await runtime?.shutdown();
  rmSync(home, { recursive: true, force: true });
});

async function openHotkeys(): Promise<void> {
  await page.getByRole('tab', { name: 'Settings', exact: true }).click();
  await page.getByRole('tablist', { name: 'Settings sections' }).getByRole('tab', { name: 'Hotkeys' }).click();
}

test('the recorder sets a new shortcut; a conflict and an OS refusal are reported and the old one kept; the change survives a reload', async () => {
  await openHotkeys();
  const answer = page.getByLabel('Answer shortcut', { exact: true });
  assert.equal(await answer.textContent(), 'Ctrl+Alt+Shift+A');
  assert.equal(await page.getByText(/Global hotkeys are unavailable/).count(), 0, 'the desktop shell is there');

  // A new shortcut.
  await page.getByRole('button', { name: 'Change Answer shortcut' }).click();
  const recorder = page.getByRole('button', { name: /Press the new shortcut for Answer/ });
  await recorder.waitFor({ timeout: 2000 });
  assert.equal(await recorder.evaluate((el) => el === document.activeElement), true, 'the recorder has the focus');
  await page.keyboard.press('Control+Alt+F8');
  await page.getByRole('status').getByText('Answer: Ctrl+Alt+F8.').waitFor({ timeout: 5000 });
  assert.equal(await answer.textContent(), 'Ctrl+Alt+F8');
  assert.ok(shortcuts.has('CommandOrControl+Alt+F8'), 'registered with the OS');
  assert.ok(!shortcuts.has('CommandOrControl+Alt+Shift+A'), 'the old one released');

  // The hang-up shortcut cannot take the answer shortcut: reported before anything is sent.
  await page.getByRole('button', { name: 'Change Hang up shortcut' }).click();
  await page.keyboard.press('Control+Alt+F8');
  await page.getByText('Ctrl+Alt+F8 is already the shortcut for "Answer". The old shortcut is kept.').waitFor({ timeout: 5000 });
  assert.equal(await page.getByLabel('Hang up shortcut', { exact: true }).textContent(), 'Ctrl+Alt+Shift+H');

  // One the OS refuses (another application holds it): the reason, and the old binding still registered.
  await page.getByRole('button', { name: 'Change Hang up shortcut' }).click();
  await page.keyboard.press('Control+Alt+F9');
  await page.getByText(/is already used by another application/).waitFor({ timeout: 5000 });
  // Light and dark at 360×640, audited (names, contrast), with the refusal on screen.
  await page.setViewportSize({ width: 360, height: 640 });
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    await page.getByText(/is already used by another application/).scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(repoRoot, 'test-results', 'ui', `settings-hotkeys-desktop-${colorScheme}.png`) });
    assert.deepEqual(await auditPage(page), [], `accessibility problems (${colorScheme})`);
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 400, height: 760 });
  assert.equal(await page.getByLabel('Hang up shortcut', { exact: true }).textContent(), 'Ctrl+Alt+Shift+H');
  assert.ok(shortcuts.has('CommandOrControl+Alt+Shift+H'), 'the old binding is registered again');

  // Escape cancels; a bare letter is refused with the reason.
  await page.getByRole('button', { name: 'Change Hang up shortcut' }).click();
  await page.keyboard.press('Escape');
  await page.getByRole('status').getByText('Unchanged.').waitFor({ timeout: 2000 });
  await page.getByRole('button', { name: 'Change Hang up shortcut' }).click();
  await page.keyboard.press('m');
  await page.getByText(/would take M away from every other application/).waitFor({ timeout: 2000 });

  await page.reload();
  await page.getByRole('status', { name: 'Account status' }).waitFor({ timeout: 15000 });
  await openHotkeys();
  assert.equal(await page.getByLabel('Answer shortcut', { exact: true }).textContent(), 'Ctrl+Alt+F8');
  assert.equal(await page.getByLabel('Hang up shortcut', { exact: true }).textContent(), 'Ctrl+Alt+Shift+H');
});
