/**
 * The local control API over real HTTP and WebSocket on 127.0.0.1: off by
 * default; token required; Host must be the loopback server; an Origin must
 * be allowed (and then gets CORS); some commands stay with the app; events
 * reach WebSocket clients.
 */
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { test, type TestContext } from 'node:test';
import WebSocket from 'ws';
import { startCore } from '../support/core-driver';

interface Reply {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

function call(port: number, path: string, opts: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: opts.method ?? 'POST', headers: opts.headers ?? {}, timeout: 5000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end(opts.body);
  });
}

const TOKEN = 'control-token-for-tests-0123456789';
const ORIGIN = 'https://crm.example.com';

async function started(t: TestContext) {
  const core = startCore({ env: { DIALTONE_CONTROL_TOKEN: TOKEN } });
  t.after(() => core.stop());
  const off = await core.runtime.router.dispatch('controlApi.status', {});
  assert.ok(off.ok);
  assert.deepEqual(off.data, { enabled: false, allowedOrigins: [] }, 'off by default');
  const on = await core.runtime.router.dispatch('controlApi.configure', { settings: { enabled: true, port: 0, allowedOrigins: [ORIGIN] } });
  assert.ok(on.ok, JSON.stringify(on));
  const status = on.data as { port: number; token: string; url: string };
  assert.equal(status.token, TOKEN, 'the token comes from DIALTONE_CONTROL_TOKEN');
  assert.equal(status.url, `http://127.0.0.1:${status.port}`);
  return { core, port: status.port };
}

