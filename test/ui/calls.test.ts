/**
 * The UI end to end, in Chromium against the real core in browser mode, with
 * Kamailio and baresip from test/lab. One app instance and one page serve the
 * whole scenario (each step builds on the last, as a user would):
 * a wrong password fails with its reason, the right one registers; a call to
 * baresip runs its timer, holds, resumes, sends DTMF (baresip reports the
 * digits) and hangs up; the SIP trace draws its ladder and exports; an
 * incoming call takes the focus and is answered with Enter.
 * Screenshots land in test-results/ui/.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { bootstrap, type Runtime } from '../../main/electron/bootstrap';
import { startBrowserBridge, type BrowserBridge } from '../../main/electron/bridges/browser-bridge';
import { createFileAudioPort } from '../../main/electron/adapters/file-audio';
import { makeToneWav } from '../lab/audio';
import { startBaresip, type BaresipHandle } from '../lab/baresip';
import { startKamailio, type KamailioHandle } from '../lab/kamailio';
import { makeWorkDir } from '../lab/workdir';
import { launchChromium } from '../support/chromium';
import { auditPage } from './a11y-audit';
import { fakeSecrets, recordingLogger } from '../support/fakes';
import { repoRoot } from '../support/headless';

const shots = join(repoRoot, 'test-results', 'ui');
mkdirSync(shots, { recursive: true });
const rendererDir = join(repoRoot, 'app', 'dist', 'renderer');

let kam: KamailioHandle;
let bob: BaresipHandle;
let runtime: Runtime;
let bridge: BrowserBridge;
let browser: Awaited<ReturnType<typeof launchChromium>>;
let page: Page;

/** Polls `read` until `ok` holds (bounded); returns the last value read. */
async function eventually<T>(read: () => Promise<T>, ok: (v: T) => boolean, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = await read();
  while (!ok(last)) {
    if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(last)} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 150));
    last = await read();
  }
  return last;
}

/** Seconds shown by the call timer (`m:ss`). */
function timerSeconds(text: string | null): number {
  const m = /^(\d+):(\d\d)$/.exec((text ?? '').trim());
  return m ? Number(m[1]) * 60 + Number(m[2]) : -1;
}

/**
 * Saves `name.png` at the test's size, then `name-light.png` and
 * `name-dark.png` at a narrow 360×640, and audits each: every control named,
 * contrast AA in both themes.
 */
async function shot(name: string): Promise<void> {
  await page.screenshot({ path: join(shots, `${name}.png`) });
  await page.setViewportSize({ width: 360, height: 640 });
  const problems: string[] = [];
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    await page.screenshot({ path: join(shots, `${name}-${colorScheme}.png`) });
    problems.push(...(await auditPage(page)).map((p) => `${colorScheme}: ${p}`));
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 400, height: 760 });
  assert.deepEqual(problems, [], `accessibility problems in "${name}"`);
}

before(async () => {
  assert.ok(existsSync(join(rendererDir, 'index.html')), 'the renderer is not built: run `npm run build`');
  kam = await startKamailio({ users: [{ username: 'alice', password: 'alice123' }, { username: 'bob', password: 'bob123' }], udpPort: 'random', tlsPort: 'random' });
  const dir = makeWorkDir('ui');
  const tone = await makeToneWav(join(dir, 'bob-440.wav'), { freq: 440, seconds: 30, rate: 48000 });
  const ourTone = await makeToneWav(join(dir, 'alice-880.wav'), { freq: 880, seconds: 30, rate: 48000 });
  bob = await startBaresip({ user: 'bob', password: 'bob123', registrar: { host: '127.0.0.1', port: kam.udpPort, transport: 'udp' }, toneWav: tone, codecs: ['PCMU/8000/1'] });
  await bob.waitForRegistration();
  runtime = bootstrap({
    app: { name: 'Dialtone', version: '0.0.0-test', mode: 'browser' },
    env: {},
    onQuitRequested: () => undefined,
    audio: createFileAudioPort({ input: ourTone }),
    overrides: { logger: recordingLogger(), secrets: fakeSecrets(), statsIntervalMs: 1000 },
  });
  bridge = await startBrowserBridge({ router: runtime.router, core: runtime.core, logger: runtime.logger, staticDir: rendererDir });
  browser = await launchChromium();
  page = await browser.context.newPage();
  await page.setViewportSize({ width: 400, height: 760 });
  await page.goto(bridge.url);
  await page.getByRole('status', { name: 'Account status' }).getByText('No account').waitFor({ timeout: 15000 });
});

