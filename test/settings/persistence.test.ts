/**
 * Settings survive a restart: the real runtime (bootstrap) on a SQLite file
 * in a temp folder, changed through the router, shut down, started again on
 * the same folder. Secrets (webhook HMAC key, control API token) come back
 * from the keychain (the fake store, shared by both runs) and are nowhere in
 * the database files. Invalid stored values fall back to defaults with a
 * logged warning.
 */
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { Result } from '../../main/common/result';
import type { SecretStorePort } from '../../main/core/ports/secrets';
import { bootstrap, type Runtime } from '../../main/electron/bootstrap';
import { createSqliteStorage } from '../../native/storage/sqlite-storage';
import { fakeSecrets, recordingLogger, type RecordingLogger } from '../support/fakes';

const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function start(dataDir: string | undefined, secrets: SecretStorePort, logger: RecordingLogger = recordingLogger()): Runtime {
  return bootstrap({
    app: { name: 'Dialtone', version: '0.0.0-test', mode: 'browser' },
    env: {},
    onQuitRequested: () => undefined,
    ...(dataDir ? { dataDir } : {}),
    overrides: { logger, secrets },
  });
}

async function call<T>(runtime: Runtime, cmd: string, args: unknown = {}): Promise<T> {
  const r = (await runtime.router.dispatch(cmd, args)) as Result<T>;
  if (!r.ok) throw new Error(`${cmd}: ${r.error.code} ${r.error.message}`);
  return r.data;
}

/** Every byte of the database and its WAL/SHM files, as latin1 text. */
function databaseText(dir: string): string {
  return ['dialtone.db', 'dialtone.db-wal', 'dialtone.db-shm']
    .map((f) => join(dir, f))
    .filter(existsSync)
    .map((p) => readFileSync(p).toString('latin1'))
    .join('\n');
}

const SECRET = 'whsec-restart-test-0123456789';

