/**
 * The doctor through the real runtime: `diagnostics.run` over the router
 * (the command every bridge serves) with its progress events, and the run
 * that starts on its own when a registration fails (app modes other than
 * headless).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AppEvent } from '../../main/common/ipc/contract';
import { DiagnosticReportSchema } from '../../main/common/models/diagnostics';
import { isNetworkFailure } from '../../main/core/diagnostics/diagnostics-service';
import { bootstrap } from '../../main/electron/bootstrap';
import { startKamailio } from '../lab/kamailio';
import { labAccount, registration, startCore } from '../support/core-driver';
import { closedUdpPort } from '../support/dns-server';
import { fakeSecrets, recordingLogger } from '../support/fakes';

test('diagnostics.run over the router: a progress event as each check starts and ends, then the report', async (t) => {
  const kam = await startKamailio({ users: [{ username: 'alice', password: 'alice123' }], udpPort: 'random', tlsPort: 'random' });
  const core = startCore({ env: { DIALTONE_PASSWORD: 'alice123' } });
  t.after(async () => {
    await core.stop();
    await kam.stop();
  });
  await core.runtime.core.saveAccount(labAccount({ user: 'alice', port: kam.udpPort, transport: 'udp' }));
  await core.waitFor(registration('alice@127.0.0.1', 'registered'), 15000);
  const since = core.events.length;
  const [first, second] = await Promise.all([
    core.runtime.router.dispatch('diagnostics.run', { accountId: 'alice@127.0.0.1' }),
    core.runtime.router.dispatch('diagnostics.run', { accountId: 'alice@127.0.0.1' }),
  ]);
  assert.ok(first.ok && second.ok, JSON.stringify(first));
  const report = DiagnosticReportSchema.parse(first.data);
  assert.equal(DiagnosticReportSchema.parse(second.data).runId, report.runId, 'a second request joins the running one');
  assert.equal(report.accountId, 'alice@127.0.0.1');
  assert.equal(report.verdict.status, 'ok', JSON.stringify(report, null, 1));
  const progress = core.events.slice(since).flatMap((e: AppEvent) => (e.event === 'diagnostics.progressed' ? [e.data] : []));
  assert.deepEqual(
    progress.map((p) => `${p.checkId}:${p.state}`),
    ['dns', 'udp', 'tcp', 'tls', 'stun', 'alg', 'clock'].flatMap((id) => [`${id}:running`, `${id}:done`]),
  );
  assert.ok(progress.every((p) => p.runId === report.runId && p.total === 7));
  assert.deepEqual(progress.filter((p) => p.state === 'done').map((p) => p.check), report.checks);
  const completed = core.events.slice(since).filter((e) => e.event === 'diagnostics.completed');
  assert.equal(completed.length, 1);
  assert.equal(completed[0]?.event === 'diagnostics.completed' && completed[0].data.runId, report.runId);
  const seqs = core.events.slice(since).map((e) => e.seq);
  assert.deepEqual(seqs, [...seqs].sort((a, b) => a - b), 'events in seq order');
  // Registration is untouched by the doctor.
  assert.equal(core.runtime.core.snapshot().accounts[0]?.registration.state, 'registered');
  const unknown = await core.runtime.router.dispatch('diagnostics.run', { accountId: 'nobody@127.0.0.1' });
  assert.equal(!unknown.ok && unknown.error.code, 'NOT_FOUND');
});

test('a registration failure starts the doctor on its own (app mode), once', async (t) => {
  const port = await closedUdpPort();
  const logger = recordingLogger();
  const events: AppEvent[] = [];
  const runtime = bootstrap({
    app: { name: 'Dialtone', version: '0.0.0-test', mode: 'browser' },
    env: { DIALTONE_PASSWORD: 'x' },
    onQuitRequested: () => undefined,
    overrides: { logger, secrets: fakeSecrets() },
  });
  t.after(() => runtime.shutdown());
  runtime.core.subscribe((e) => events.push(e));
  await runtime.core.saveAccount(labAccount({ user: 'alice', port, transport: 'tcp' }));
  const deadline = Date.now() + 20_000;
  while (!events.some((e) => e.event === 'diagnostics.completed') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  const completed = events.find((e) => e.event === 'diagnostics.completed');
  assert.ok(completed && completed.event === 'diagnostics.completed', `no automatic run; events: ${events.map((e) => e.event).join(', ')}`);
  assert.ok(events.some((e) => e.event === 'registration.changed' && e.data.state === 'failed'));
  const tcp = completed.data.checks.find((c) => c.id === 'tcp');
  assert.equal(tcp?.status, 'fail');
  assert.equal(tcp?.code, 'NETWORK_UNREACHABLE');
  assert.equal(completed.data.verdict.status, 'broken');
  assert.match(completed.data.verdict.summary, /cannot be reached over TCP/);
  // Retries keep failing; the doctor does not run again within its interval.
  await new Promise((r) => setTimeout(r, 1500));
  assert.equal(events.filter((e) => e.event === 'diagnostics.completed').length, 1);
});

test('only network failures start the doctor on their own', () => {
  for (const code of ['SIP_TIMEOUT', 'NETWORK_UNREACHABLE', 'DNS_NO_RECORD', 'TLS_CERTIFICATE', 'TLS_HANDSHAKE', 'SIP_SERVICE_UNAVAILABLE'] as const) assert.equal(isNetworkFailure(code), true, code);
  for (const code of ['SIP_AUTH_FAILED', 'SIP_FORBIDDEN', 'NO_PASSWORD', 'KEYCHAIN_UNAVAILABLE', 'INVALID_CONFIG', undefined] as const) assert.equal(isNetworkFailure(code), false, String(code));
});
