/**
 * Contacts and history end to end, in Chromium against the real core in
 * browser mode (real SQLite in memory), with Kamailio and baresip from
 * test/lab. One app and one page serve the whole scenario, step by step as a
 * user would: import a vCard file after its preview (and a CSV with invalid
 * rows), search as you type, add/edit/favourite/delete, export; dial baresip,
 * hold, resume, DTMF, hang up and find the call in the history; call back from
 * there; a missed call lights the badge until the history is opened; add the
 * caller to contacts from the history, after which the contact's name shows on
 * the next incoming call; call a contact; delete and clear the history.
 * Screenshots (light and dark, audited) land in test-results/ui/.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import type { CommandArgs, CommandName, CommandResult } from '../../main/common/ipc/contract';
import type { Result } from '../../main/common/result';
import { bootstrap, type Runtime } from '../../main/electron/bootstrap';
import { startBrowserBridge, type BrowserBridge } from '../../main/electron/bridges/browser-bridge';
import { createFileAudioPort } from '../../main/electron/adapters/file-audio';
import { makeToneWav } from '../lab/audio';
import { startBaresip, type BaresipHandle } from '../lab/baresip';
import { startKamailio, type KamailioHandle } from '../lab/kamailio';
import { makeWorkDir } from '../lab/workdir';
import { launchChromium } from '../support/chromium';
import { fakeSecrets, recordingLogger } from '../support/fakes';
import { repoRoot } from '../support/headless';
import { auditPage } from './a11y-audit';

const shots = join(repoRoot, 'test-results', 'ui');
mkdirSync(shots, { recursive: true });
const rendererDir = join(repoRoot, 'app', 'dist', 'renderer');
const fixtures = join(repoRoot, 'test', 'fixtures', 'contacts');

let kam: KamailioHandle;
let bob: BaresipHandle;
let runtime: Runtime;
let bridge: BrowserBridge;
let browser: Awaited<ReturnType<typeof launchChromium>>;
let page: Page;

/** A command through the real router, typed by the contract. */
async function command<K extends CommandName>(cmd: K, args: CommandArgs<K>): Promise<Result<CommandResult<K>>> {
  return (await runtime.router.dispatch(cmd, args)) as Result<CommandResult<K>>;
}

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

/** Saves `name-light.png` and `name-dark.png` at 360×640 and audits both (names, contrast). */
async function shot(name: string): Promise<void> {
  await page.setViewportSize({ width: 360, height: 640 });
  const problems: string[] = [];
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    await page.screenshot({ path: join(shots, `${name}-${colorScheme}.png`) });
    problems.push(...(await auditPage(page)).map((p) => `${colorScheme}: ${p}`));
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 400, height: 800 });
  assert.deepEqual(problems, [], `accessibility problems in "${name}"`);
}

/** Picks a file through the Import button's file chooser, as a user would. */
async function importFile(file: string): Promise<void> {
  const [chooser] = await Promise.all([page.waitForEvent('filechooser', { timeout: 5000 }), page.getByRole('button', { name: 'Import contacts…' }).click()]);
  await chooser.setFiles(file);
}

