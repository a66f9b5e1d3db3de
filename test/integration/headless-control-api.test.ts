/**
 * Headless `--control-api`: the documented command line starts the control
 * API on 127.0.0.1, says where on stderr, and serves commands with the token.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startHeadless } from '../support/headless';

async function stderrLine(h: ReturnType<typeof startHeadless>, re: RegExp, timeoutMs = 15_000): Promise<RegExpMatchArray> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const m = re.exec(h.stderr());
    if (m) return m;
    if (Date.now() > deadline) throw new Error(`stderr never matched ${String(re)}: ${h.stderr().slice(-1000)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

test('--control-api 0 with DIALTONE_CONTROL_TOKEN: curl-style POST works, the token is not printed', async () => {
  const token = 'headless-control-token-0123456789';
  const h = startHeadless(['--control-api', '0', '--control-origin', 'https://crm.example.com'], { DIALTONE_CONTROL_TOKEN: token });
  const m = await stderrLine(h, /control API on (http:\/\/127\.0\.0\.1:\d+) \(token from DIALTONE_CONTROL_TOKEN\)/);
  const url = m[1] ?? '';
  const res = await fetch(`${url}/api/snapshot`, { method: 'POST', headers: { Authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(5000) });
  assert.equal(res.status, 200);
  const body = (await res.json()) as { ok: boolean; data: { app: { mode: string } } };
  assert.equal(body.data.app.mode, 'headless');
  const denied = await fetch(`${url}/api/snapshot`, { method: 'POST', signal: AbortSignal.timeout(5000) });
  assert.equal(denied.status, 401);
  await denied.body?.cancel();
  assert.doesNotMatch(h.stderr(), new RegExp(token));
  const quit = await h.request(9, 'quit');
  assert.equal(quit['ok'], true);
  assert.equal(await h.exited(), 0);
});

test('--control-api without a token in the environment prints the generated one; a bad origin exits 2', async () => {
  const h = startHeadless(['--control-api', '0']);
  const m = await stderrLine(h, /control API on (http:\/\/127\.0\.0\.1:\d+) with token (\S+)/);
  const res = await fetch(`${m[1] ?? ''}/api/hooks.get`, { method: 'POST', headers: { Authorization: `Bearer ${m[2] ?? ''}` }, signal: AbortSignal.timeout(5000) });
  assert.equal(res.status, 200);
  await res.body?.cancel();
  h.child.stdin.end();
  assert.equal(await h.exited(), 0);
  const bad = startHeadless(['--control-api', '0', '--control-origin', 'crm.example.com']);
  assert.equal(await bad.exited(), 2);
  assert.match(bad.stderr(), /--control-origin crm\.example\.com: must be an origin/);
});