after(async () => {
  await browser?.close();
  await bridge?.close();
  await runtime?.shutdown();
  await bob?.stop();
  await kam?.stop();
});

test('settings: inline validation, a wrong password fails with its reason, the right one registers', async () => {
  const status = page.getByRole('status', { name: 'Account status' });
  await page.getByRole('tab', { name: 'Settings' }).click();
  await page.getByRole('button', { name: 'Add account' }).first().click();
  const form = page.getByRole('form', { name: 'Add account' });
  await form.getByRole('textbox', { name: 'SIP address' }).fill('alice@127.0.0.1');
  assert.equal(await form.getByRole('textbox', { name: 'Username' }).inputValue(), 'alice', 'the username follows the address');
  await form.getByLabel('Password').fill('wrong-password');
  await form.getByRole('button', { name: 'Save account' }).click();
  // The server is missing: the form says so next to the field, and nothing is sent.
  const server = form.getByRole('textbox', { name: 'Server' });
  await form.getByText('must be host or host:port').waitFor({ timeout: 5000 });
  assert.equal(await server.getAttribute('aria-invalid'), 'true');
  assert.equal(await server.evaluate((el) => el === document.activeElement), true, 'focus moves to the first invalid field');
  assert.equal(runtime.core.snapshot().accounts.length, 0);
  await shot('settings-validation');
  await server.fill(`127.0.0.1:${kam.udpPort}`);
  // Prefer G.711 µ-law: uncheck Opus so the call below negotiates PCMU with baresip.
  await form.getByRole('checkbox', { name: 'Opus' }).uncheck();
  await form.getByRole('button', { name: 'Save account' }).click();
  await status.getByText('sip:alice@127.0.0.1 · Registration failed').waitFor({ timeout: 15000 });
  // The reason in plain words with the next step from the error guide.
  await status.getByText(/answered 401 Unauthorized\. Wrong username or password\. Check both/).waitFor({ timeout: 5000 });
  const saved = runtime.core.snapshot().accounts[0];
  assert.deepEqual(saved?.codecs, ['g722', 'pcmu', 'pcma']);
  assert.equal(JSON.stringify(runtime.core.snapshot()).includes('wrong-password'), false, 'no password in any view');
  await shot('registration-failed');

  await page.getByRole('button', { name: 'Edit alice@127.0.0.1' }).click();
  const edit = page.getByRole('form', { name: 'Edit alice@127.0.0.1' });
  assert.equal(await edit.getByLabel('Password').inputValue(), '', 'the password is never echoed back');
  assert.equal(await edit.getByRole('textbox', { name: 'Server' }).inputValue(), `127.0.0.1:${kam.udpPort}`);
  await edit.getByLabel('Password').fill('alice123');
  await edit.getByRole('button', { name: 'Save account' }).click();
  await status.getByText('sip:alice@127.0.0.1 · Registered').waitFor({ timeout: 15000 });
  await shot('settings-registered');
});

