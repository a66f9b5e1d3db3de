/**
 * The settings views in Chromium against the real core in browser mode, with
 * its SQLite file in a temp folder and Kamailio from test/lab for the
 * connection doctor. Each view: change values, reload the page, see them
 * back; at the end the runtime restarts on the same folder and the values are
 * still there. The doctor's checks appear while it runs, then the verdict.
 * Screenshots (light and dark, 360×640, audited) land in test-results/ui/.
 */
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { bootstrap, type Runtime } from '../../main/electron/bootstrap';
import { startBrowserBridge, type BrowserBridge } from '../../main/electron/bridges/browser-bridge';
import type { SecretStorePort } from '../../main/core/ports/secrets';
import { startKamailio, type KamailioHandle } from '../lab/kamailio';
import { launchChromium } from '../support/chromium';
import { labAccount } from '../support/core-driver';
import { fakeSecrets, recordingLogger } from '../support/fakes';
import { repoRoot } from '../support/headless';
import { auditPage } from './a11y-audit';

const shots = join(repoRoot, 'test-results', 'ui');
mkdirSync(shots, { recursive: true });
const rendererDir = join(repoRoot, 'app', 'dist', 'renderer');
const dataDir = mkdtempSync(join(tmpdir(), 'dialtone-ui-settings-'));
const secrets: SecretStorePort = fakeSecrets();
const SECRET = 'ui-webhook-secret-0123456789';

let kam: KamailioHandle;
let runtime: Runtime;
let bridge: BrowserBridge;
let browser: Awaited<ReturnType<typeof launchChromium>>;
let page: Page;
const received: Array<{ headers: IncomingMessage['headers']; body: string }> = [];
const receiver = createServer((req, res) => {
  let body = '';
  req.setEncoding('utf8').on('data', (c: string) => (body += c));
  req.on('end', () => {
    received.push({ headers: req.headers, body });
    res.writeHead(204).end();
  });
});

async function startApp(): Promise<void> {
  runtime = bootstrap({
    app: { name: 'Dialtone', version: '0.0.0-test', mode: 'browser' },
    env: {},
    dataDir,
    onQuitRequested: () => undefined,
    overrides: { logger: recordingLogger(), secrets },
  });
  await runtime.ready;
  bridge = await startBrowserBridge({ router: runtime.router, core: runtime.core, logger: runtime.logger, staticDir: rendererDir });
}

async function stopApp(): Promise<void> {
  await bridge.close();
  await runtime.shutdown();
}

/** Opens Settings › `section` (after a reload the app starts on Phone). */
async function openSection(section: string): Promise<void> {
  await page.getByRole('tab', { name: 'Settings', exact: true }).click();
  await page.getByRole('tablist', { name: 'Settings sections' }).getByRole('tab', { name: section }).click();
}

async function reload(): Promise<void> {
  await page.reload();
  await page.getByRole('status', { name: 'Account status' }).waitFor({ timeout: 15000 });
}

/** `name-light.png` and `name-dark.png` at 360×640, each audited (names, contrast). */
async function shot(name: string): Promise<void> {
  await page.setViewportSize({ width: 360, height: 640 });
  const problems: string[] = [];
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    await page.screenshot({ path: join(shots, `${name}-${colorScheme}.png`), fullPage: true });
    problems.push(...(await auditPage(page)).map((p) => `${colorScheme}: ${p}`));
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 400, height: 760 });
  assert.deepEqual(problems, [], `accessibility problems in "${name}"`);
}

before(async () => {
  assert.ok(existsSync(join(rendererDir, 'index.html')), 'the renderer is not built: run `npm run build`');
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', () => resolve()));
  kam = await startKamailio({ users: [{ username: 'alice', password: 'alice123' }], udpPort: 'random', tlsPort: 'random' });
  await startApp();
  const saved = await runtime.core.saveAccount(labAccount({ user: 'alice', port: kam.udpPort, transport: 'udp' }), 'alice123');
  assert.ok(saved.ok);
  browser = await launchChromium();
  page = await browser.context.newPage();
  await page.setViewportSize({ width: 400, height: 760 });
  await page.goto(bridge.url);
  await page.getByRole('status', { name: 'Account status' }).getByText('Registered').waitFor({ timeout: 15000 });
});

after(async () => {
  await browser?.close();
  await bridge?.close();
  await runtime?.shutdown();
  await kam?.stop();
  receiver.closeAllConnections();
  receiver.close();
  rmSync(dataDir, { recursive: true, force: true });
});