test('call, shell, hook and control API settings survive a restart; secrets stay in the keychain', { timeout: 30_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'dialtone-settings-'));
  dirs.push(dir);
  const secrets = fakeSecrets();
  const received: Array<{ headers: IncomingMessage['headers']; body: string }> = [];
  const receiver = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8').on('data', (c: string) => (body += c));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', () => resolve()));
  const port = (receiver.address() as { port: number }).port;
  after(() => {
    receiver.closeAllConnections();
    receiver.close();
  });

  const firstLog = recordingLogger();
  const first = start(dir, secrets, firstLog);
  await first.ready;
  await call(first, 'calls.configure', { maxCalls: 2, dnd: true, dndStatus: 480, forward: 'noAnswer', forwardTo: 'sip:voicemail@example.com', forwardAfterSeconds: 15, rejectWith: 'decline', autoAnswerOnRequest: true, autoAnswer: true, autoAnswerAfterSeconds: 5, rtpTimeoutSeconds: 30 });
  await call(first, 'shell.configure', { confirmBeforeDial: false, startMinimized: true, handleCallLinks: false });
  await call(first, 'hooks.configure', {
    hooks: {
      webhooks: [{ id: 'crm', url: `http://127.0.0.1:${port}/hook`, events: ['incoming', 'ended'], secret: SECRET, maxAttempts: 1 }],
      screenPops: [{ id: 'pop', urlTemplate: 'https://crm.example.com/search?phone={number}', events: ['answered'] }],
      commands: [{ id: 'log', program: '/bin/true', args: ['{number}'], events: ['missed'] }],
    },
  });
  const api = await call<{ enabled: boolean; token?: string }>(first, 'controlApi.configure', { settings: { enabled: true, port: 0, allowedOrigins: ['https://crm.example.com'] } });
  assert.equal(api.enabled, true);
  const token = api.token ?? '';
  assert.ok(token.length >= 24, 'the API has a token');
  await first.shutdown();

  const stored = databaseText(dir);
  assert.match(stored, /voicemail@example\.com/, 'the call settings are in the database (the check below reads the right file)');
  assert.ok(!stored.includes(SECRET), 'the webhook secret is not in the database');
  assert.ok(!stored.includes(token), 'the control API token is not in the database');
  const logged = JSON.stringify(firstLog.lines);
  assert.ok(!logged.includes(SECRET) && !logged.includes(token), 'neither secret is logged');
  const keychain = await secrets.get('Dialtone', 'webhook:crm');
  assert.deepEqual(keychain, { ok: true, data: SECRET }, 'the webhook secret is in the keychain');

  const logger = recordingLogger();
  const second = start(dir, secrets, logger);
  try {
    await second.ready;
    const calls = await call<Record<string, unknown>>(second, 'calls.settings');
    assert.deepEqual(calls, { maxCalls: 2, dnd: true, dndStatus: 480, forward: 'noAnswer', forwardTo: 'sip:voicemail@example.com', forwardAfterSeconds: 15, rejectWith: 'decline', autoAnswerOnRequest: true, autoAnswer: true, autoAnswerAfterSeconds: 5, rtpTimeoutSeconds: 30 });
    const shell = await call<Record<string, unknown>>(second, 'shell.settings');
    assert.equal(shell['confirmBeforeDial'], false);
    assert.equal(shell['startMinimized'], true);
    assert.equal(shell['handleCallLinks'], false);
    assert.equal(second.shellSettings.get().startMinimized, true, 'the Electron entry reads it before creating the window');
    const hooks = await call<{ webhooks: Array<{ id: string; hasSecret: boolean; enabled: boolean }>; screenPops: unknown[]; commands: unknown[] }>(second, 'hooks.get');
    assert.deepEqual(hooks.webhooks.map((w) => [w.id, w.hasSecret, w.enabled]), [['crm', true, true]]);
    assert.equal(hooks.screenPops.length, 1);
    assert.equal(hooks.commands.length, 1);
    const status = await call<{ enabled: boolean; token?: string; allowedOrigins: string[]; url?: string }>(second, 'controlApi.status');
    assert.equal(status.enabled, true, 'the control API started again at once');
    assert.equal(status.token, token, 'with the same token, from the keychain');
    assert.deepEqual(status.allowedOrigins, ['https://crm.example.com']);
    // The API answers with that token.
    const answer = await fetch(`${status.url ?? ''}/api/calls.settings`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{}' });
    assert.equal(answer.status, 200);
    // The restored webhook still signs with the secret from the keychain.
    await call(second, 'hooks.test', { hookId: 'crm' });
    const delivery = received.at(-1);
    assert.ok(delivery, 'the webhook was delivered');
    const timestamp = String(delivery.headers['x-dialtone-timestamp']);
    assert.equal(delivery.headers['x-dialtone-signature'], `sha256=${createHmac('sha256', SECRET).update(`${timestamp}.${delivery.body}`).digest('hex')}`);
    assert.deepEqual(logger.lines.filter((l) => l.level === 'warn' || l.level === 'error'), [], 'a clean restore logs no warning');

    // Removing the webhook removes its secret from the keychain; turning the API off is stored too.
    await call(second, 'hooks.configure', { hooks: { webhooks: [], screenPops: [], commands: [] } });
    assert.deepEqual(await secrets.get('Dialtone', 'webhook:crm'), { ok: true, data: null });
    await call(second, 'controlApi.configure', { settings: { enabled: false, port: 0, allowedOrigins: [] } });
  } finally {
    await second.shutdown();
  }
  const third = start(dir, secrets);
  try {
    await third.ready;
    assert.equal((await call<{ enabled: boolean }>(third, 'controlApi.status')).enabled, false);
    assert.equal((await call<{ webhooks: unknown[] }>(third, 'hooks.get')).webhooks.length, 0);
  } finally {
    await third.shutdown();
  }
});

test('invalid stored settings fall back to the defaults with a logged warning, and the app still works', { timeout: 30_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'dialtone-settings-'));
  dirs.push(dir);
  const storage = createSqliteStorage({ path: join(dir, 'dialtone.db') });
  const writes = [
    await storage.documents.write('settings.calls', { maxCalls: 999, dnd: 'yes' }),
    await storage.documents.write('settings.shell', 'not an object'),
    // A secret in the stored document is refused (the stored form never has one).
    await storage.documents.write('settings.hooks', { webhooks: [{ id: 'x', url: 'http://127.0.0.1:9/', events: ['incoming'], secret: 'planted-secret-0123456789', hasSecret: false }], screenPops: [], commands: [] }),
    await storage.documents.write('settings.controlApi', { enabled: true, port: 'eighty' }),
  ];
  assert.ok(writes.every((w) => w.ok));
  await storage.close();

  const logger = recordingLogger();
  const runtime = start(dir, fakeSecrets(), logger);
  try {
    await runtime.ready;
    const calls = await call<{ maxCalls: number; dnd: boolean }>(runtime, 'calls.settings');
    assert.equal(calls.maxCalls, 4);
    assert.equal(calls.dnd, false);
    assert.equal((await call<{ confirmBeforeDial: boolean }>(runtime, 'shell.settings')).confirmBeforeDial, true);
    assert.equal((await call<{ webhooks: unknown[] }>(runtime, 'hooks.get')).webhooks.length, 0);
    assert.equal((await call<{ enabled: boolean }>(runtime, 'controlApi.status')).enabled, false);
    const warnings = logger.lines.filter((l) => l.level === 'warn').map((l) => l.message);
    for (const name of ['settings.calls', 'settings.shell', 'settings.hooks', 'settings.controlApi']) {
      assert.ok(warnings.some((w) => w.includes(name)), `a warning names ${name}: ${warnings.join(' | ')}`);
    }
    // A new value is stored over the bad one.
    await call(runtime, 'calls.configure', { maxCalls: 3 });
  } finally {
    await runtime.shutdown();
  }
  const again = start(dir, fakeSecrets());
  try {
    await again.ready;
    assert.equal((await call<{ maxCalls: number }>(again, 'calls.settings')).maxCalls, 3);
  } finally {
    await again.shutdown();
  }
});

