/**
 * The renderer in Chromium, served by the real core in browser mode.
 * 1. Through `npm start` itself: the minimal shell ("No account", empty dialpad).
 * 2. Through an in-process runtime: data and live events from the real core reach the UI.
 * Screenshots land in test-results/ for a person to look at.
 */
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { bootstrap } from '../../main/electron/bootstrap';
import { startBrowserBridge } from '../../main/electron/bridges/browser-bridge';
import { launchChromium } from '../support/chromium';
import { fakeSecrets, recordingLogger } from '../support/fakes';
import { repoRoot } from '../support/headless';

const results = join(repoRoot, 'test-results');
mkdirSync(results, { recursive: true });
const rendererDir = join(repoRoot, 'app', 'dist', 'renderer');
const browser = await launchChromium();
after(() => browser.close());

/** Sends `quit` over the app's own WebSocket, as the UI would. */
async function sendQuit(pageUrl: string): Promise<void> {
  const url = new URL(pageUrl);
  const token = new URLSearchParams(url.hash.slice(1)).get('token') ?? '';
  const ws = new WebSocket(`ws://${url.host}/ws?token=${token}`, { origin: url.origin });
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  ws.send(JSON.stringify({ id: 1, cmd: 'quit' }));
  await new Promise((resolve) => ws.once('close', resolve));
}

/** Runs `npm start -- --browser --no-open` and returns the printed URL and a stop function (quit, then SIGKILL after 10 s). */
async function npmStart(): Promise<{ url: string; output: string; stop(): Promise<number | null> }> {
  const child = spawn('npm', ['start', '--', '--browser', '--no-open'], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, DISPLAY: '' } });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => (output += c));
  child.stderr.setEncoding('utf8').on('data', (c: string) => (output += c));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const deadline = Date.now() + 60000;
  while (!/browser mode: (http:\/\/127\.0\.0\.1:\d+\/#token=\S+)/.test(output)) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`npm start printed no URL:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const url = /browser mode: (\S+)/.exec(output)?.[1] ?? '';
  return {
    url,
    output,
    async stop() {
      await sendQuit(url).catch(() => child.kill('SIGTERM'));
      const timer = setTimeout(() => child.kill('SIGKILL'), 10000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

test('npm start serves the minimal shell: "No account" and an empty dialpad', async () => {
  const app = await npmStart();
  try {
    const page = await browser.context.newPage();
    await page.goto(app.url);
    const status = page.getByRole('status', { name: 'Account status' });
    await status.getByText('No account').waitFor({ timeout: 15000 });
    const target = page.getByRole('textbox', { name: 'Number or SIP address' });
    assert.equal(await target.inputValue(), '');
    const keys = page.getByRole('group', { name: 'Keys' }).getByRole('button');
    assert.equal(await keys.count(), 12);
    assert.equal(await page.getByRole('button', { name: 'Call' }).isDisabled(), true);
    await page.screenshot({ path: join(results, 'ui-shell.png') });
    await page.getByRole('button', { name: 'Digit 5' }).click();
    await page.getByRole('button', { name: 'Digit #' }).click();
    assert.equal(await target.inputValue(), '5#');
    await page.getByRole('button', { name: 'Delete last character' }).click();
    assert.equal(await target.inputValue(), '5');
    assert.equal(await page.getByRole('button', { name: 'Call' }).isDisabled(), true, 'no registered account, so no call');
    await page.close();
  } finally {
    const code = await app.stop();
    assert.equal(code, 0, `npm start did not exit cleanly:\n${app.output}`);
  }
});

test('the UI shows accounts and registration failures as the real core reports them, live', async () => {
  assert.ok(existsSync(join(rendererDir, 'index.html')), 'the renderer is not built: run `npm run build`');
  const runtime = bootstrap({
    app: { name: 'Dialtone', version: '0.0.0', mode: 'browser' },
    env: {},
    onQuitRequested: () => undefined,
    overrides: { logger: recordingLogger(), secrets: fakeSecrets() },
  });
  const bridge = await startBrowserBridge({ router: runtime.router, core: runtime.core, logger: runtime.logger, staticDir: rendererDir });
  try {
    const page = await browser.context.newPage();
    await page.goto(bridge.url);
    const status = page.getByRole('status', { name: 'Account status' });
    await status.getByText('No account').waitFor({ timeout: 15000 });
    await runtime.core.saveAccount({ aor: 'sip:alice@127.0.0.1', username: 'alice', server: '127.0.0.1:5060', transport: 'udp', srtp: 'off', codecs: ['pcmu'], register: true });
    await status.getByText('sip:alice@127.0.0.1 · Registration failed').waitFor({ timeout: 5000 });
    await status.getByText(/No password for alice@127\.0\.0\.1/).waitFor({ timeout: 5000 });
    await page.screenshot({ path: join(results, 'ui-account-failed.png') });
    await page.close();
  } finally {
    await bridge.close();
  }
});
