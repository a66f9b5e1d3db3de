/**
 * Registration against the real Kamailio of the lab, over UDP, TCP and TLS,
 * through the real runtime (real sockets, real clock). Failure reasons are
 * checked by code and wording.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startKamailio, type KamailioHandle } from '../lab/kamailio';
import { labAccount, registration, startCore } from '../support/core-driver';

let kam: KamailioHandle;
before(async () => {
  kam = await startKamailio({ users: [{ username: 'alice', password: 'alice123' }, { username: 'bob', password: 'bob123' }], udpPort: 'random', tlsPort: 'random' });
});
after(async () => {
  await kam?.stop();
});

for (const transport of ['udp', 'tcp', 'tls'] as const) {
  test(`registers over ${transport.toUpperCase()} with digest auth, and unregisters on shutdown`, async () => {
    const core = startCore({ env: { DIALTONE_PASSWORD: 'alice123' } });
    try {
      const port = transport === 'tls' ? kam.tlsPort : kam.udpPort;
      const saved = await core.runtime.core.saveAccount(labAccount({ user: 'alice', port, transport, ...(transport === 'tls' ? { tlsCaFile: kam.certPath } : {}) }));
      assert.equal(saved.ok, true);
      await core.waitFor(registration('alice@127.0.0.1', 'registered'));
      const contacts = await kam.usrlocDump();
      const ours = contacts.filter((c) => c.aor === 'alice' && c.contact.includes(`transport=${transport}`));
      assert.equal(ours.length, 1, JSON.stringify(contacts));
      assert.match(ours[0]?.socket ?? '', new RegExp(`^${transport}:127\\.0\\.0\\.1:${port}$`));
      assert.match(ours[0]?.userAgent ?? '', /^Dialtone\//);
      assert.deepEqual(core.states('alice@127.0.0.1'), ['registering', 'registered']);
    } finally {
      await core.stop();
    }
    assert.equal(await kam.isRegistered('alice'), false, 'still registered after shutdown');
  });
}

test('a wrong password fails with SIP_AUTH_FAILED, once, without retrying', async () => {
  const core = startCore({ env: { DIALTONE_PASSWORD: 'not-the-password' } });
  try {
    await core.runtime.core.saveAccount(labAccount({ user: 'bob', port: kam.udpPort, transport: 'udp' }));
    const failed = await core.waitFor(registration('bob@127.0.0.1', 'failed', 'SIP_AUTH_FAILED'));
    assert.match(JSON.stringify(failed), /401 Unauthorized.*Wrong username or password/);
    await new Promise((r) => setTimeout(r, 2500));
    const registers = core.runtime.core.trace(0, 1000).filter((e) => e.direction === 'sent' && e.method === 'REGISTER');
    assert.equal(registers.length, 2, 'one REGISTER and one authenticated retry, then nothing (no fail2ban lockout)');
    assert.deepEqual(core.states('bob@127.0.0.1'), ['registering', 'failed']);
  } finally {
    await core.stop();
  }
});

test('an untrusted TLS certificate fails with TLS_CERTIFICATE, named exactly', async () => {
  const core = startCore({ env: { DIALTONE_PASSWORD: 'alice123' } });
  try {
    await core.runtime.core.saveAccount(labAccount({ user: 'alice', port: kam.tlsPort, transport: 'tls' }));
    const failed = await core.waitFor(registration('alice@127.0.0.1', 'failed', 'TLS_CERTIFICATE'));
    assert.match(JSON.stringify(failed), /self-signed \(DEPTH_ZERO_SELF_SIGNED_CERT\)/);
  } finally {
    await core.stop();
  }
});

test('nothing listening (TCP refused) is NETWORK_UNREACHABLE, and the trace redacts credentials', async () => {
  const core = startCore({ env: { DIALTONE_PASSWORD: 'alice123' } });
  try {
    await core.runtime.core.saveAccount(labAccount({ user: 'alice', port: 9, transport: 'tcp' }));
    const failed = await core.waitFor(registration('alice@127.0.0.1', 'failed', 'NETWORK_UNREACHABLE'));
    assert.match(JSON.stringify(failed), /refused/);
  } finally {
    await core.stop();
  }
});

test('the SIP trace records every message with its metadata and never the digest response', async () => {
  const core = startCore({ env: { DIALTONE_PASSWORD: 'alice123' } });
  try {
    await core.runtime.core.saveAccount(labAccount({ user: 'alice', port: kam.udpPort, transport: 'udp' }));
    await core.waitFor(registration('alice@127.0.0.1', 'registered'));
    const entries = core.runtime.core.trace(0, 100);
    assert.deepEqual(entries.slice(0, 4).map((e) => `${e.direction} ${e.summary}`), [
      'sent REGISTER sip:127.0.0.1 SIP/2.0',
      'received SIP/2.0 401 Unauthorized',
      'sent REGISTER sip:127.0.0.1 SIP/2.0',
      'received SIP/2.0 200 OK',
    ]);
    assert.equal(entries[0]?.peer, `127.0.0.1:${kam.udpPort}`);
    assert.equal(entries[0]?.transport, 'udp');
    assert.ok(entries[0]?.callId);
    const text = core.runtime.core.traceText();
    assert.match(text, /Authorization: Digest/);
    assert.doesNotMatch(text, /response="[0-9a-f]{32}"/, 'the digest response leaked into the trace');
    assert.doesNotMatch(text, /alice123/);
    assert.equal(core.events.filter((e) => e.event === 'sip.traced').length >= 4, true);
  } finally {
    await core.stop();
  }
});

test('the trace exported as pcap decodes in tshark: every message as SIP between the real addresses, TLS included, credentials masked', async () => {
  const core = startCore({ secrets: { 'Dialtone/alice@127.0.0.1': 'alice123', 'Dialtone/bob@127.0.0.1': 'bob123' } });
  try {
    await core.runtime.core.saveAccount(labAccount({ user: 'alice', port: kam.udpPort, transport: 'udp' }));
    await core.runtime.core.saveAccount(labAccount({ user: 'bob', port: kam.tlsPort, transport: 'tls', tlsCaFile: kam.certPath }));
    await core.waitFor(registration('alice@127.0.0.1', 'registered'));
    await core.waitFor(registration('bob@127.0.0.1', 'registered'));
    const entries = core.runtime.core.trace(0, 100);
    const exported = await core.runtime.router.dispatch('sip.exportPcap', {});
    assert.ok(exported.ok, JSON.stringify(exported));
    const pcap = Buffer.from((exported.data as { base64: string }).base64, 'base64');
    assert.equal(pcap.includes('alice123'), false, 'a password reached the pcap');
    assert.equal(pcap.includes('bob123'), false, 'a password reached the pcap');
    const file = join(mkdtempSync(join(tmpdir(), 'dialtone-pcap-')), 'trace.pcap');
    writeFileSync(file, pcap);
    // The lab's ports are random: tell tshark they carry SIP, as 5060 and 5061 would.
    const fields = ['ip.src', 'udp.srcport', 'ip.dst', 'udp.dstport', 'sip.Method', 'sip.Status-Code', 'sip.Call-ID'];
    const run = spawnSync('tshark', ['-r', file, '-d', `udp.port==${kam.tlsPort},sip`, '-d', `udp.port==${kam.udpPort},sip`, '-T', 'fields', ...fields.flatMap((f) => ['-e', f]), '-E', 'separator=|'], { encoding: 'utf8', timeout: 60000 });
    assert.equal(run.status, 0, `tshark: ${run.error?.message ?? run.stderr}`);
    const rows = run.stdout.trim().split('\n');
    assert.equal(rows.length, entries.length, run.stdout);
    rows.forEach((row, i) => {
      const e = entries[i];
      assert.ok(e);
      const [src, sport, dst, dport, method, status, callId] = row.split('|');
      const [from, to] = e.direction === 'sent' ? [e.local, e.peer] : [e.peer, e.local];
      assert.equal(`${src}:${sport}`, from, `row ${i}: ${row}`);
      assert.equal(`${dst}:${dport}`, to, `row ${i}: ${row}`);
      assert.equal(callId, e.callId, `row ${i}`);
      if (e.summary.startsWith('SIP/2.0')) assert.equal(status, e.summary.split(' ')[1], `row ${i}`);
      else assert.equal(method, e.summary.split(' ')[0], `row ${i}`);
    });
    assert.ok(entries.some((e) => e.transport === 'tls' && e.summary === 'SIP/2.0 200 OK'), 'the TLS registration is in the trace, decrypted');
  } finally {
    await core.stop();
  }
});

test('several accounts register at once, each on its own transport, and one can be unregistered alone', async () => {
  const core = startCore({ secrets: { 'Dialtone/alice@127.0.0.1': 'alice123', 'Dialtone/bob@127.0.0.1': 'bob123' } });
  try {
    await core.runtime.core.saveAccount(labAccount({ user: 'alice', port: kam.udpPort, transport: 'udp' }));
    await core.runtime.core.saveAccount(labAccount({ user: 'bob', port: kam.udpPort, transport: 'tcp' }));
    await core.waitFor(registration('alice@127.0.0.1', 'registered'));
    await core.waitFor(registration('bob@127.0.0.1', 'registered'));
    assert.deepEqual(core.runtime.core.snapshot().accounts.map((a) => `${a.id} ${a.registration.state}`).sort(), ['alice@127.0.0.1 registered', 'bob@127.0.0.1 registered']);
    assert.equal(await kam.isRegistered('alice'), true);
    assert.equal(await kam.isRegistered('bob'), true);
    const r = await core.runtime.router.dispatch('account.unregister', { accountId: 'bob@127.0.0.1' });
    assert.deepEqual(r, { ok: true, data: {} });
    assert.equal(await kam.isRegistered('bob'), false);
    assert.equal(await kam.isRegistered('alice'), true);
    assert.equal(core.runtime.core.snapshot().accounts.find((a) => a.id === 'bob@127.0.0.1')?.registration.state, 'unregistered');
  } finally {
    await core.stop();
  }
});

test('a refresh refused with 403 is reported as SIP_FORBIDDEN (not a timeout) and not retried', async () => {
  const { startSipResponder } = await import('../support/sip-responder');
  const registrar = await startSipResponder([{ status: '200 OK', contactExpires: 2 }, { status: '403 Forbidden' }]);
  const core = startCore({ env: { DIALTONE_PASSWORD: 'alice123' }, sip: { pingIntervalMs: 0 } });
  try {
    await core.runtime.core.saveAccount(labAccount({ user: 'alice', port: registrar.port, transport: 'udp' }));
    await core.waitFor(registration('alice@127.0.0.1', 'registered'));
    const failed = await core.waitFor(registration('alice@127.0.0.1', 'failed'), 5000);
    assert.equal(failed.event === 'registration.changed' && failed.data.reason?.code, 'SIP_FORBIDDEN');
    await new Promise((r) => setTimeout(r, 2000));
    assert.deepEqual(core.states('alice@127.0.0.1'), ['registering', 'registered', 'failed']);
    assert.equal(registrar.requests.filter((r) => r.startsWith('REGISTER')).length, 2, 'no retry after a refusal');
  } finally {
    await core.stop();
    await registrar.close();
  }
});