before(async () => {
  assert.ok(existsSync(join(rendererDir, 'index.html')), 'the renderer is not built: run `npm run build`');
  kam = await startKamailio({ users: [{ username: 'alice', password: 'alice123' }, { username: 'bob', password: 'bob123' }], udpPort: 'random' });
  const dir = makeWorkDir('ui-contacts');
  const tone = await makeToneWav(join(dir, 'bob-440.wav'), { freq: 440, seconds: 20, rate: 48000 });
  const ourTone = await makeToneWav(join(dir, 'alice-880.wav'), { freq: 880, seconds: 20, rate: 48000 });
  bob = await startBaresip({ user: 'bob', password: 'bob123', registrar: { host: '127.0.0.1', port: kam.udpPort, transport: 'udp' }, toneWav: tone, codecs: ['PCMU/8000/1'] });
  await bob.waitForRegistration();
  runtime = bootstrap({
    app: { name: 'Dialtone', version: '0.0.0-test', mode: 'browser' },
    env: {},
    onQuitRequested: () => undefined,
    audio: createFileAudioPort({ input: ourTone }),
    overrides: { logger: recordingLogger(), secrets: fakeSecrets(), statsIntervalMs: 1000 },
  });
  const saved = await runtime.router.dispatch('account.save', {
    account: { aor: 'sip:alice@127.0.0.1', username: 'alice', server: `127.0.0.1:${kam.udpPort}`, transport: 'udp', srtp: 'off', codecs: ['pcmu'], register: true },
    password: 'alice123',
  });
  assert.ok(saved.ok, JSON.stringify(saved));
  bridge = await startBrowserBridge({ router: runtime.router, core: runtime.core, logger: runtime.logger, staticDir: rendererDir });
  browser = await launchChromium();
  page = await browser.context.newPage();
  await page.setViewportSize({ width: 400, height: 800 });
  await page.goto(bridge.url);
  await page.getByRole('status', { name: 'Account status' }).getByText('sip:alice@127.0.0.1 · Registered').waitFor({ timeout: 15000 });
});

after(async () => {
  await browser?.close();
  await bridge?.close();
  await runtime?.shutdown();
  await bob?.stop();
  await kam?.stop();
});

test('contacts: import a vCard after its preview, and a CSV with an invalid row; search as you type', async () => {
  await page.getByRole('tab', { name: 'Contacts' }).click();
  await page.getByText('No contacts yet.').waitFor({ timeout: 5000 });
  await shot('contacts-empty');

  await importFile(join(fixtures, 'sample.vcf'));
  const preview = page.getByRole('region', { name: 'Import sample.vcf' });
  await preview.getByRole('status').getByText('vCard: 3 rows. 3 new, 0 merged into existing contacts.').waitFor({ timeout: 5000 });
  await preview.getByRole('list', { name: 'Contacts to import' }).getByText('Ada Lovelace').waitFor({ timeout: 2000 });
  const before = await command('contacts.list', {});
  assert.ok(before.ok && before.data.total === 0, 'a preview writes nothing');
  await shot('contacts-import-preview');
  await preview.getByRole('button', { name: 'Import', exact: true }).click();
  await page.getByRole('status').getByText('Imported 3 new contacts from sample.vcf.').waitFor({ timeout: 5000 });
  const list = page.getByRole('list', { name: 'Contacts' });
  await list.getByRole('listitem', { name: 'Ada Lovelace' }).waitFor({ timeout: 5000 });
  assert.equal(await list.getByRole('listitem').count(), 3);

  // A CSV with a row that cannot be imported: the preview names it; importing skips it only as the button says.
  await importFile(join(fixtures, 'google.csv'));
  const csv = page.getByRole('region', { name: 'Import google.csv' });
  await csv.getByRole('status').getByText(/Google CSV: 3 rows\. \d+ new, \d+ merged into existing contacts, 1 cannot be imported\./).waitFor({ timeout: 5000 });
  await csv.getByRole('list', { name: 'Rows that cannot be imported' }).getByText(/^Row 3 \(line 5\): a contact needs a name/).waitFor({ timeout: 2000 });
  await shot('contacts-import-issues');
  await csv.getByRole('button', { name: 'Import, skipping 1 invalid' }).click();
  await page.getByRole('status').getByText(/Imported \d+ new contacts? from google\.csv.*skipped 1 invalid row\./).waitFor({ timeout: 5000 });
  await list.getByRole('listitem', { name: 'Grace Hopper' }).waitFor({ timeout: 5000 });

  // Search as you type: a name prefix, then digits from the middle of a number.
  const search = page.getByRole('searchbox', { name: 'Search contacts' });
  await search.fill('lov');
  const matches = page.getByRole('list', { name: 'Contacts matching lov' });
  await eventually(() => matches.getByRole('listitem').allTextContents(), (t) => t.length === 1 && /Ada Lovelace/.test(t[0] ?? ''), 5000, 'search by name');
  await search.fill('600123');
  await eventually(() => page.getByRole('list', { name: 'Contacts matching 600123' }).getByRole('listitem').count(), (n) => n === 1, 5000, 'search by digits');
  await page.getByRole('list', { name: 'Contacts matching 600123' }).getByRole('listitem', { name: /José/ }).waitFor({ timeout: 2000 });
  await search.fill('zzzz');
  await page.getByText('No contact matches “zzzz”.').waitFor({ timeout: 5000 });
  await search.fill('');
  await list.getByRole('listitem', { name: 'Ada Lovelace' }).waitFor({ timeout: 5000 });
  await shot('contacts-list');

  // From the keyboard: Tab reaches Add contact, the form takes the focus, Escape leaves it;
  // a contact's Call… menu moves the focus to its first number.
  const focused = (): Promise<string> => page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.textContent ?? '');
  await search.focus();
  await page.keyboard.press('Tab');
  assert.equal(await focused(), 'Add contact');
  await page.keyboard.press('Enter');
  const form = page.getByRole('form', { name: 'New contact' });
  await eventually(() => form.getByRole('textbox', { name: 'Name' }).evaluate((el) => el === document.activeElement), (f) => f, 2000, 'focus in the form');
  await page.keyboard.press('Escape');
  await form.waitFor({ state: 'detached', timeout: 2000 });
  await list.getByRole('button', { name: 'Call Ada Lovelace…' }).focus();
  await page.keyboard.press('Enter');
  await eventually(focused, (f) => f === 'Call Ada Lovelace, Mobile +1 (555) 010-0001', 2000, 'focus on the first number');
  await page.keyboard.press('Escape');
  await list.getByRole('list', { name: 'Numbers of Ada Lovelace' }).waitFor({ state: 'detached', timeout: 2000 });
});