test('a call to baresip: timer, quality, hold and resume, DTMF, hang up', async () => {
  await page.getByRole('tab', { name: 'Phone' }).click();
  const target = page.getByRole('textbox', { name: 'Number or SIP address' });
  await shot('dialpad');
  // Pasting cleans the text up (display name, brackets, scheme parameters).
  await target.focus();
  await page.evaluate(() => {
    const data = new DataTransfer();
    data.setData('text/plain', ' "Bob" <sip:bob@127.0.0.1> ');
    document.activeElement?.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  });
  await eventually(() => target.inputValue(), (v) => v === 'sip:bob@127.0.0.1', 2000, 'the pasted address');
  await target.fill('bob');
  await page.getByRole('button', { name: 'Call', exact: true }).click();
  const card = page.getByRole('article', { name: 'Call with bob' });
  await card.getByText('In call').waitFor({ timeout: 15000 });
  const timer = card.getByRole('timer', { name: 'Call duration' });
  const first = timerSeconds(await timer.textContent());
  assert.ok(first >= 0, 'the timer shows m:ss');
  await eventually(async () => timerSeconds(await timer.textContent()), (s) => s >= first + 2, 10000, 'the call timer');
  // Quality arrives with call.stats; it opens its details.
  const quality = card.getByRole('button', { name: /Call quality/ });
  await quality.waitFor({ timeout: 10000 });
  await quality.click();
  await card.getByText('Packets sent / received').waitFor({ timeout: 2000 });
  await shot('call-active');

  await card.getByRole('button', { name: 'Hold' }).click();
  await card.getByText('On hold', { exact: true }).waitFor({ timeout: 10000 });
  await card.getByRole('button', { name: 'Resume' }).waitFor({ timeout: 2000 });
  await shot('call-held');
  await card.getByRole('button', { name: 'Resume' }).click();
  await card.getByText('In call').waitFor({ timeout: 10000 });

  const since = bob.eventCursor();
  await card.getByRole('button', { name: 'Keypad' }).click();
  const keypad = card.getByRole('group', { name: 'Keypad for bob' });
  for (const d of ['1', '5', '9', '#']) {
    await keypad.getByRole('button', { name: `Digit ${d}` }).click();
    await bob.waitForEvent('CALL_DTMF_START', 5000, { since: bob.events().length, where: (e) => e.param === d }).catch(() => undefined);
  }
  // With the keypad open, the keyboard sends tones too.
  await page.keyboard.press('7');
  const pressed = await eventually(
    async () =>
      bob
        .events()
        .slice(since)
        .filter((e) => e.type === 'CALL_DTMF_START')
        .map((e) => e.param ?? '')
        .join(''),
    (s) => s.length >= 5,
    10000,
    'DTMF seen by baresip',
  );
  assert.equal(pressed, '159#7');
  assert.equal(await card.getByRole('status', { name: 'Digits sent' }).textContent(), '159#7');
  await shot('call-dtmf');

  await card.getByRole('button', { name: 'Hang up' }).click();
  await card.waitFor({ state: 'detached', timeout: 10000 });
  await bob.waitForEvent('CALL_CLOSED', 10000, { since });
  assert.equal(runtime.core.snapshot().calls.length, 0);
  // Redial offers the number just called.
  await page.getByRole('button', { name: 'Redial bob' }).waitFor({ timeout: 2000 });
  // A call that fails says why, in plain words, until dismissed.
  await target.fill('nobody');
  await target.press('Enter');
  const notice = page.getByRole('region', { name: 'Call with nobody ended' });
  await notice.getByText(/404/).waitFor({ timeout: 10000 });
  await shot('call-failed');
  await notice.getByRole('button', { name: 'Dismiss' }).click();
  await notice.waitFor({ state: 'detached', timeout: 2000 });
});

