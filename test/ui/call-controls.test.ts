/**
 * The call controls as components, in Chromium, with a fake bridge in place of
 * the preload's `window.dialtone` (the built renderer picks it up as it would
 * in Electron): Merge and Split send `call.merge { callIds }` and
 * `call.split { callId }` exactly as agreed (the core side lands from another
 * lane), mute, swap, blind and attended transfer send their commands, and
 * every control follows the `call.updated` events, never its own clicks.
 * Caller names come from `contacts.lookup` when a call has no display name.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import type { CallView, Snapshot } from '../../main/common/ipc/contract';
import { launchChromium } from '../support/chromium';
import { repoRoot } from '../support/headless';
import { auditPage } from './a11y-audit';

const rendererDir = join(repoRoot, 'app', 'dist', 'renderer');
const shots = join(repoRoot, 'test-results', 'ui');
mkdirSync(shots, { recursive: true });
const origin = 'http://127.0.0.1:9';

const bob: CallView = { callId: 'a', accountId: 'alice@h', direction: 'outgoing', state: 'active', remoteUri: 'sip:bob@h', srtp: true, remoteHold: false, muted: false, startedAt: Date.now() - 65000, answeredAt: Date.now() - 60000, codec: 'opus' };
const carol: CallView = { callId: 'b', accountId: 'alice@h', direction: 'incoming', state: 'held', remoteUri: 'sip:2001@h', srtp: true, remoteHold: false, muted: false, startedAt: Date.now() - 30000, answeredAt: Date.now() - 25000, codec: 'g722' };
const snapshot: Snapshot = {
  seq: 10,
  app: { name: 'Dialtone', version: 'test', mode: 'electron' },
  accounts: [{ id: 'alice@h', aor: 'sip:alice@h', server: 'h', transport: 'tls', srtp: 'required', registration: { state: 'registered' } }],
  calls: [bob, carol],
};

/** Installed before the app's script: a DialtoneApi that records commands and lets the test push events. */
const fakeBridge = String.raw`(() => {
  const snapshot = ${JSON.stringify(snapshot)};
  window.__sent = [];
  window.__listeners = [];
  window.__seq = snapshot.seq;
  window.__emit = (event, data) => { window.__seq += 1; for (const l of window.__listeners) l({ event, seq: window.__seq, data }); };
  const carol = { id: 'k1', name: 'Carol Shannon', organization: '', phones: [{ number: '2001', label: 'work' }], sipUris: [], emails: [], favourite: false, notes: '', createdAt: 1, updatedAt: 1 };
  const answers = {
    snapshot: () => ({ ...snapshot, seq: window.__seq }),
    'sip.trace': () => ({ entries: [] }),
    // 250 calls in the history, newest first, for the paging test.
    'history.list': (args) => ({
      calls: Array.from({ length: Math.min(args.limit ?? 50, 250) }, (_, i) => ({ id: 250 - i, callId: 'h' + i, accountId: 'alice@h', direction: 'outgoing', remoteUri: 'sip:' + (1000 + i) + '@h', startedAt: Date.now() - i * 60000, endedAt: Date.now() - i * 60000 + 5000, answeredAt: Date.now() - i * 60000 + 1000, durationSeconds: 4, outcome: 'answered', endedBy: 'local', seen: true })),
      missedUnseen: 0,
    }),
    'contacts.lookup': (args) => ({ contact: args.number === 'sip:2001@h' ? carol : null }),
  };
  window.dialtone = {
    invoke: async (cmd, args) => {
      window.__sent.push([cmd, args]);
      const answer = answers[cmd];
      return { ok: true, data: answer ? answer(args) : {} };
    },
    onEvent: (listener) => { window.__listeners.push(listener); return () => undefined; },
  };
})();`;

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

let browser: Awaited<ReturnType<typeof launchChromium>>;
let page: Page;

/** The commands sent so far, except the store's and views' own reads, and clears the record. */
async function sent(): Promise<Array<[string, unknown]>> {
  return page.evaluate(() => {
    const w = window as unknown as { __sent: Array<[string, unknown]> };
    const out = w.__sent.filter(([cmd]) => !['snapshot', 'sip.trace', 'history.list', 'contacts.lookup'].includes(cmd));
    w.__sent = [];
    return out;
  });
}

async function emit(call: CallView): Promise<void> {
  await page.evaluate((data) => (window as unknown as { __emit: (e: string, d: unknown) => void }).__emit('call.updated', data), call);
}

before(async () => {
  assert.ok(existsSync(join(rendererDir, 'index.html')), 'the renderer is not built: run `npm run build`');
  browser = await launchChromium();
  page = await browser.context.newPage();
  // Serve the built renderer from disk; nothing reaches the network.
  await page.route(`${origin}/**`, async (route) => {
    const path = new URL(route.request().url()).pathname;
    const file = normalize(join(rendererDir, path === '/' ? 'index.html' : path));
    if (!file.startsWith(rendererDir) || !existsSync(file)) return route.fulfill({ status: 404, body: '' });
    const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };
    return route.fulfill({ status: 200, body: readFileSync(file), contentType: types[extname(file)] ?? 'application/octet-stream' });
  });
  await page.addInitScript(fakeBridge);
  await page.setViewportSize({ width: 400, height: 900 });
  await page.goto(`${origin}/`);
  await page.getByRole('article', { name: 'Call with bob' }).waitFor({ timeout: 10000 });
});

after(async () => {
  await browser?.close();
});