test('a stored forwarding target that the checks now refuse turns forwarding off and keeps the other call settings', { timeout: 30_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'dialtone-settings-'));
  dirs.push(dir);
  const storage = createSqliteStorage({ path: join(dir, 'dialtone.db') });
  assert.ok((await storage.documents.write('settings.calls', { maxCalls: 2, dnd: true, forward: 'always', forwardTo: 'call me maybe!' })).ok);
  await storage.close();
  const logger = recordingLogger();
  const runtime = start(dir, fakeSecrets(), logger);
  try {
    await runtime.ready;
    const calls = await call<{ maxCalls: number; dnd: boolean; forward: string; forwardTo?: string }>(runtime, 'calls.settings');
    assert.deepEqual([calls.maxCalls, calls.dnd, calls.forward, calls.forwardTo], [2, true, 'off', undefined]);
    assert.ok(logger.lines.some((l) => l.level === 'warn' && /forwarding target was refused/.test(l.message)), 'the refusal is logged');
  } finally {
    await runtime.shutdown();
  }
});

test('the echo cancellation and noise suppression switches survive a restart; untouched, the engine defaults hold', { timeout: 30_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'dialtone-settings-'));
  dirs.push(dir);
  const first = start(dir, fakeSecrets());
  try {
    await first.ready;
    // A fresh data folder, nothing stored: the engine's defaults (no real device here, WAV files: both off).
    const defaults = await call<{ echoCancellation: boolean; noiseSuppression: boolean }>(first, 'audio.processing');
    assert.deepEqual([defaults.echoCancellation, defaults.noiseSuppression], [false, false]);
    await call(first, 'audio.configureProcessing', { noiseSuppression: true });
  } finally {
    await first.shutdown();
  }
  const again = start(dir, fakeSecrets());
  try {
    await again.ready;
    const restored = await call<{ echoCancellation: boolean; noiseSuppression: boolean }>(again, 'audio.processing');
    assert.deepEqual([restored.echoCancellation, restored.noiseSuppression], [false, true]);
  } finally {
    await again.shutdown();
  }
});

test('a webhook secret the keychain refuses changes nothing; one it cannot give back turns the webhook off', { timeout: 30_000 }, async () => {
  const broken = start(undefined, fakeSecrets({}, 'no keyring here'));
  try {
    await broken.ready;
    const r = await broken.router.dispatch('hooks.configure', { hooks: { webhooks: [{ id: 'crm', url: 'http://127.0.0.1:9/', events: ['incoming'], secret: SECRET }], screenPops: [], commands: [] } });
    assert.equal(r.ok, false);
    assert.equal(!r.ok && r.error.code, 'KEYCHAIN_UNAVAILABLE');
    assert.equal((await call<{ webhooks: unknown[] }>(broken, 'hooks.get')).webhooks.length, 0, 'nothing was configured');
  } finally {
    await broken.shutdown();
  }

  const dir = mkdtempSync(join(tmpdir(), 'dialtone-settings-'));
  dirs.push(dir);
  const first = start(dir, fakeSecrets());
  await first.ready;
  await call(first, 'hooks.configure', { hooks: { webhooks: [{ id: 'crm', url: 'http://127.0.0.1:9/', events: ['incoming'], secret: SECRET }], screenPops: [], commands: [] } });
  await first.shutdown();
  // Another keychain (a new machine, a reset keyring): the secret is gone.
  const logger = recordingLogger();
  const second = start(dir, fakeSecrets(), logger);
  try {
    await second.ready;
    const hooks = await call<{ webhooks: Array<{ enabled: boolean; hasSecret: boolean }> }>(second, 'hooks.get');
    assert.deepEqual(hooks.webhooks.map((w) => [w.enabled, w.hasSecret]), [[false, false]], 'off, never sent unsigned');
    assert.ok(logger.lines.some((l) => l.level === 'warn' && l.message.includes('webhook secret')));
  } finally {
    await second.shutdown();
  }
});