test('contacts: add with several numbers (validated), edit, favourite, delete after a confirmation, export', async () => {
  await page.getByRole('button', { name: 'Add contact' }).click();
  const form = page.getByRole('form', { name: 'New contact' });
  await form.getByRole('button', { name: 'Save contact' }).click();
  await form.getByRole('alert').getByText(/needs a name, an organization, a number or a SIP address/).waitFor({ timeout: 2000 });
  await form.getByRole('textbox', { name: 'Name' }).fill('Linus Test');
  await form.getByRole('textbox', { name: 'Number 1' }).fill('+1 555 010 0777');
  await form.getByRole('button', { name: 'Add number' }).click();
  await form.getByRole('textbox', { name: 'Number 2' }).fill('207');
  await form.getByRole('combobox', { name: 'Label of number 2' }).selectOption('work');
  await form.getByRole('textbox', { name: 'Email addresses' }).fill('not an email');
  await form.getByRole('button', { name: 'Save contact' }).click();
  const email = form.getByRole('textbox', { name: 'Email addresses' });
  await form.getByText('line 1: must be an email address').waitFor({ timeout: 2000 });
  assert.equal(await email.getAttribute('aria-invalid'), 'true');
  await eventually(() => email.evaluate((el) => el === document.activeElement), (f) => f, 2000, 'focus on the invalid field');
  await shot('contacts-form');
  await email.fill('linus@example.com');
  await form.getByRole('button', { name: 'Save contact' }).click();
  await page.getByRole('status').getByText('Saved Linus Test.').waitFor({ timeout: 5000 });
  const row = page.getByRole('listitem', { name: 'Linus Test' });
  await row.waitFor({ timeout: 5000 });
  const stored = await command('contacts.search', { query: 'linus' });
  assert.ok(stored.ok);
  assert.deepEqual(stored.data.contacts[0]?.phones.map((p) => [p.number, p.label, p.e164]), [['+1 555 010 0777', 'mobile', '+15550100777'], ['207', 'work', undefined]]);

  // Edit keeps what is not touched.
  await row.getByRole('button', { name: 'Edit Linus Test' }).click();
  const edit = page.getByRole('form', { name: 'Edit Linus Test' });
  assert.equal(await edit.getByRole('textbox', { name: 'Number 2' }).inputValue(), '207');
  await edit.getByRole('textbox', { name: 'Organization' }).fill('Kernel Ltd');
  await edit.getByRole('button', { name: 'Save contact' }).click();
  await row.getByText(/Kernel Ltd/).waitFor({ timeout: 5000 });

  // Favourite: the star is a toggle button; favourites come first and can be shown alone.
  const star = row.getByRole('button', { name: 'Favourite Linus Test' });
  await star.click();
  await eventually(() => star.getAttribute('aria-pressed'), (v) => v === 'true', 5000, 'favourite');
  await page.getByRole('checkbox', { name: 'Favourites only' }).check();
  await eventually(() => page.getByRole('list', { name: 'Favourite contacts' }).getByRole('listitem').allTextContents(), (t) => t.length === 3 && t.every((x) => !/José|Turing/.test(x)), 5000, 'favourites only (Ada and Grace came starred from their files)');
  await page.getByRole('list', { name: 'Favourite contacts' }).getByRole('listitem', { name: 'Linus Test' }).waitFor({ timeout: 2000 });
  await page.getByRole('checkbox', { name: 'Favourites only' }).uncheck();

  // Delete asks first; Keep keeps.
  await row.getByRole('button', { name: 'Delete Linus Test…' }).click();
  const confirm = row.getByRole('group', { name: 'Confirm deleting Linus Test' });
  await confirm.getByRole('button', { name: 'Keep' }).click();
  assert.equal(await row.count(), 1);
  await row.getByRole('button', { name: 'Delete Linus Test…' }).click();
  await shot('contacts-delete-confirm');
  await confirm.getByRole('button', { name: 'Delete Linus Test' }).click();
  await row.waitFor({ state: 'detached', timeout: 5000 });

  // Export downloads a file in the chosen format.
  await page.getByRole('combobox', { name: 'Export format' }).selectOption('csv-google');
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 10000 }), page.getByRole('button', { name: 'Export contacts' }).click()]);
  assert.match(download.suggestedFilename(), /^dialtone-contacts-\d{4}-\d\d-\d\d\.csv$/);
  const exported = readFileSync(await download.path(), 'utf8');
  assert.match(exported, /Ada Lovelace/);
  assert.match(exported, /Grace Hopper/);
  assert.doesNotMatch(exported, /Linus Test/);
  await page.getByRole('status').getByText(/Exported \d+ contacts as CSV for Google Contacts\./).waitFor({ timeout: 2000 });
});