test('a held call shows the contact name from caller ID and offers Swap; Merge joins the two calls', async () => {
  const carolCard = page.getByRole('article', { name: 'Call with Carol Shannon' });
  await carolCard.waitFor({ timeout: 5000 });
  await carolCard.getByRole('button', { name: 'Swap to Carol Shannon' }).click();
  assert.deepEqual(await sent(), [['call.swap', { callId: 'b' }]]);

  const merge = page.getByRole('button', { name: 'Merge the calls with bob and Carol Shannon' });
  await merge.click();
  assert.deepEqual(await sent(), [['call.merge', { callIds: ['a', 'b'] }]]);
  // Nothing changes until the core says so.
  assert.equal(await page.getByRole('button', { name: /^Split/ }).count(), 0);
  await page.screenshot({ path: join(shots, 'call-two-calls.png') });

  await emit({ ...bob, conference: 'conf-1' });
  await emit({ ...carol, state: 'active', conference: 'conf-1' });
  await carolCard.getByText('Conference').waitFor({ timeout: 2000 });
  await merge.waitFor({ state: 'detached', timeout: 2000 });
  const problems = await auditPage(page);
  assert.deepEqual(problems, []);
  await page.screenshot({ path: join(shots, 'call-conference.png') });
  await page.getByRole('button', { name: 'Split Carol Shannon from the conference' }).click();
  assert.deepEqual(await sent(), [['call.split', { callId: 'b' }]]);
  await emit({ ...bob, state: 'held' });
  await emit({ ...carol, state: 'active' });
  await page.getByRole('button', { name: /^Split/ }).first().waitFor({ state: 'detached', timeout: 2000 });
  await page.getByRole('button', { name: 'Merge the calls with bob and Carol Shannon' }).waitFor({ timeout: 2000 });
});

test('mute follows CallView.muted; blind and attended transfer send call.transfer and show its progress', async () => {
  const card = page.getByRole('article', { name: 'Call with Carol Shannon' });
  const mute = card.getByRole('button', { name: 'Mute' });
  assert.equal(await mute.getAttribute('aria-pressed'), 'false');
  await mute.click();
  assert.deepEqual(await sent(), [['call.mute', { callId: 'b', muted: true }]]);
  assert.equal(await mute.getAttribute('aria-pressed'), 'false', 'not optimistic');
  await emit({ ...carol, state: 'active', muted: true });
  await card.getByText('Muted').waitFor({ timeout: 2000 });
  assert.equal(await mute.getAttribute('aria-pressed'), 'true');
  await mute.click();
  assert.deepEqual(await sent(), [['call.mute', { callId: 'b', muted: false }]]);

  await card.getByRole('button', { name: 'Transfer' }).click();
  const panel = card.getByRole('group', { name: 'Transfer Carol Shannon' });
  const to = panel.getByRole('textbox', { name: 'Transfer Carol Shannon to' });
  assert.equal(await to.evaluate((el) => el === document.activeElement), true, 'focus moves to the target');
  assert.equal(await panel.getByRole('button', { name: 'Transfer' }).isDisabled(), true, 'nothing to transfer to yet');
  await to.fill(' +1 (555) 010-0300 ');
  await page.screenshot({ path: join(shots, 'call-transfer.png') });
  assert.deepEqual(await auditPage(page), []);
  await to.press('Enter');
  assert.deepEqual(await sent(), [['call.transfer', { callId: 'b', target: '+15550100300' }]]);
  await panel.waitFor({ state: 'detached', timeout: 2000 });
  await emit({ ...carol, state: 'active', transfer: { state: 'failed', status: 486 } });
  await card.getByRole('status').getByText('Transfer failed (486). The call is still yours.').waitFor({ timeout: 2000 });

  await card.getByRole('button', { name: 'Transfer' }).click();
  await panel.getByRole('button', { name: 'Connect Carol Shannon with bob' }).click();
  assert.deepEqual(await sent(), [['call.transfer', { callId: 'b', replacesCallId: 'a' }]]);
  await emit({ ...carol, state: 'active', transfer: { state: 'accepted', status: 202 } });
  await card.getByText('Transfer accepted, connecting (202)…').waitFor({ timeout: 2000 });
});

test('the history shows the newest 200 calls, and older ones on request', async () => {
  await page.getByRole('tab', { name: 'History' }).click();
  const list = page.getByRole('list', { name: 'Recent calls' });
  await eventually(() => list.getByRole('listitem').count(), (n) => n === 200, 5000, 'the first page');
  await page.getByRole('button', { name: 'Show older calls' }).click();
  await eventually(() => list.getByRole('listitem').count(), (n) => n === 250, 5000, 'every call');
  assert.equal(await page.getByRole('button', { name: 'Show older calls' }).count(), 0, 'nothing older');
  await page.getByRole('tab', { name: 'Phone' }).click();
});

test('a failed merge (a core without call.merge) shows its reason', async () => {
  await page.evaluate(() => {
    const w = window as unknown as { dialtone: { invoke: (c: string, a: unknown) => Promise<unknown> } };
    const original = w.dialtone.invoke;
    w.dialtone.invoke = async (cmd, args) => (cmd === 'call.merge' ? { ok: false, error: { code: 'UNKNOWN_COMMAND', message: 'Unknown command "call.merge".' } } : original(cmd, args));
  });
  await page.getByRole('button', { name: /^Merge the calls/ }).click();
  await page.getByRole('alert').getByText('Unknown command "call.merge".').waitFor({ timeout: 2000 });
});