test('call handling: bad values are marked, good ones are saved and survive a reload', async () => {
  await openSection('Call handling');
  const form = page.getByRole('form', { name: 'Call handling' });
  await form.getByRole('spinbutton', { name: 'Most calls at once' }).fill('2');
  await form.getByRole('checkbox', { name: /Do not disturb/ }).check();
  await form.getByRole('combobox', { name: 'While on do not disturb, callers hear' }).selectOption('480');
  await form.getByRole('combobox', { name: 'Declining a call answers' }).selectOption('decline');
  await form.getByRole('combobox', { name: 'Forward calls' }).selectOption('noAnswer');
  // Forwarding without a target is marked before anything is sent.
  await form.getByRole('button', { name: 'Save call handling' }).click();
  const target = form.getByRole('textbox', { name: 'Forward to' });
  await form.getByText('Enter the number or SIP address calls go to.').waitFor({ timeout: 5000 });
  assert.equal(await target.getAttribute('aria-invalid'), 'true');
  assert.equal(runtime.core.callSettings().dnd, false, 'nothing was sent');
  await target.fill('sip:voicemail@127.0.0.1');
  await form.getByRole('spinbutton', { name: /Forward after/ }).fill('12');
  await form.getByRole('checkbox', { name: /Answer automatically/ }).check();
  await form.getByRole('checkbox', { name: /Answer every call automatically/ }).check();
  await form.getByRole('spinbutton', { name: /Answer after/ }).fill('3');
  await form.getByRole('spinbutton', { name: /Hang up when no audio/ }).fill('45');
  await form.getByRole('button', { name: 'Save call handling' }).click();
  await form.getByRole('status').getByText('Saved.').waitFor({ timeout: 5000 });
  assert.deepEqual(runtime.core.callSettings(), { maxCalls: 2, dnd: true, dndStatus: 480, rejectWith: 'decline', forward: 'noAnswer', forwardTo: 'sip:voicemail@127.0.0.1', forwardAfterSeconds: 12, autoAnswerOnRequest: true, autoAnswer: true, autoAnswerAfterSeconds: 3, rtpTimeoutSeconds: 45 });

  await reload();
  await openSection('Call handling');
  const again = page.getByRole('form', { name: 'Call handling' });
  assert.equal(await again.getByRole('spinbutton', { name: 'Most calls at once' }).inputValue(), '2');
  assert.equal(await again.getByRole('checkbox', { name: /Do not disturb/ }).isChecked(), true);
  assert.equal(await again.getByRole('combobox', { name: 'Forward calls' }).inputValue(), 'noAnswer');
  assert.equal(await again.getByRole('textbox', { name: 'Forward to' }).inputValue(), 'sip:voicemail@127.0.0.1');
  assert.equal(await again.getByRole('spinbutton', { name: /Hang up when no audio/ }).inputValue(), '45');
  assert.equal(await again.getByRole('spinbutton', { name: /Answer after/ }).inputValue(), '3');
  await shot('settings-calls');
});

test('hotkeys: browser mode says global hotkeys are unavailable and shows the bindings', async () => {
  await openSection('Hotkeys');
  await page.getByText(/Global hotkeys are unavailable here/).waitFor({ timeout: 5000 });
  const list = page.getByRole('list', { name: 'Shortcuts' });
  assert.equal(await list.getByRole('listitem').count(), 6);
  assert.equal(await page.getByLabel('Answer shortcut', { exact: true }).textContent(), 'Ctrl+Alt+Shift+A');
  assert.equal(await page.getByRole('button', { name: 'Change Answer shortcut' }).isDisabled(), true);
  await shot('settings-hotkeys');
});

test('links and startup: switches apply at once, survive a reload; start at login is refused here', async () => {
  await openSection('Links');
  const confirm = page.getByRole('checkbox', { name: /Ask before dialling a link/ });
  assert.equal(await confirm.isChecked(), true, 'on by default');
  // The switches show what the core answered, so they change when the reply arrives: click, then wait.
  await confirm.click();
  await page.getByRole('status').getByText('Saved.').waitFor({ timeout: 5000 });
  await eventually(() => confirm.isChecked(), (v) => !v, 5000, 'confirm unchecked');
  await page.getByRole('checkbox', { name: 'Start minimized to the tray' }).click();
  assert.equal(await page.getByRole('checkbox', { name: /Start Dialtone when I log in/ }).isDisabled(), true);
  await page.getByText('Available in the installed desktop app only.').waitFor({ timeout: 2000 });
  await eventually(() => Promise.resolve(runtime.shellSettings.get().startMinimized), (v) => v, 5000, 'startMinimized');
  await shot('settings-links');
  await reload();
  await openSection('Links');
  assert.equal(await page.getByRole('checkbox', { name: /Ask before dialling a link/ }).isChecked(), false);
  assert.equal(await page.getByRole('checkbox', { name: 'Start minimized to the tray' }).isChecked(), true);
});

