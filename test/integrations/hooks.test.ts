/**
 * Call hooks against real things on loopback: a webhook receiver (node:http)
 * that checks the JSON payload and the HMAC signature, the real fetch-based
 * HTTP adapter with its retries and timeouts, and the real process runner
 * running a node script that records its argv, fed with hostile caller names.
 */
import assert from 'node:assert/strict';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { AppEvent, CallView } from '../../main/common/ipc/contract';
import { HooksConfigSchema, type HooksConfig } from '../../main/common/models/integrations';
import { ok } from '../../main/common/result';
import { createHookService, type HookFailure } from '../../main/core/hooks/hook-service';
import { MAX_VALUE_CHARS } from '../../main/core/hooks/template';
import { createNodeHttp } from '../../main/electron/adapters/node-http';
import { createProcessRunner } from '../../main/electron/adapters/process-runner';
import { createSystemClock } from '../../main/electron/adapters/system-clock';
import { recordingLogger } from '../support/fakes';

const dir = mkdtempSync(join(tmpdir(), 'dialtone-hooks-'));
after(() => rmSync(dir, { recursive: true, force: true }));

interface Received {
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

/** A webhook receiver on 127.0.0.1 answering with the scripted statuses (the last repeats); 'hang' never answers. */
async function receiver(script: Array<number | 'hang'>): Promise<{ url: string; got: Received[]; close(): Promise<void>; server: Server }> {
  const got: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      got.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const step = script[Math.min(got.length - 1, script.length - 1)] ?? 200;
      if (step === 'hang') return;
      res.writeHead(step).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    got,
    server,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function verify(secret: string, r: Received): boolean {
  const ts = String(r.headers['x-dialtone-timestamp'] ?? '');
  const sig = String(r.headers['x-dialtone-signature'] ?? '');
  const want = `sha256=${createHmac('sha256', secret).update(`${ts}.${r.body}`).digest('hex')}`;
  return sig.length === want.length && timingSafeEqual(Buffer.from(sig), Buffer.from(want));
}

let seq = 0;
const call = (over: Partial<CallView> = {}): CallView => ({ callId: 'call-1', accountId: 'alice@127.0.0.1', direction: 'incoming', state: 'ringing', remoteUri: 'sip:%2B4930123@127.0.0.1', srtp: false, remoteHold: false, muted: false, startedAt: Date.now(), ...over });
const incoming = (over: Partial<CallView> = {}): AppEvent => ({ event: 'call.updated', seq: ++seq, data: call(over) });

function service(hooks: unknown, failures: HookFailure[] = [], opener: string[] = []) {
  const s = createHookService({
    ports: { http: createNodeHttp(), commands: createProcessRunner(), urls: { open: async (url) => (opener.push(url), ok(undefined)) } },
    clock: createSystemClock(),
    random: Math.random,
    logger: recordingLogger(),
    onFailed: (f) => failures.push(f),
    backoffBaseMs: 20,
  });
  const parsed = HooksConfigSchema.parse(hooks);
  s.configure(parsed as HooksConfig);
  return s;
}

test('a webhook receives the JSON payload with a valid HMAC-SHA256 signature', async (t) => {
  const r = await receiver([200]);
  t.after(() => r.close());
  const secret = 's3cret-s3cret-s3cret';
  const s = service({ webhooks: [{ id: 'crm', url: r.url, events: ['incoming', 'ringing'], secret }] });
  t.after(() => s.stop());
  s.handle(incoming({ remoteName: 'Bob' }));
  await s.idle();
  assert.equal(r.got.length, 2);
  const [first, second] = r.got;
  assert.ok(first && second);
  assert.ok(verify(secret, first), 'signature of the first delivery');
  assert.ok(verify(secret, second), 'signature of the second delivery');
  assert.equal(verify('another-secret-value', first), false);
  assert.equal(first.headers['content-type'], 'application/json');
  assert.equal(first.headers['x-dialtone-event'], 'incoming');
  const body = JSON.parse(first.body) as Record<string, unknown>;
  assert.equal(body['event'], 'incoming');
  assert.equal(body['number'], '+4930123');
  assert.equal(body['name'], 'Bob');
  assert.equal(body['callId'], 'call-1');
  assert.equal(body['direction'], 'incoming');
  assert.equal(JSON.parse(second.body).event, 'ringing');
  assert.ok(Math.abs(Number(first.headers['x-dialtone-timestamp']) - Date.now() / 1000) < 30);
});

test('a webhook retries 503 with backoff until it succeeds; a 400 is final and reported', async (t) => {
  const flaky = await receiver([503, 503, 200]);
  const broken = await receiver([400]);
  t.after(() => Promise.all([flaky.close(), broken.close()]));
  const failures: HookFailure[] = [];
  const s = service(
    {
      webhooks: [
        { id: 'flaky', url: flaky.url, events: ['incoming'], maxAttempts: 5 },
        { id: 'broken', url: broken.url, events: ['incoming'], maxAttempts: 5 },
      ],
    },
    failures,
  );
  t.after(() => s.stop());
  s.handle(incoming());
  await s.idle();
  assert.equal(flaky.got.length, 3);
  assert.equal(flaky.got[0]?.headers['x-dialtone-delivery'], flaky.got[2]?.headers['x-dialtone-delivery'], 'retries keep the delivery id');
  assert.equal(flaky.got[0]?.headers['x-dialtone-signature'], undefined, 'unsigned without a secret');
  assert.equal(broken.got.length, 1);
  assert.deepEqual(failures.map((f) => [f.hookId, f.kind, f.event, f.reason.message]), [['broken', 'webhook', 'incoming', 'The webhook answered HTTP 400.']]);
});

test('a webhook that never answers times out per attempt and gives up after maxAttempts', async (t) => {
  const r = await receiver(['hang']);
  t.after(() => r.close());
  const failures: HookFailure[] = [];
  const s = service({ webhooks: [{ id: 'slow', url: r.url, events: ['incoming'], timeoutMs: 500, maxAttempts: 2 }] }, failures);
  t.after(() => s.stop());
  const started = Date.now();
  s.handle(incoming());
  await s.idle();
  assert.equal(r.got.length, 2);
  assert.equal(failures[0]?.reason.code, 'HOOK_FAILED');
  assert.match(failures[0]?.reason.message ?? '', /did not answer within 500 ms/);
  assert.ok(Date.now() - started < 5000);
});

test('handle() returns at once: hooks never run inside the event listener', async (t) => {
  const r = await receiver(['hang']);
  t.after(() => r.close());
  const s = service({ webhooks: [{ id: 'slow', url: r.url, events: ['incoming'], timeoutMs: 500, maxAttempts: 1 }] });
  t.after(() => s.stop());
  const before = process.hrtime.bigint();
  s.handle(incoming());
  const elapsedMs = Number(process.hrtime.bigint() - before) / 1e6;
  assert.equal(r.got.length, 0, 'nothing was sent synchronously');
  assert.ok(elapsedMs < 50, `handle took ${elapsedMs} ms`);
  await s.idle();
});

test('a hostile display name reaches a command hook as one literal argument: no shell, no injection', async (t) => {
  const out = join(dir, 'argv.json');
  const pwned = join(dir, 'pwned');
  const script = join(dir, 'record-argv.cjs');
  writeFileSync(script, `require('node:fs').writeFileSync(${JSON.stringify(out)}, JSON.stringify(process.argv.slice(2)));\n`);
  const names = [
    `"; touch ${pwned}; echo "`,
    `$(touch ${pwned}) \`touch ${pwned}\` | touch ${pwned} & touch ${pwned} > ${pwned}`,
    `' || touch ${pwned} '`,
    `Zoë 🦊 中文 \u202e`,
    'x'.repeat(20_000),
  ];
  for (const name of names) {
    rmSync(out, { force: true });
    const failures: HookFailure[] = [];
    const s = service({ commands: [{ id: 'crm', program: process.execPath, args: [script, '--name', '{name}', '--number={number}', '{callId}'], events: ['incoming'] }] }, failures);
    t.after(() => s.stop());
    s.handle(incoming({ callId: `c-${name.length}`, remoteName: name }));
    await s.idle();
    assert.deepEqual(failures, []);
    const argv = JSON.parse(readFileSync(out, 'utf8')) as string[];
    assert.deepEqual(argv, ['--name', name.slice(0, MAX_VALUE_CHARS), '--number=+4930123', `c-${name.length}`]);
    assert.equal(existsSync(pwned), false, `injection through ${name.slice(0, 30)}`);
  }
});

test('a hostile display name stays inside the screen-pop URL query', async (t) => {
  const opened: string[] = [];
  const s = service({ screenPops: [{ id: 'pop', urlTemplate: 'https://crm.example.com/calls?name={name}&number={number}&id={callId}' }] }, [], opened);
  t.after(() => s.stop());
  const name = '"><script>alert(1)</script>&number=666#@evil.example/';
  s.handle(incoming({ remoteName: name }));
  await s.idle();
  assert.equal(opened.length, 1);
  const url = new URL(opened[0] ?? '');
  assert.equal(url.origin, 'https://crm.example.com');
  assert.equal(url.searchParams.get('name'), name);
  assert.deepEqual(url.searchParams.getAll('number'), ['+4930123']);
  assert.equal(url.hash, '');
});

test('a command that fails or is missing is reported, and the next call still fires', async (t) => {
  const failures: HookFailure[] = [];
  const s = service(
    {
      commands: [
        { id: 'exit3', program: process.execPath, args: ['-e', 'process.exit(3)'], events: ['incoming'] },
        { id: 'missing', program: join(dir, 'no-such-program'), args: [], events: ['incoming'] },
        { id: 'stuck', program: process.execPath, args: ['-e', 'setTimeout(() => {}, 20000)'], events: ['incoming'], timeoutMs: 500 },
      ],
    },
    failures,
  );
  t.after(() => s.stop());
  s.handle(incoming());
  await s.idle();
  assert.deepEqual(failures.map((f) => [f.hookId, f.reason.code]).sort(), [['exit3', 'HOOK_FAILED'], ['missing', 'INVALID_CONFIG'], ['stuck', 'HOOK_FAILED']]);
  assert.match(failures.find((f) => f.hookId === 'stuck')?.reason.message ?? '', /ran longer than 500 ms and was stopped/);
  assert.match(failures.find((f) => f.hookId === 'exit3')?.reason.message ?? '', /code 3/);
});

test('hook settings: batch files, duplicate ids, non-http webhooks and short secrets are refused; secrets are never in the view', () => {
  assert.equal(HooksConfigSchema.safeParse({ commands: [{ id: 'a', program: 'C:\\crm\\pop.bat', events: ['incoming'] }] }).success, false);
  assert.equal(HooksConfigSchema.safeParse({ webhooks: [{ id: 'a', url: 'http://x/', events: ['incoming'] }], screenPops: [{ id: 'a', urlTemplate: 'https://x/' }] }).success, false);
  assert.equal(HooksConfigSchema.safeParse({ webhooks: [{ id: 'a', url: 'ftp://x/', events: ['incoming'] }] }).success, false);
  assert.equal(HooksConfigSchema.safeParse({ webhooks: [{ id: 'a', url: 'https://x/', events: ['incoming'], secret: 'short' }] }).success, false);
  const s = service({ webhooks: [{ id: 'a', url: 'https://x.example/', events: ['incoming'], secret: 'sixteen-chars-ok!' }] });
  const view = s.view();
  assert.equal(view.webhooks[0]?.hasSecret, true);
  assert.doesNotMatch(JSON.stringify(view), /sixteen-chars-ok/);
  // Configuring again without `secret` keeps it; null removes it.
  assert.equal(s.configure(HooksConfigSchema.parse({ webhooks: [{ id: 'a', url: 'https://x.example/', events: ['incoming'] }] })).webhooks[0]?.hasSecret, true);
  assert.equal(s.configure(HooksConfigSchema.parse({ webhooks: [{ id: 'a', url: 'https://x.example/', events: ['incoming'], secret: null }] })).webhooks[0]?.hasSecret, false);
  s.stop();
});

test('hooks.test runs one hook now with a sample call, even when disabled, and says why it failed', async (t) => {
  const good = await receiver([200]);
  const bad = await receiver([500]);
  t.after(() => Promise.all([good.close(), bad.close()]));
  const s = service({
    webhooks: [
      { id: 'good', url: good.url, events: ['ended'], enabled: false, secret: 'sample-secret-0123456789' },
      { id: 'bad', url: bad.url, events: ['ended'], maxAttempts: 1 },
    ],
  });
  t.after(() => s.stop());
  assert.deepEqual(await s.test('good'), { ok: true, data: { kind: 'webhook' } });
  assert.equal(good.got.length, 1);
  assert.ok(verify('sample-secret-0123456789', good.got[0] as Received));
  const sample = JSON.parse(good.got[0]?.body ?? '{}') as { number?: string; name?: string; event?: string };
  assert.deepEqual([sample.event, sample.number, sample.name], ['incoming', '+15555550100', 'Dialtone test']);
  const failed = await s.test('bad');
  assert.equal(!failed.ok && failed.error.code, 'HOOK_FAILED');
  assert.match(!failed.ok ? failed.error.message : '', /HTTP 500/);
  const missing = await s.test('nope');
  assert.equal(!missing.ok && missing.error.code, 'NOT_FOUND');
});
