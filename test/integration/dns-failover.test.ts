// RFC 3263 server location end to end: the node:dns adapter asks a real DNS
// server on 127.0.0.1 (random port, see test/support/dns-server.ts), and the
// resolved targets are tried in order against UDP stand-ins for SIP servers.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createNodeDnsPort } from '../../main/electron/adapters/node-dns';
import { createTargetCursor, resolveTargets, sourceFilter, type ResolvedTarget, type SipTargetSpec } from '../../main/core/sip/dns';
import type { Result } from '../../main/common/result';
import type { DnsPort } from '../../main/core/ports/dns';
import { startDnsServer, within, type DnsTestServer } from '../support/dns-server';
import { sendAndWait, startSipPeer, type SipPeer } from '../support/dns-sip-peer';
import { naptr, srv } from '../support/dns-zone';

let dnsServer: DnsTestServer;
let dns: DnsPort;
let overloaded: SipPeer; // priority 10: answers 503
let dead: SipPeer; // priority 20: never answers
let healthy: SipPeer; // priority 30: answers 200

before(async () => {
  [overloaded, dead, healthy] = await Promise.all([startSipPeer('503 Service Unavailable'), startSipPeer(undefined), startSipPeer('200 OK')]);
  dnsServer = await startDnsServer({
    // Listed out of order on the wire: the resolver must sort by priority.
    '_sip._udp.example.test': {
      srv: [srv(30, 0, healthy.port, 'c.example.test'), srv(10, 0, overloaded.port, 'a.example.test'), srv(20, 0, dead.port, 'b.example.test')],
    },
    'a.example.test': { a: ['127.0.0.1'] },
    'b.example.test': { a: ['127.0.0.1'] },
    'c.example.test': { a: ['127.0.0.1'] },
    'naptr.test': { naptr: [naptr(10, 10, 'SIP+D2U', '_sip._udp.naptr.test'), naptr(10, 20, 'SIPS+D2T', '_sips._tcp.naptr.test')] },
    '_sip._udp.naptr.test': { srv: [srv(0, 0, 5060, 'host.naptr.test')] },
    '_sips._tcp.naptr.test': { srv: [srv(0, 0, 5061, 'host.naptr.test')] },
    'host.naptr.test': { a: ['127.0.0.2'], aaaa: ['::1'] },
    'alias.naptr.test': { cname: 'host.naptr.test' },
    '_sips._tcp.closed.test': { srv: [srv(0, 0, 0, '.')] },
    'closed.test': { a: ['127.0.0.3'] },
    'dead.test': { fail: { mode: 'drop' } },
    '_sip._udp.dead.test': { fail: { mode: 'drop' } },
  });
  const created = createNodeDnsPort({ servers: [dnsServer.address], timeoutMs: 300, tries: 1 });
  assert.ok(created.ok);
  dns = created.data;
});

after(async () => {
  await Promise.all([dnsServer.close(), overloaded.close(), dead.close(), healthy.close()]);
});

const resolve = (spec: SipTargetSpec): Promise<Result<ResolvedTarget[]>> => within(8000, `resolving ${spec.host}`, resolveTargets(dns, spec));
const brief = (targets: readonly ResolvedTarget[]): string[] => targets.map((t) => `${t.transport} ${t.host} ${t.address}:${t.port} ${t.source}`);