test('the SIP trace draws the ladder of that call, shows a message and exports', async () => {
  await page.getByRole('tab', { name: 'SIP trace' }).click();
  const flow = page.getByRole('list', { name: 'Call flow' });
  const arrows = flow.getByRole('button');
  await arrows.first().waitFor({ timeout: 5000 });
  const labels = await arrows.evaluateAll((els) => els.map((el) => el.getAttribute('aria-label') ?? ''));
  const sent = labels.filter((l) => / sent /.test(l)).map((l) => / sent (\S+)/.exec(l)?.[1]);
  const received = labels.filter((l) => / received /.test(l)).map((l) => / received (SIP\/2\.0 \d+|\S+)/.exec(l)?.[1]);
  assert.ok(sent.includes('INVITE') && sent.includes('ACK') && sent.includes('BYE'), `sent: ${sent.join(', ')}`);
  assert.ok(received.includes('SIP/2.0 200'), `received: ${received.join(', ')}`);
  assert.ok(sent.filter((m) => m === 'INVITE').length >= 3, 'the first INVITE, hold and resume re-INVITEs (plus the auth retry)');
  assert.equal(labels.some((l) => /REGISTER/.test(l)), false, '"All calls" leaves registrations out');
  await page.getByRole('combobox', { name: 'Show' }).selectOption({ label: 'All messages (registrations too)' });
  await flow.getByRole('button', { name: /sent REGISTER/ }).first().waitFor({ timeout: 2000 });
  await page.getByRole('combobox', { name: 'Show' }).selectOption({ index: 0 });

  await flow.getByRole('button', { name: /sent INVITE sip:bob@/ }).first().click();
  const details = page.getByRole('region', { name: 'Message details' });
  const text = (await details.getByLabel('Message text').textContent()) ?? '';
  assert.match(text, /^INVITE sip:bob@127\.0\.0\.1/);
  assert.match(text, /m=audio \d+ RTP\/AVP/);
  // Up/Down move through the messages from the keyboard.
  await page.keyboard.press('ArrowDown');
  assert.equal(await flow.getByRole('button', { pressed: true }).count(), 1);
  assert.notEqual(await details.getByLabel('Message text').textContent(), text);
  await shot('trace-ladder');

  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 10000 }), page.getByRole('button', { name: 'Export trace' }).click()]);
  const path = await download.path();
  const exported = readFileSync(path, 'utf8');
  assert.match(exported, /INVITE sip:bob@127\.0\.0\.1/);
  assert.doesNotMatch(exported, /alice123/);
  assert.match(download.suggestedFilename(), /^dialtone-sip-trace-.*\.txt$/);

  const [pcapDownload] = await Promise.all([page.waitForEvent('download', { timeout: 10000 }), page.getByRole('button', { name: 'Export as pcap' }).click()]);
  assert.match(pcapDownload.suggestedFilename(), /^dialtone-sip-trace-.*\.pcap$/);
  const pcap = readFileSync(await pcapDownload.path());
  assert.equal(pcap.readUInt32LE(0), 0xa1b2c3d4, 'a pcap file, written byte for byte');
  assert.ok(pcap.includes('INVITE sip:bob@127.0.0.1'), 'the INVITE is in the capture');
  assert.equal(pcap.includes('alice123'), false);
});

test('an incoming call takes the focus from another view; Enter answers it', async () => {
  await page.getByRole('tab', { name: 'Settings' }).click();
  await bob.command('dial', 'sip:alice@127.0.0.1');
  const banner = page.getByRole('region', { name: 'Incoming call from bob' });
  await banner.waitFor({ timeout: 15000 });
  const answer = banner.getByRole('button', { name: 'Answer' });
  await eventually(() => answer.evaluate((el) => el === document.activeElement), (f) => f, 5000, 'focus on Answer');
  await shot('call-incoming');
  await page.keyboard.press('Enter');
  const card = page.getByRole('article', { name: 'Call with bob' });
  await card.getByText('In call').waitFor({ timeout: 10000 });
  await card.getByRole('timer', { name: 'Call duration' }).waitFor({ timeout: 2000 });
  await bob.command('hangup');
  await card.waitFor({ state: 'detached', timeout: 10000 });

  // Ignore silences our ringer (call.silence) and hides the banner; the caller keeps ringing: the call stays listed, and Decline ends it.
  const since = bob.eventCursor();
  await bob.command('dial', 'sip:alice@127.0.0.1');
  await banner.waitFor({ timeout: 15000 });
  await banner.getByRole('button', { name: 'Ignore' }).click();
  await banner.waitFor({ state: 'detached', timeout: 2000 });
  assert.equal(runtime.core.snapshot().calls[0]?.silenced, true, 'the core silenced the ringer');
  const ignored = page.getByRole('article', { name: 'Call with bob' });
  await ignored.getByText('Incoming call').waitFor({ timeout: 2000 });
  await ignored.getByRole('button', { name: 'Answer' }).waitFor({ timeout: 2000 });
  await ignored.getByRole('button', { name: 'Decline' }).click();
  await ignored.waitFor({ state: 'detached', timeout: 10000 });
  await bob.waitForEvent('CALL_CLOSED', 10000, { since });
  assert.equal(runtime.core.snapshot().calls.length, 0);
});