test('integrations: a webhook with a secret is saved, tested (signed) and kept; a short secret is refused', async () => {
  const port = (receiver.address() as { port: number }).port;
  await openSection('Integrations');
  const hooks = page.getByRole('form', { name: 'Call hooks' });
  await hooks.getByRole('button', { name: 'Add webhook' }).click();
  const hook = hooks.getByRole('listitem', { name: 'Webhook webhook-1' });
  await hook.getByRole('textbox', { name: 'Webhook URL' }).fill(`http://127.0.0.1:${port}/hook`);
  await hook.getByLabel('Signing secret').fill('short');
  await hooks.getByRole('button', { name: 'Save hooks' }).click();
  await hook.getByText('use a secret of at least 16 characters').waitFor({ timeout: 5000 });
  assert.equal(runtime.core.hooks().webhooks.length, 0, 'nothing saved');
  await hook.getByLabel('Signing secret').fill(SECRET);
  await hooks.getByRole('button', { name: 'Add screen-pop' }).click();
  await hooks.getByRole('listitem', { name: 'Screen-pop screen-pop-1' }).getByRole('textbox', { name: 'Screen-pop URL template' }).fill('https://crm.example.com/search?phone={number}');
  await hooks.getByRole('button', { name: 'Add command' }).click();
  await hooks.getByRole('listitem', { name: 'Command command-1' }).getByRole('textbox', { name: 'Program' }).fill('/bin/true');
  await hooks.getByRole('button', { name: 'Save hooks' }).click();
  await hooks.getByText('Hooks saved.').waitFor({ timeout: 5000 });
  assert.deepEqual(runtime.core.hooks().webhooks.map((w) => [w.id, w.hasSecret]), [['webhook-1', true]]);

  await hook.getByRole('button', { name: 'Test webhook webhook-1' }).click();
  await hook.getByText(/The test worked/).waitFor({ timeout: 10000 });
  const delivery = received.at(-1);
  assert.ok(delivery);
  const timestamp = String(delivery.headers['x-dialtone-timestamp']);
  assert.equal(delivery.headers['x-dialtone-signature'], `sha256=${createHmac('sha256', SECRET).update(`${timestamp}.${delivery.body}`).digest('hex')}`);
  await shot('settings-integrations');

  await reload();
  await openSection('Integrations');
  const kept = page.getByRole('listitem', { name: 'Webhook webhook-1' });
  assert.equal(await kept.getByRole('textbox', { name: 'Webhook URL' }).inputValue(), `http://127.0.0.1:${port}/hook`);
  await kept.getByText('A secret is stored in the system keychain; leave empty to keep it.').waitFor({ timeout: 5000 });
  assert.equal(await page.getByRole('listitem', { name: 'Screen-pop screen-pop-1' }).getByRole('textbox', { name: 'Screen-pop URL template' }).inputValue(), 'https://crm.example.com/search?phone={number}');
  assert.equal(await page.getByRole('listitem', { name: 'Command command-1' }).getByRole('textbox', { name: 'Program' }).inputValue(), '/bin/true');
});