const auth = { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' };

test('HTTP: a command with the Bearer token runs; without it, or with another, 401', async (t) => {
  const { port } = await started(t);
  const ok = await call(port, '/api/snapshot', { headers: auth, body: '{}' });
  assert.equal(ok.status, 200);
  const snap = JSON.parse(ok.body) as { ok: boolean; data: { app: { mode: string } } };
  assert.equal(snap.ok, true);
  assert.equal(snap.data.app.mode, 'headless');
  assert.equal((await call(port, '/api/snapshot', { body: '{}' })).status, 401);
  assert.equal((await call(port, '/api/snapshot', { headers: { Authorization: `Bearer ${TOKEN}x` } })).status, 401);
  const noBody = await call(port, '/api/hooks.get', { headers: { Authorization: `Bearer ${TOKEN}` } });
  assert.equal(noBody.status, 200, 'an empty body means no arguments');
});

test('HTTP: bad input gets a clear error and status', async (t) => {
  const { port } = await started(t);
  const bad = await call(port, '/api/call.dial', { headers: auth, body: '{"target":' });
  assert.equal(bad.status, 400);
  assert.match(JSON.parse(bad.body).error.message, /not valid JSON/);
  const invalid = await call(port, '/api/call.dial', { headers: auth, body: '{"target":""}' });
  assert.equal(invalid.status, 400);
  assert.equal(JSON.parse(invalid.body).error.code, 'INVALID_ARGS');
  const unknown = await call(port, '/api/no.such', { headers: auth, body: '{}' });
  assert.equal(unknown.status, 404);
  assert.equal(JSON.parse(unknown.body).error.code, 'UNKNOWN_COMMAND');
  const notFound = await call(port, '/api/diagnostics.run', { headers: auth, body: '{"accountId":"nobody@x"}' });
  assert.equal(notFound.status, 404);
  assert.equal((await call(port, '/api/snapshot', { method: 'GET', headers: auth })).status, 405);
  assert.equal((await call(port, '/other', { headers: auth })).status, 404);
});

test('HTTP: quitting and reconfiguring the API are refused through it', async (t) => {
  const { port, core } = await started(t);
  for (const cmd of ['quit', 'controlApi.configure', 'controlApi.status']) {
    const r = await call(port, `/api/${cmd}`, { headers: auth, body: cmd === 'controlApi.configure' ? '{"settings":{"enabled":true,"allowedOrigins":["https://evil.example"]}}' : '{}' });
    assert.equal(r.status, 403, cmd);
    assert.equal(JSON.parse(r.body).error.code, 'FORBIDDEN_SENDER');
  }
  const status = await core.runtime.router.dispatch('controlApi.status', {});
  assert.ok(status.ok);
  assert.deepEqual((status.data as { allowedOrigins: string[] }).allowedOrigins, [ORIGIN]);
});

test('HTTP: Host must be this loopback server (DNS rebinding); Origin must be allowed, and then gets CORS', async (t) => {
  const { port } = await started(t);
  assert.equal((await call(port, '/api/snapshot', { headers: { ...auth, Host: `evil.example:${port}` } })).status, 421);
  assert.equal((await call(port, '/api/snapshot', { headers: { ...auth, Host: `localhost:${port}` }, body: '{}' })).status, 200);
  const foreign = await call(port, '/api/snapshot', { headers: { ...auth, Origin: 'https://evil.example' }, body: '{}' });
  assert.equal(foreign.status, 403);
  const allowed = await call(port, '/api/snapshot', { headers: { ...auth, Origin: ORIGIN }, body: '{}' });
  assert.equal(allowed.status, 200);
  assert.equal(allowed.headers['access-control-allow-origin'], ORIGIN);
  const preflight = await call(port, '/api/call.dial', { method: 'OPTIONS', headers: { Origin: ORIGIN, 'Access-Control-Request-Method': 'POST' } });
  assert.equal(preflight.status, 204);
  assert.equal(preflight.headers['access-control-allow-origin'], ORIGIN);
  assert.match(String(preflight.headers['access-control-allow-headers']), /Authorization/);
  assert.equal((await call(port, '/api/call.dial', { method: 'OPTIONS', headers: { Origin: 'https://evil.example' } })).status, 403);
});

function openWs(url: string, headers: Record<string, string> = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers, handshakeTimeout: 5000 });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode ?? 0}`)));
    ws.once('error', reject);
  });
}

test('WebSocket: token in the query, frames in and out, events pushed; refused without the token or from a foreign origin', async (t) => {
  const { port, core } = await started(t);
  await assert.rejects(openWs(`ws://127.0.0.1:${port}/ws`), /HTTP 401/);
  await assert.rejects(openWs(`ws://127.0.0.1:${port}/ws?token=${TOKEN}`, { Origin: 'https://evil.example' }), /HTTP 403/);
  const ws = await openWs(`ws://127.0.0.1:${port}/ws?token=${TOKEN}`, { Origin: ORIGIN });
  t.after(() => ws.terminate());
  const frames: Array<Record<string, unknown>> = [];
  ws.on('message', (data: Buffer) => frames.push(JSON.parse(data.toString()) as Record<string, unknown>));
  const waitFor = async (pred: (f: Record<string, unknown>) => boolean): Promise<Record<string, unknown>> => {
    const deadline = Date.now() + 5000;
    for (;;) {
      const hit = frames.find(pred);
      if (hit) return hit;
      if (Date.now() > deadline) throw new Error(`frame not seen: ${JSON.stringify(frames)}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  ws.send(JSON.stringify({ id: 1, cmd: 'snapshot' }));
  const reply = await waitFor((f) => f['id'] === 1);
  assert.equal(reply['ok'], true);
  ws.send(JSON.stringify({ id: 2, cmd: 'quit' }));
  assert.equal(((await waitFor((f) => f['id'] === 2))['error'] as { code: string }).code, 'FORBIDDEN_SENDER');
  ws.send(JSON.stringify({ id: 3, cmd: 'hooks.configure', args: { hooks: { webhooks: [{ id: 'w', url: 'https://crm.example.com/hook', events: ['incoming'], secret: 'a-secret-of-16-chars' }] } } }));
  const configured = await waitFor((f) => f['id'] === 3);
  assert.equal(configured['ok'], true);
  assert.doesNotMatch(JSON.stringify(configured), /a-secret-of-16-chars/);
  // An event from the core reaches the WebSocket client.
  await core.runtime.core.saveAccount({ aor: 'sip:bob@127.0.0.1', username: 'bob', server: '127.0.0.1:9', transport: 'udp', codecs: ['pcmu'], srtp: 'off', register: false });
  const event = await waitFor((f) => f['event'] === 'accounts.changed');
  assert.equal(typeof event['seq'], 'number');
});

test('turning it off closes the port; a port in use is a clear error', async (t) => {
  const { port, core } = await started(t);
  const off = await core.runtime.router.dispatch('controlApi.configure', { settings: { enabled: false } });
  assert.ok(off.ok);
  await assert.rejects(call(port, '/api/snapshot', { headers: auth }), /ECONNREFUSED/);
  const other = startCore({});
  t.after(() => other.stop());
  const first = await other.runtime.router.dispatch('controlApi.configure', { settings: { enabled: true, port: 0 } });
  assert.ok(first.ok);
  const taken = (first.data as { port: number }).port;
  const clash = await core.runtime.router.dispatch('controlApi.configure', { settings: { enabled: true, port: taken } });
  assert.equal(!clash.ok && clash.error.code, 'INVALID_CONFIG');
  assert.match(!clash.ok ? clash.error.message : '', new RegExp(`Port ${taken} on 127\\.0\\.0\\.1 is already in use`));
  const rotated = await other.runtime.router.dispatch('controlApi.configure', { settings: { enabled: true, port: 0 }, rotateToken: true });
  assert.ok(rotated.ok && first.ok);
  assert.notEqual((rotated.data as { token: string }).token, (first.data as { token: string }).token);
});
