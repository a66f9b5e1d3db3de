/**
 * Browser mode's server, against the real runtime: static files, and the
 * WebSocket's token, origin and host checks, replies and events.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import WebSocket from 'ws';
import { bootstrap } from '../../main/electron/bootstrap';
import { startBrowserBridge } from '../../main/electron/bridges/browser-bridge';
import { fakeSecrets, recordingLogger } from '../support/fakes';

const staticDir = mkdtempSync(join(tmpdir(), 'dialtone-www-'));
writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Dialtone</title>');
let quitRequested = 0;
const runtime = bootstrap({
  app: { name: 'Dialtone', version: '0.0.0', mode: 'browser' },
  env: { DIALTONE_PASSWORD: 'pw' },
  onQuitRequested: () => quitRequested++,
  overrides: { logger: recordingLogger(), secrets: fakeSecrets() },
});
const bridge = await startBrowserBridge({ router: runtime.router, core: runtime.core, logger: runtime.logger, staticDir });
const origin = `http://127.0.0.1:${bridge.port}`;
after(() => bridge.close());

function get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: bridge.port, path, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (c: string) => (body += c)).on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject).end();
  });
}

function connect(token: string, wsOrigin = origin): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${bridge.port}/ws?token=${encodeURIComponent(token)}`, { origin: wsOrigin });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

function nextMessage(ws: WebSocket, pred: (m: Record<string, unknown>) => boolean): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no message within 5 s')), 5000);
    const on = (data: WebSocket.RawData): void => {
      const m = JSON.parse(data.toString()) as Record<string, unknown>;
      if (pred(m)) {
        clearTimeout(timer);
        ws.off('message', on);
        resolve(m);
      }
    };
    ws.on('message', on);
  });
}

test('the page is served on 127.0.0.1 with a CSP; the token is only in the URL fragment', async () => {
  assert.match(bridge.url, new RegExp(`^${origin}/#token=[A-Za-z0-9_-]{32}$`));
  const page = await get('/');
  assert.equal(page.status, 200);
  assert.match(String(page.headers['content-security-policy']), /connect-src 'self' ws:\/\/127\.0\.0\.1:\d+/);
  assert.equal((await get('/../../etc/passwd')).status, 404);
  assert.equal((await get('/', { Host: 'evil.example' })).status, 421, 'a DNS-rebinding host is refused');
});

test('a WebSocket without the token or from another origin is refused', async () => {
  await assert.rejects(connect('wrong-token'), /HTTP 403/);
  await assert.rejects(connect(''), /HTTP 403/);
  await assert.rejects(connect(bridge.token, 'http://evil.example'), /HTTP 403/);
  await assert.rejects(connect(bridge.token, `http://localhost:${bridge.port}`), /HTTP 403/);
});

test('with the token: commands get replies and every client gets events', async () => {
  const a = await connect(bridge.token);
  const b = await connect(bridge.token);
  a.send(JSON.stringify({ id: 1, cmd: 'snapshot' }));
  const snap = await nextMessage(a, (m) => m['id'] === 1);
  assert.equal(snap['ok'], true);
  assert.equal((snap['data'] as { app: { mode: string } }).app.mode, 'browser');
  a.send('{not json');
  assert.equal(((await nextMessage(a, (m) => m['id'] === null))['error'] as { code: string }).code, 'BAD_REQUEST');
  const eventAtB = nextMessage(b, (m) => m['event'] === 'accounts.changed');
  await runtime.core.saveAccount({ aor: 'sip:bob@127.0.0.1', username: 'bob', server: '127.0.0.1', transport: 'tcp', srtp: 'off', codecs: ['pcma'], register: false });
  const event = await eventAtB;
  assert.equal(typeof event['seq'], 'number');
  assert.equal((event['data'] as { accounts: Array<{ aor: string }> }).accounts[0]?.aor, 'sip:bob@127.0.0.1');
  a.send(JSON.stringify({ id: 2, cmd: 'quit' }));
  assert.deepEqual(await nextMessage(a, (m) => m['id'] === 2), { id: 2, ok: true, data: {} });
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(quitRequested, 1);
  a.close();
  b.close();
});