test('a refused change is not stored: forwarding without a target, a control API port in use', { timeout: 30_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'dialtone-settings-'));
  dirs.push(dir);
  const blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', () => resolve()));
  const busyPort = (blocker.address() as { port: number }).port;
  after(() => blocker.close());
  const secrets = fakeSecrets();
  const first = start(dir, secrets);
  await first.ready;
  await call(first, 'calls.configure', { maxCalls: 3 });
  const refused = await first.router.dispatch('calls.configure', { forward: 'always' });
  assert.equal(!refused.ok && refused.error.code, 'INVALID_ARGS');
  await call(first, 'controlApi.configure', { settings: { enabled: true, port: 0, allowedOrigins: [] } });
  const inUse = await first.router.dispatch('controlApi.configure', { settings: { enabled: true, port: busyPort, allowedOrigins: [] } });
  assert.equal(!inUse.ok && inUse.error.code, 'INVALID_CONFIG');
  assert.match(!inUse.ok ? inUse.error.message : '', /already in use/);
  await first.shutdown();

  const second = start(dir, secrets);
  try {
    await second.ready;
    const calls = await call<{ maxCalls: number; forward: string }>(second, 'calls.settings');
    assert.deepEqual([calls.maxCalls, calls.forward], [3, 'off']);
    assert.equal((await call<{ enabled: boolean }>(second, 'controlApi.status')).enabled, false, 'off, as it was when the app quit');
  } finally {
    await second.shutdown();
  }
});

test('when the keychain refuses the second of two webhook secrets, the first is put back', { timeout: 30_000 }, async () => {
  const inner = fakeSecrets({ 'Dialtone/webhook:a': 'old-secret-for-a-0123456789' });
  const picky: SecretStorePort = { ...inner, set: (s, a, v) => (a === 'webhook:b' ? Promise.resolve({ ok: false, error: { code: 'KEYCHAIN_UNAVAILABLE', message: 'locked' } }) : inner.set(s, a, v)) };
  const runtime = start(undefined, picky);
  try {
    await runtime.ready;
    const hook = (id: string, secret: string) => ({ id, url: 'http://127.0.0.1:9/', events: ['incoming'], secret });
    const r = await runtime.router.dispatch('hooks.configure', { hooks: { webhooks: [hook('a', 'new-secret-for-a-0123456789'), hook('b', 'new-secret-for-b-0123456789')], screenPops: [], commands: [] } });
    assert.equal(!r.ok && r.error.code, 'KEYCHAIN_UNAVAILABLE');
    assert.deepEqual(await inner.get('Dialtone', 'webhook:a'), { ok: true, data: 'old-secret-for-a-0123456789' }, 'the first secret is back');
    assert.equal((await call<{ webhooks: unknown[] }>(runtime, 'hooks.get')).webhooks.length, 0);
  } finally {
    await runtime.shutdown();
  }
});

test('the shell settings are ready before a slow keychain answers (the window does not wait for it)', { timeout: 30_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'dialtone-settings-'));
  dirs.push(dir);
  const storage = createSqliteStorage({ path: join(dir, 'dialtone.db') });
  assert.ok((await storage.documents.write('settings.hooks', { webhooks: [{ id: 'crm', enabled: true, url: 'http://127.0.0.1:9/', events: ['incoming'], timeoutMs: 5000, maxAttempts: 5, hasSecret: true }], screenPops: [], commands: [] })).ok);
  await storage.close();
  const inner = fakeSecrets({ 'Dialtone/webhook:crm': SECRET });
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const slow: SecretStorePort = { ...inner, get: async (s, a) => (await gate, inner.get(s, a)) };
  const runtime = start(dir, slow);
  try {
    let allDone = false;
    void runtime.ready.then(() => (allDone = true));
    await runtime.shellReady;
    assert.equal(allDone, false, 'the shell is ready while the keychain has not answered');
    release();
    await runtime.ready;
    assert.deepEqual((await call<{ webhooks: Array<{ hasSecret: boolean }> }>(runtime, 'hooks.get')).webhooks.map((w) => w.hasSecret), [true]);
  } finally {
    release();
    await runtime.shutdown();
  }
});
