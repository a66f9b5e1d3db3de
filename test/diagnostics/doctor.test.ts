/**
 * The connection doctor against real peers on loopback: Kamailio over UDP,
 * TCP and TLS (its per-run certificate), a closed port, a server that never
 * finishes a handshake, a bad certificate (untrusted, or for another name), a
 * DNS server (loopback fake) with no records and with SRV records, a
 * responder that rewrites like a SIP ALG, and coturn for STUN. The doctor
 * runs with the real adapters (node sockets, TLS probe, DNS, clock).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer as createTcpServer, type Server } from 'node:net';
import { after, before, test } from 'node:test';
import type { AccountConfig } from '../../main/common/models/account';
import type { DiagnosticCheckId, DiagnosticReport } from '../../main/common/models/diagnostics';
import type { DoctorDeps } from '../../main/core/diagnostics/checks/check-context';
import { runDoctor } from '../../main/core/diagnostics/doctor';
import { createNodeDnsPort } from '../../main/electron/adapters/node-dns';
import { createNodeSocketFactory } from '../../main/electron/adapters/node-sockets';
import { createNodeTlsProbe } from '../../main/electron/adapters/node-tls-probe';
import { createSystemClock } from '../../main/electron/adapters/system-clock';
import { startCoturn, type CoturnHandle } from '../lab/coturn';
import { startKamailio, type KamailioHandle } from '../lab/kamailio';
import { ALG_PUBLIC_ADDRESS, startAlgResponder } from '../support/alg-responder';
import { labAccount } from '../support/core-driver';
import { closedUdpPort, silentUdpServer, startDnsServer } from '../support/dns-server';
import { srv } from '../support/dns-zone';
import { recordingLogger } from '../support/fakes';

let kam: KamailioHandle;
let cert: string;
before(async () => {
  kam = await startKamailio({ users: [{ username: 'alice', password: 'alice123' }], udpPort: 'random', tlsPort: 'random' });
  cert = readFileSync(kam.certPath, 'utf8');
});
after(() => kam.stop());

function deps(dnsServer?: string): DoctorDeps {
  const dns = createNodeDnsPort(dnsServer ? { servers: [dnsServer], timeoutMs: 500, tries: 1 } : {});
  if (!dns.ok) throw new Error(dns.error.message);
  return { dns: dns.data, sockets: createNodeSocketFactory(), tlsProbe: createNodeTlsProbe(), clock: createSystemClock(), random: Math.random, logger: recordingLogger() };
}

const timeouts: Partial<Record<DiagnosticCheckId, number>> = { udp: 2000, tcp: 2000, tls: 2500, stun: 2000 };

function doctor(account: AccountConfig, d: DoctorDeps = deps(), tlsCa?: string): Promise<DiagnosticReport> {
  return runDoctor({ account, userAgent: 'Dialtone/test', ...(tlsCa ? { tlsCa } : {}) }, d, { runId: 'r1', accountId: 'alice@127.0.0.1', timeouts });
}

function check(report: DiagnosticReport, id: DiagnosticCheckId) {
  const c = report.checks.find((x) => x.id === id);
  assert.ok(c, `no ${id} check`);
  return c;
}

const show = (r: DiagnosticReport): string => JSON.stringify(r, null, 1);

test('Kamailio over UDP: reachable, no ALG, verdict ok', async () => {
  const r = await doctor(labAccount({ user: 'alice', port: kam.udpPort, transport: 'udp' }));
  assert.deepEqual(r.checks.map((c) => c.id), ['dns', 'udp', 'tcp', 'tls', 'stun', 'alg', 'clock']);
  assert.equal(check(r, 'dns').status, 'pass', show(r));
  assert.match(check(r, 'dns').detail, /IP address/);
  assert.equal(check(r, 'udp').status, 'pass', show(r));
  assert.match(check(r, 'udp').detail, /answered OPTIONS with 200/);
  assert.equal(check(r, 'tcp').status, 'pass', 'UDP and TCP share the port');
  assert.equal(check(r, 'tls').skipped, true);
  assert.equal(check(r, 'stun').skipped, true);
  assert.match(check(r, 'stun').detail, /No STUN server is set/);
  assert.equal(check(r, 'alg').status, 'pass', show(r));
  assert.match(check(r, 'alg').facts?.['server saw us at'] ?? '', /^127\.0\.0\.1:\d+$/);
  assert.equal(r.verdict.status, 'ok', show(r));
  assert.match(r.verdict.summary, /answers over UDP/);
});

test('Kamailio over TCP: verdict ok', async () => {
  const r = await doctor(labAccount({ user: 'alice', port: kam.tcpPort, transport: 'tcp' }));
  assert.equal(check(r, 'tcp').status, 'pass', show(r));
  assert.match(check(r, 'tcp').detail, /Connected to 127\.0\.0\.1:\d+ over TCP/);
  assert.equal(r.verdict.status, 'ok', show(r));
});

test('Kamailio over TLS with its CA: the handshake passes and the certificate is shown', async () => {
  const r = await doctor(labAccount({ user: 'alice', port: kam.tlsPort, transport: 'tls' }), deps(), cert);
  const tls = check(r, 'tls');
  assert.equal(tls.status, 'pass', show(r));
  assert.match(tls.facts?.['subject'] ?? '', /CN=127\.0\.0\.1/);
  assert.match(tls.facts?.['names'] ?? '', /127\.0\.0\.1/);
  assert.match(tls.facts?.['protocol'] ?? '', /^TLSv1\.[23]$/);
  assert.match(tls.facts?.['SHA-256'] ?? '', /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
  assert.match(tls.detail, /answered OPTIONS with 200/);
  assert.equal(check(r, 'alg').status, 'pass', 'the OPTIONS over TLS feeds the ALG check');
  assert.equal(check(r, 'alg').facts?.['compared'], 'OPTIONS over TLS');
  assert.equal(check(r, 'udp').skipped, true, 'a TLS port is not tried over UDP');
  assert.equal(r.verdict.status, 'ok', show(r));
});

test('TLS without trusting the self-signed certificate: fail with the exact reason, certificate still shown', async () => {
  const r = await doctor(labAccount({ user: 'alice', port: kam.tlsPort, transport: 'tls' }));
  const tls = check(r, 'tls');
  assert.equal(tls.status, 'fail');
  assert.equal(tls.code, 'TLS_CERTIFICATE');
  assert.match(tls.detail, /self-signed/);
  assert.match(tls.facts?.['subject'] ?? '', /CN=127\.0\.0\.1/);
  assert.equal(tls.facts?.['self-signed'], 'yes');
  assert.equal(r.verdict.status, 'broken');
  assert.match(r.verdict.summary, /certificate is not trusted/);
  assert.ok(r.verdict.nextSteps.some((s) => /CA file/.test(s)));
});

test('TLS to a name the certificate is not for: fail naming the mismatch', async (t) => {
  const dns = await startDnsServer({ 'sip.other.test': { a: ['127.0.0.1'] } });
  t.after(() => dns.close());
  const r = await doctor(labAccount({ user: 'alice', port: kam.tlsPort, transport: 'tls', server: `sip.other.test:${kam.tlsPort}` }), deps(dns.address), cert);
  const tls = check(r, 'tls');
  assert.equal(tls.status, 'fail', show(r));
  assert.equal(tls.code, 'TLS_CERTIFICATE');
  assert.match(tls.detail, /for a different server name/);
  assert.equal(tls.facts?.['checked name'], 'sip.other.test');
  assert.equal(r.verdict.status, 'broken');
});

test('a closed UDP port: no answer within the timeout, verdict broken with the firewall steps', async () => {
  const port = await closedUdpPort();
  const started = Date.now();
  const r = await doctor(labAccount({ user: 'alice', port, transport: 'udp' }));
  assert.equal(check(r, 'udp').status, 'fail');
  assert.equal(check(r, 'udp').code, 'SIP_TIMEOUT');
  assert.equal(check(r, 'tcp').status, 'warn', 'TCP is refused too, but the account does not use it');
  assert.equal(check(r, 'alg').skipped, true);
  assert.equal(r.verdict.status, 'broken');
  assert.match(r.verdict.summary, /No answer from the server over UDP/);
  assert.ok(r.verdict.nextSteps.some((s) => /firewall/.test(s)));
  assert.ok(Date.now() - started < 8000);
});

test('a closed TCP port: refused, verdict names it', async () => {
  const port = await closedUdpPort();
  const r = await doctor(labAccount({ user: 'alice', port, transport: 'tcp' }));
  assert.equal(check(r, 'tcp').status, 'fail');
  assert.equal(check(r, 'tcp').code, 'NETWORK_UNREACHABLE');
  assert.match(check(r, 'tcp').detail, /refused/);
  assert.match(r.verdict.summary, /cannot be reached over TCP/);
});

test('a server that accepts TCP but never finishes the TLS handshake: the check times out, the run goes on', async (t) => {
  const silent: Server = createTcpServer(() => undefined);
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', () => resolve()));
  t.after(() => {
    silent.close();
  });
  const port = (silent.address() as { port: number }).port;
  const started = Date.now();
  const r = await doctor(labAccount({ user: 'alice', port, transport: 'tls' }), deps(), cert);
  assert.equal(check(r, 'tls').status, 'fail');
  assert.equal(check(r, 'tls').code, 'SIP_TIMEOUT');
  assert.equal(r.checks.length, 7, 'every check still ran');
  assert.ok(Date.now() - started < 6000);
  assert.equal(r.verdict.status, 'broken');
});

test('a DNS name with no records: DNS fails, the verdict says it does not resolve', async (t) => {
  const dns = await startDnsServer({});
  t.after(() => dns.close());
  const r = await doctor(labAccount({ user: 'alice', port: 0, transport: 'udp', server: 'nothing.test' }), deps(dns.address));
  const d = check(r, 'dns');
  assert.equal(d.status, 'fail', show(r));
  assert.equal(d.code, 'DNS_NO_RECORD');
  assert.equal(d.facts?.['NAPTR nothing.test'], 'none');
  assert.equal(d.facts?.['SRV _sip._udp.nothing.test'], 'none');
  assert.equal(d.facts?.['A nothing.test'], 'none');
  assert.equal(check(r, 'udp').status, 'fail');
  assert.equal(r.verdict.status, 'broken');
  assert.match(r.verdict.summary, /does not resolve/);
  assert.ok(r.verdict.nextSteps.some((s) => /spelling/.test(s)));
});

test('a DNS server that never answers: DNS fails within its timeout, the verdict points at the connection', async (t) => {
  const silent = await silentUdpServer();
  t.after(() => silent.close());
  const started = Date.now();
  const r = await doctor(labAccount({ user: 'alice', port: 0, transport: 'udp', server: 'pbx.test' }), deps(silent.address));
  const d = check(r, 'dns');
  assert.equal(d.status, 'fail', show(r));
  assert.equal(d.code, 'NETWORK_UNREACHABLE');
  assert.match(d.facts?.['A pbx.test'] ?? '', /no answer \(ETIMEOUT\)/);
  assert.equal(r.verdict.status, 'broken');
  assert.match(r.verdict.summary, /DNS servers did not answer/);
  assert.ok(Date.now() - started < 8000);
});

test('a DNS name with SRV records: what was found is shown, and the SRV target is reached', async (t) => {
  const dns = await startDnsServer({
    '_sip._udp.pbx.test': { srv: [srv(10, 0, kam.udpPort, 'sip1.pbx.test')] },
    '_sip._tcp.pbx.test': { srv: [srv(10, 0, kam.tcpPort, 'sip1.pbx.test')] },
    'sip1.pbx.test': { a: ['127.0.0.1'] },
  });
  t.after(() => dns.close());
  const r = await doctor(labAccount({ user: 'alice', port: 0, transport: 'udp', server: 'pbx.test' }), deps(dns.address));
  const d = check(r, 'dns');
  assert.equal(d.status, 'pass', show(r));
  assert.equal(d.facts?.['SRV _sip._udp.pbx.test'], `10 0 ${kam.udpPort} sip1.pbx.test`);
  assert.equal(d.facts?.['NAPTR pbx.test'], 'none');
  assert.match(d.facts?.['UDP server'] ?? '', new RegExp(`127\\.0\\.0\\.1:${kam.udpPort} \\(via SRV, sip1\\.pbx\\.test\\)`));
  assert.equal(check(r, 'udp').status, 'pass', show(r));
  assert.equal(check(r, 'tcp').status, 'pass', show(r));
  assert.equal(check(r, 'tls').skipped, true, 'no TLS SRV: not tried');
  assert.equal(r.verdict.status, 'ok', show(r));
});

test('a SIP ALG that rewrites Via, Contact and SDP: ALG warns, verdict degraded with the router step', async (t) => {
  const alg = await startAlgResponder({ rewrite: true });
  t.after(() => alg.close());
  const r = await doctor(labAccount({ user: 'alice', port: alg.port, transport: 'udp' }));
  const a = check(r, 'alg');
  assert.equal(a.status, 'warn', show(r));
  assert.ok(!a.skipped);
  assert.match(a.detail, new RegExp(`Via sent-by came back as ${ALG_PUBLIC_ADDRESS.replace(/\./g, '\\.')}:5060`));
  assert.match(a.detail, /Contact came back as/);
  assert.match(a.detail, /SDP address came back as/);
  assert.equal(r.verdict.status, 'degraded');
  assert.ok(r.verdict.nextSteps.some((s) => /Turn off "SIP ALG"/.test(s)));
  assert.ok(alg.requests[0]?.startsWith('OPTIONS '));
});

test('no ALG but the server clock is two hours ahead: ALG passes, clock fails, verdict degraded', async (t) => {
  const alg = await startAlgResponder({ rewrite: false, date: new Date(Date.now() + 2 * 3600_000).toUTCString() });
  t.after(() => alg.close());
  const r = await doctor(labAccount({ user: 'alice', port: alg.port, transport: 'udp' }));
  assert.equal(check(r, 'alg').status, 'pass', show(r));
  const c = check(r, 'clock');
  assert.equal(c.status, 'fail', show(r));
  assert.match(c.detail, /2\.0 h behind the server|120 min behind the server/);
  assert.equal(r.verdict.status, 'degraded');
});

test('a server clock 20 s off passes the clock check', async (t) => {
  const alg = await startAlgResponder({ rewrite: false, date: new Date(Date.now() - 20_000).toUTCString() });
  t.after(() => alg.close());
  const r = await doctor(labAccount({ user: 'alice', port: alg.port, transport: 'udp' }));
  assert.equal(check(r, 'clock').status, 'pass', show(r));
  assert.equal(r.verdict.status, 'ok', show(r));
});

let coturn: CoturnHandle | undefined;
after(() => coturn?.stop());

test('STUN against coturn: the public address is learned and no NAT is found on loopback', async () => {
  coturn = await startCoturn();
  const account: AccountConfig = { ...labAccount({ user: 'alice', port: kam.udpPort, transport: 'udp' }), stunServer: `127.0.0.1:${coturn.port}` };
  const r = await doctor(account);
  const s = check(r, 'stun');
  assert.equal(s.status, 'pass', show(r));
  assert.match(s.detail, /No NAT/);
  assert.match(s.facts?.['public address'] ?? '', /^127\.0\.0\.1:\d+$/);
  assert.equal(s.facts?.['public address'], s.facts?.['local address']);
});

test('a STUN server that does not answer: warn with a reason, never a hang', async () => {
  const port = await closedUdpPort();
  const account: AccountConfig = { ...labAccount({ user: 'alice', port: kam.udpPort, transport: 'udp' }), stunServer: `127.0.0.1:${port}` };
  const r = await doctor(account);
  assert.equal(check(r, 'stun').status, 'warn');
  assert.equal(check(r, 'stun').code, 'SIP_TIMEOUT');
  assert.match(check(r, 'stun').detail, /No answer from the STUN server/);
});