test('history: a call to baresip (hold, resume, DTMF, hang up) is listed; call back from it', async () => {
  await page.getByRole('tab', { name: 'Phone' }).click();
  await page.getByRole('textbox', { name: 'Number or SIP address' }).fill('bob');
  await page.getByRole('button', { name: 'Call', exact: true }).click();
  const card = page.getByRole('article', { name: 'Call with bob' });
  await card.getByText('In call').waitFor({ timeout: 15000 });
  await card.getByRole('button', { name: 'Hold' }).click();
  await card.getByText('On hold', { exact: true }).waitFor({ timeout: 10000 });
  await card.getByRole('button', { name: 'Resume' }).click();
  await card.getByText('In call').waitFor({ timeout: 10000 });
  const since = bob.eventCursor();
  await card.getByRole('button', { name: 'Keypad' }).click();
  const keypad = card.getByRole('group', { name: 'Keypad for bob' });
  for (const d of ['4', '2']) {
    await keypad.getByRole('button', { name: `Digit ${d}` }).click();
    await bob.waitForEvent('CALL_DTMF_START', 5000, { since: bob.events().length, where: (e) => e.param === d }).catch(() => undefined);
  }
  await eventually(async () => bob.events().slice(since).filter((e) => e.type === 'CALL_DTMF_START').map((e) => e.param ?? '').join(''), (s) => s === '42', 10000, 'DTMF seen by baresip');
  // Mute is a toggle that follows the core.
  const mute = card.getByRole('button', { name: 'Mute' });
  await mute.click();
  await eventually(() => mute.getAttribute('aria-pressed'), (v) => v === 'true', 5000, 'muted');
  assert.equal(runtime.core.snapshot().calls[0]?.muted, true);
  await mute.click();
  await eventually(() => mute.getAttribute('aria-pressed'), (v) => v === 'false', 5000, 'unmuted');
  await card.getByRole('button', { name: 'Hang up' }).click();
  await card.waitFor({ state: 'detached', timeout: 10000 });
  await bob.waitForEvent('CALL_CLOSED', 10000, { since });

  await page.getByRole('tab', { name: 'History' }).click();
  const recent = page.getByRole('list', { name: 'Recent calls' });
  const entry = recent.getByRole('listitem', { name: /^bob, Outgoing · 0:\d\d, \d\d:\d\d$/ });
  await entry.waitFor({ timeout: 5000 });
  await shot('history-all');

  // Call back: the same address, and the Phone view comes forward with the call.
  const sinceBack = bob.eventCursor();
  await entry.getByRole('button', { name: 'Call back bob' }).click();
  const back = page.getByRole('article', { name: 'Call with bob' });
  await back.getByText('In call').waitFor({ timeout: 15000 });
  assert.match(runtime.core.snapshot().calls[0]?.remoteUri ?? '', /^sip:bob@127\.0\.0\.1/);
  await back.getByRole('button', { name: 'Hang up' }).click();
  await back.waitFor({ state: 'detached', timeout: 10000 });
  await bob.waitForEvent('CALL_CLOSED', 10000, { since: sinceBack });
  await page.getByRole('tab', { name: 'History' }).click();
  await eventually(() => recent.getByRole('listitem').count(), (n) => n === 2, 5000, 'two calls in the history');
});