test('the accessibility audit itself catches an unnamed control and low contrast', async () => {
  await page.evaluate(() => {
    const probe = document.createElement('div');
    probe.id = 'audit-probe';
    probe.innerHTML = '<button type="button"></button><p style="color:#aaaaaa;background:#ffffff">faint</p>';
    document.body.append(probe);
  });
  const problems = await auditPage(page);
  await page.evaluate(() => document.getElementById('audit-probe')?.remove());
  assert.equal(problems.length, 2, problems.join('\n'));
  assert.match(problems[0] ?? '', /no accessible name/);
  assert.match(problems[1] ?? '', /contrast 2\.\d+ < 4\.5 for "faint"/);
});

test('appearance: the theme can be forced dark, and compact mode tightens the layout', async () => {
  await page.getByRole('tab', { name: 'Settings' }).click();
  await page.getByRole('radio', { name: 'Dark' }).check();
  assert.equal(await page.evaluate(() => document.documentElement.dataset['theme']), 'dark');
  const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.equal(bg, 'rgb(23, 24, 26)', 'dark background while the OS is light');
  await page.getByRole('checkbox', { name: /Compact mode/ }).check();
  await page.getByRole('tab', { name: 'Phone' }).click();
  const key = page.getByRole('group', { name: 'Keys' }).getByRole('button', { name: 'Digit 5' });
  const compactHeight = (await key.boundingBox())?.height ?? 0;
  await page.screenshot({ path: join(shots, 'dialpad-compact-dark.png') });
  await page.getByRole('tab', { name: 'Settings' }).click();
  await page.getByRole('checkbox', { name: /Compact mode/ }).uncheck();
  await page.getByRole('radio', { name: 'Follow the system' }).check();
  assert.equal(await page.evaluate(() => document.documentElement.hasAttribute('data-theme')), false);
  await page.getByRole('tab', { name: 'Phone' }).click();
  const normalHeight = (await key.boundingBox())?.height ?? 0;
  assert.ok(compactHeight > 0 && compactHeight < normalHeight * 0.8, `compact keys ${compactHeight}px vs ${normalHeight}px`);
  // The choice survives a reload (kept in localStorage).
  await page.getByRole('tab', { name: 'Settings' }).click();
  await page.getByRole('radio', { name: 'Light' }).check();
  await page.reload();
  await page.getByRole('status', { name: 'Account status' }).getByText('Registered').waitFor({ timeout: 15000 });
  assert.equal(await page.evaluate(() => document.documentElement.dataset['theme']), 'light');
});

test('accounts: unregister, register again, then remove (after a confirmation)', async () => {
  const status = page.getByRole('status', { name: 'Account status' });
  await page.getByRole('tab', { name: 'Settings' }).click();
  await page.getByRole('button', { name: 'Unregister alice@127.0.0.1' }).click();
  await status.getByText('sip:alice@127.0.0.1 · Not registered').waitFor({ timeout: 10000 });
  await page.getByRole('button', { name: 'Register alice@127.0.0.1' }).click();
  await status.getByText('sip:alice@127.0.0.1 · Registered').waitFor({ timeout: 10000 });
  await page.getByRole('button', { name: 'Remove alice@127.0.0.1…' }).click();
  const confirm = page.getByRole('group', { name: 'Confirm removing alice@127.0.0.1' });
  await confirm.getByRole('button', { name: 'Keep' }).click();
  assert.equal(runtime.core.snapshot().accounts.length, 1, 'Keep keeps it');
  await page.getByRole('button', { name: 'Remove alice@127.0.0.1…' }).click();
  await confirm.getByRole('button', { name: 'Remove alice@127.0.0.1' }).click();
  await status.getByText('No account').waitFor({ timeout: 10000 });
  assert.deepEqual(runtime.core.snapshot().accounts, []);
});