test('integrations: the control API turns on at once, reveals and renews its token, keeps its origins', async () => {
  await openSection('Integrations');
  const section = page.getByRole('region', { name: 'Control API' });
  await section.getByRole('textbox', { name: /Allowed web origins/ }).fill('https://crm.example.com/path');
  await section.getByRole('checkbox', { name: 'Control API on' }).click();
  await section.getByText(/is not an origin such as/).waitFor({ timeout: 5000 });
  assert.equal(runtime.controlApi.status().enabled, false, 'refused before sending');
  await section.getByRole('textbox', { name: /Allowed web origins/ }).fill('https://crm.example.com');
  await section.getByRole('checkbox', { name: 'Control API on' }).click();
  await section.getByText(/The control API is on at http:\/\/127\.0\.0\.1:\d+/).waitFor({ timeout: 5000 });
  const token = runtime.controlApi.status().token ?? '';
  assert.ok(token.length >= 24);
  const shown = section.getByLabel('Control API token');
  assert.ok(!((await shown.textContent()) ?? '').includes(token), 'hidden until revealed');
  await section.getByRole('button', { name: 'Reveal token' }).click();
  assert.equal(await shown.textContent(), token);
  await section.getByRole('button', { name: 'Generate new token…' }).click();
  await section.getByRole('group', { name: 'Confirm a new token' }).getByRole('button', { name: 'Generate new token' }).click();
  await section.getByText('A new token is in use; the old one no longer works.').waitFor({ timeout: 5000 });
  const renewed = runtime.controlApi.status().token ?? '';
  assert.notEqual(renewed, token);
  assert.equal(await shown.textContent(), renewed);
  await shot('settings-control-api');
  await reload();
  await openSection('Integrations');
  const again = page.getByRole('region', { name: 'Control API' });
  assert.equal(await again.getByRole('checkbox', { name: 'Control API on' }).isChecked(), true);
  assert.equal(await again.getByRole('textbox', { name: /Allowed web origins/ }).inputValue(), 'https://crm.example.com');
});

test('diagnostics: the doctor shows each check while it runs, then the verdict', async () => {
  await openSection('Diagnostics');
  await page.getByRole('combobox', { name: 'Account to check' }).selectOption('alice@127.0.0.1');
  // Watch the list: a row must show "Running…" before the verdict exists (the checks arrive live, not at the end).
  await page.evaluate(() => {
    const w = window as unknown as { seenRunning: boolean; seenVerdictFirst: boolean };
    w.seenRunning = false;
    w.seenVerdictFirst = false;
    new MutationObserver(() => {
      const running = document.querySelector('[aria-label="Checks"] .status-text-running') !== null;
      const verdict = document.querySelector('[aria-label="Verdict"]') !== null;
      if (running && !verdict) w.seenRunning = true;
      if (verdict && !w.seenRunning) w.seenVerdictFirst = true;
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  await page.getByRole('button', { name: 'Run the doctor' }).click();
  const verdict = page.getByRole('region', { name: 'Verdict' });
  await verdict.waitFor({ timeout: 30000 });
  const seen = await page.evaluate(() => (window as unknown as { seenRunning: boolean; seenVerdictFirst: boolean }).seenRunning);
  assert.equal(seen, true, 'a check was shown running before the verdict');
  const checks = page.getByRole('list', { name: 'Checks' }).getByRole('listitem');
  assert.ok((await checks.count()) >= 5, 'every check has a row');
  await page.getByRole('listitem', { name: /^DNS: Pass/ }).waitFor({ timeout: 2000 });
  await page.getByRole('listitem', { name: /^UDP.*: Pass/ }).waitFor({ timeout: 2000 });
  assert.match((await verdict.textContent()) ?? '', /\S/);
  await shot('settings-diagnostics');
});

test('after a restart on the same data folder, every view shows the stored values', async () => {
  await stopApp();
  await startApp();
  await page.goto(bridge.url);
  await page.getByRole('status', { name: 'Account status' }).waitFor({ timeout: 15000 });
  await openSection('Call handling');
  assert.equal(await page.getByRole('textbox', { name: 'Forward to' }).inputValue(), 'sip:voicemail@127.0.0.1');
  await openSection('Links');
  assert.equal(await page.getByRole('checkbox', { name: /Ask before dialling a link/ }).isChecked(), false);
  await openSection('Integrations');
  // The section loads its hooks from the core after it opens: wait for the row before counting.
  const webhookUrl = page.getByRole('listitem', { name: 'Webhook webhook-1' }).getByRole('textbox', { name: 'Webhook URL' });
  await webhookUrl.first().waitFor({ timeout: 10000 });
  assert.equal(await webhookUrl.count(), 1);
  assert.equal(await page.getByRole('region', { name: 'Control API' }).getByRole('checkbox', { name: 'Control API on' }).isChecked(), true);
  assert.equal(runtime.controlApi.status().enabled, true, 'the API started again with the app');
});

/** Polls `read` until `ok` holds (bounded). */
async function eventually<T>(read: () => Promise<T>, ok: (v: T) => boolean, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = await read();
  while (!ok(last)) {
    if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(last)} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
    last = await read();
  }
  return last;
}