test('a missed call lights the History badge until the history is seen; add the caller to contacts; the name shows next time', async () => {
  await page.getByRole('tab', { name: 'Phone' }).click();
  const since = bob.eventCursor();
  await bob.command('dial', 'sip:alice@127.0.0.1');
  const banner = page.getByRole('region', { name: 'Incoming call from bob' });
  await banner.waitFor({ timeout: 15000 });
  await bob.command('hangup');
  await banner.waitFor({ state: 'detached', timeout: 10000 });
  await bob.waitForEvent('CALL_CLOSED', 10000, { since });
  const historyTab = page.getByRole('tab', { name: /^History\W+1 missed$/ });
  await historyTab.waitFor({ timeout: 5000 });
  await shot('history-badge');

  await historyTab.click();
  await page.getByRole('tab', { name: 'History', exact: true }).waitFor({ timeout: 5000 });
  // The filter is a radio group: arrow keys move between All calls and Missed.
  await page.getByRole('radio', { name: 'All calls' }).focus();
  await page.keyboard.press('ArrowRight');
  assert.equal(await page.getByRole('radio', { name: 'Missed' }).isChecked(), true);
  const missed = page.getByRole('list', { name: 'Missed calls' });
  await eventually(() => missed.getByRole('listitem').count(), (n) => n === 1, 5000, 'one missed call');
  await shot('history-missed');

  await missed.getByRole('button', { name: 'Add bob to contacts' }).click();
  const form = page.getByRole('form', { name: 'New contact' });
  await form.waitFor({ timeout: 5000 });
  assert.equal(await page.getByRole('tab', { name: 'Contacts' }).getAttribute('aria-selected'), 'true');
  assert.equal(await form.getByRole('textbox', { name: 'SIP addresses' }).inputValue(), 'sip:bob@127.0.0.1');
  await form.getByRole('textbox', { name: 'Name' }).fill('Bob Baresip');
  await form.getByRole('button', { name: 'Save contact' }).click();
  await page.getByRole('listitem', { name: 'Bob Baresip' }).waitFor({ timeout: 5000 });

  // Caller ID from contacts: the banner names the contact.
  const since2 = bob.eventCursor();
  await bob.command('dial', 'sip:alice@127.0.0.1');
  const named = page.getByRole('region', { name: 'Incoming call from Bob Baresip' });
  await named.waitFor({ timeout: 15000 });
  await named.getByRole('button', { name: 'Decline' }).click();
  await named.waitFor({ state: 'detached', timeout: 10000 });
  await bob.waitForEvent('CALL_CLOSED', 10000, { since: since2 });

  // The history now shows the contact's name for calls that matched it.
  await page.getByRole('tab', { name: 'History' }).click();
  await page.getByRole('radio', { name: 'All calls' }).check();
  await page.getByRole('list', { name: 'Recent calls' }).getByRole('listitem', { name: /^Bob Baresip, Declined, / }).waitFor({ timeout: 5000 });
});