test('SRV targets of different priorities are tried in order; a 503 and a timeout move to the next', { timeout: 20_000 }, async () => {
  const resolved = await resolve({ host: 'example.test' });
  assert.ok(resolved.ok, resolved.ok ? '' : resolved.error.message);
  assert.deepEqual(brief(resolved.data), [
    `udp a.example.test 127.0.0.1:${overloaded.port} srv`,
    `udp b.example.test 127.0.0.1:${dead.port} srv`,
    `udp c.example.test 127.0.0.1:${healthy.port} srv`,
  ]);
  const accept = sourceFilter(resolved.data);
  const cursor = createTargetCursor(resolved.data);
  const attempts: string[] = [];
  for (let target = cursor.next(); target; target = cursor.next()) {
    const reply = await sendAndWait(target, 'OPTIONS sip:example.test SIP/2.0\r\nContent-Length: 0\r\n\r\n', 400);
    if (reply === 'timeout') {
      attempts.push(`${target.host} timeout`);
      continue;
    }
    assert.equal(accept(reply.from), true, 'the reply comes from a resolved server');
    const status = reply.text.slice(8, 11);
    attempts.push(`${target.host} ${status}`);
    if (status !== '503') break;
  }
  assert.deepEqual(attempts, ['a.example.test 503', 'b.example.test timeout', 'c.example.test 200']);
  assert.equal(cursor.remaining, 0);
  assert.deepEqual([overloaded.received.length, dead.received.length, healthy.received.length], [1, 1, 1]);
  assert.equal(accept({ address: '127.0.0.1', port: dnsServer.port }), false, 'other local ports are not our servers');
});

test('NAPTR, TLS filtering, AAAA and CNAME through the real resolver', { timeout: 20_000 }, async () => {
  const any = await resolve({ host: 'naptr.test' });
  assert.ok(any.ok, any.ok ? '' : any.error.message);
  assert.deepEqual(brief(any.data), [
    'udp host.naptr.test 127.0.0.2:5060 naptr',
    'udp host.naptr.test ::1:5060 naptr',
    'tls host.naptr.test 127.0.0.2:5061 naptr',
    'tls host.naptr.test ::1:5061 naptr',
  ]);
  const tls = await resolve({ host: 'naptr.test', tlsRequired: true });
  assert.ok(tls.ok);
  assert.deepEqual([...new Set(tls.data.map((t) => t.transport))], ['tls']);
  const alias = await resolve({ host: 'alias.naptr.test', port: 5070 });
  assert.ok(alias.ok);
  assert.deepEqual(brief(alias.data), ['udp alias.naptr.test 127.0.0.2:5070 a', 'udp alias.naptr.test ::1:5070 a']);
});

test('a name with no records gives DNS_NO_RECORD naming what was asked', { timeout: 20_000 }, async () => {
  const missing = await resolve({ host: 'nothing.test' });
  assert.deepEqual(missing.ok ? 'ok' : missing.error, {
    code: 'DNS_NO_RECORD',
    message: 'no NAPTR, SRV _sip._udp.nothing.test, _sip._tcp.nothing.test, _sips._tcp.nothing.test or A/AAAA record for nothing.test',
  });
  for (const q of ['NAPTR nothing.test', 'SRV _sip._udp.nothing.test', 'SRV _sips._tcp.nothing.test', 'A nothing.test', 'AAAA nothing.test']) {
    assert.ok(dnsServer.queries.includes(q), `the DNS server was asked ${q}`);
  }
  const closed = await resolve({ host: 'closed.test', transport: 'tls' });
  assert.equal(closed.ok ? 'ok' : closed.error.code, 'DNS_NO_RECORD');
  assert.match(closed.ok ? '' : closed.error.message, /SRV _sips\._tcp\.closed\.test says the service is not available/);
});

test('a DNS server that does not answer gives NETWORK_UNREACHABLE within the resolver timeout', { timeout: 20_000 }, async () => {
  const started = Date.now();
  const dead = await resolve({ host: 'dead.test', transport: 'udp' });
  assert.equal(dead.ok ? 'ok' : dead.error.code, 'NETWORK_UNREACHABLE');
  assert.match(dead.ok ? '' : dead.error.message, /did not answer SRV _sip\._udp\.dead\.test in time \(ETIMEOUT\)/);
  assert.ok(Date.now() - started < 5000);
  assert.ok(!dnsServer.queries.includes('A dead.test'), 'an SRV timeout does not fall back to A/AAAA');
});