test('call a contact from the dialpad\'s suggestions and from the contacts view; delete a call and clear the history after confirmations', async () => {
  // Typing part of a name in the dialpad offers the contact.
  await page.getByRole('tab', { name: 'Phone' }).click();
  await page.getByRole('textbox', { name: 'Number or SIP address' }).fill('bares');
  const suggestion = page.getByRole('list', { name: 'Matching contacts' }).getByRole('button', { name: 'Call Bob Baresip, SIP bob@127.0.0.1' });
  await suggestion.waitFor({ timeout: 5000 });
  await shot('dialpad-suggestions');
  const sinceSuggested = bob.eventCursor();
  await suggestion.click();
  const suggested = page.getByRole('article', { name: 'Call with Bob Baresip' });
  await suggested.getByText('In call').waitFor({ timeout: 15000 });
  await suggested.getByRole('button', { name: 'Hang up' }).click();
  await suggested.waitFor({ state: 'detached', timeout: 10000 });
  await bob.waitForEvent('CALL_CLOSED', 10000, { since: sinceSuggested });

  await page.getByRole('tab', { name: 'Contacts' }).click();
  const since = bob.eventCursor();
  await page.getByRole('listitem', { name: 'Bob Baresip' }).getByRole('button', { name: 'Call Bob Baresip' }).click();
  const card = page.getByRole('article', { name: 'Call with Bob Baresip' });
  await card.getByText('In call').waitFor({ timeout: 15000 });
  await card.getByRole('button', { name: 'Transfer' }).click();
  await card.getByRole('textbox', { name: 'Transfer Bob Baresip to' }).waitFor({ timeout: 2000 });
  await shot('call-controls');
  await card.getByRole('button', { name: 'Hang up' }).click();
  await card.waitFor({ state: 'detached', timeout: 10000 });
  await bob.waitForEvent('CALL_CLOSED', 10000, { since });

  await page.getByRole('tab', { name: 'History' }).click();
  const recent = page.getByRole('list', { name: 'Recent calls' });
  await eventually(() => recent.getByRole('listitem').count(), (n) => n === 6, 5000, 'six calls');
  const first = recent.getByRole('listitem').first();
  await first.getByRole('button', { name: /^Delete the call with Bob Baresip/ }).click();
  await first.getByRole('group', { name: 'Confirm deleting the call with Bob Baresip' }).getByRole('button', { name: 'Delete call' }).click();
  await eventually(() => recent.getByRole('listitem').count(), (n) => n === 5, 5000, 'one call deleted');
  await page.getByRole('button', { name: 'Clear history…' }).click();
  await page.getByRole('group', { name: 'Confirm clearing the history' }).getByRole('button', { name: 'Clear all 5 calls' }).click();
  await page.getByText('No calls yet.').waitFor({ timeout: 5000 });
  const left = await command('history.list', {});
  assert.ok(left.ok && left.data.calls.length === 0);
});
