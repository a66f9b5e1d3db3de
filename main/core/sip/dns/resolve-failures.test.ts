import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Result } from '../../../common/result';
import { fakeDns } from '../../../../test/support/dns-fake';
import { naptr, srv, type Zone } from '../../../../test/support/dns-zone';
import { resolveTargets } from './resolve-targets';
import type { ResolveOptions, SipTargetSpec } from './types';

async function failure(zone: Zone, spec: SipTargetSpec, options?: ResolveOptions): Promise<{ code: string; message: string; queries: string[] }> {
  const dns = fakeDns(zone);
  const result: Result<unknown> = await resolveTargets(dns, spec, options);
  assert.equal(result.ok, false, 'expected a failure');
  return result.ok ? { code: '', message: '', queries: [] } : { ...result.error, queries: dns.queries };
}

test('a name with no records at all: DNS_NO_RECORD naming every query tried', async () => {
  const f = await failure({}, { host: 'example.com' }, { transports: ['udp', 'tcp'] });
  assert.equal(f.code, 'DNS_NO_RECORD');
  assert.equal(f.message, 'no NAPTR, SRV _sip._udp.example.com, _sip._tcp.example.com or A/AAAA record for example.com');
  const all = await failure({ 'example.com': {} }, { host: 'example.com' });
  assert.equal(all.message, 'no NAPTR, SRV _sip._udp.example.com, _sip._tcp.example.com, _sips._tcp.example.com or A/AAAA record for example.com');
  const tls = await failure({}, { host: 'example.com', tlsRequired: true });
  assert.equal(tls.message, 'no NAPTR, SRV _sips._tcp.example.com or A/AAAA record for example.com');
  const port = await failure({}, { host: 'example.com', port: 5060 });
  assert.equal(port.message, 'no A/AAAA record for example.com');
});

test("an SRV target of '.' means not available: no fallback to A/AAAA", async () => {
  const zone: Zone = { 'example.com': { a: ['192.0.2.1'] }, '_sips._tcp.example.com': { srv: [srv(0, 0, 0, '.')] } };
  const f = await failure(zone, { host: 'example.com', transport: 'tls' });
  assert.equal(f.code, 'DNS_NO_RECORD');
  assert.equal(f.message, "no usable server for example.com: SRV _sips._tcp.example.com says the service is not available (target '.')");
  assert.ok(!f.queries.includes('A example.com'));
});

test('SRV targets without addresses and NAPTR records without a usable service are named', async () => {
  const zone: Zone = {
    'example.com': { naptr: [naptr(1, 1, 'SIP+D2T', '_sip._tcp.example.com')] },
    '_sip._udp.example.com': { srv: [srv(0, 0, 5060, 'gone.example.com')] },
  };
  const f = await failure(zone, { host: 'example.com' }, { transports: ['udp'] });
  assert.equal(f.code, 'DNS_NO_RECORD');
  assert.equal(
    f.message,
    "no usable server for example.com: the NAPTR records of example.com offer none of SIP+D2U with flag 's'; SRV _sip._udp.example.com points to gone.example.com, which has no A/AAAA record",
  );
});

test('NXDOMAIN is "no record"; a timeout is NETWORK_UNREACHABLE and does not fall back to A/AAAA', async () => {
  const zone: Zone = {
    'example.com': { a: ['192.0.2.1'] },
    '_sip._udp.example.com': { fail: { mode: 'drop' } },
    '_sip._tcp.example.com': { fail: { mode: 'drop' } },
  };
  const f = await failure(zone, { host: 'example.com' }, { transports: ['udp', 'tcp'] });
  assert.equal(f.code, 'NETWORK_UNREACHABLE');
  assert.equal(
    f.message,
    'no NAPTR record for example.com; the DNS server did not answer SRV _sip._udp.example.com, SRV _sip._tcp.example.com in time (ETIMEOUT)',
  );
  assert.ok(!f.queries.includes('A example.com'), 'a timed-out SRV must not fall back to A');
  const refused = await failure({ 'example.com': { fail: { mode: 'refused' } } }, { host: 'example.com', port: 5060 });
  assert.equal(refused.code, 'NETWORK_UNREACHABLE');
  assert.match(refused.message, /could not be reached or refused A example\.com, AAAA example\.com \(EREFUSED\)/);
});

test('a NAPTR timeout falls through to SRV (some networks drop NAPTR)', async () => {
  const zone: Zone = { 'example.com': { fail: { mode: 'drop', types: ['NAPTR'] } }, '_sip._udp.example.com': { srv: [srv(0, 0, 5060, '192.0.2.4')] } };
  const result = await resolveTargets(fakeDns(zone), { host: 'example.com' });
  assert.ok(result.ok);
  assert.deepEqual(result.data.map((t) => `${t.address}:${t.port} ${t.source}`), ['192.0.2.4:5060 srv']);
});

test('a NAPTR timeout alone does not make the network unreachable when everything else says "no record"', async () => {
  const f = await failure({ 'example.com': { fail: { mode: 'drop', types: ['NAPTR'] } } }, { host: 'example.com' }, { transports: ['udp'] });
  assert.equal(f.code, 'DNS_NO_RECORD');
  assert.equal(f.message, 'no SRV _sip._udp.example.com or A/AAAA record for example.com; the DNS server did not answer NAPTR example.com in time (ETIMEOUT)');
});

test('a timeout on the SRV a NAPTR record names blocks the A/AAAA fallback too', async () => {
  const zone: Zone = {
    'example.com': { naptr: [naptr(1, 1, 'SIP+D2U', '_sip._udp.sip.provider.test')], a: ['192.0.2.1'] },
    '_sip._udp.sip.provider.test': { fail: { mode: 'drop' } },
  };
  const f = await failure(zone, { host: 'example.com' }, { transports: ['udp'] });
  assert.equal(f.code, 'NETWORK_UNREACHABLE');
  assert.ok(!f.queries.includes('A example.com'));
});

test('SERVFAIL is DNS_NO_RECORD, naming the server failure', async () => {
  const f = await failure({ 'example.com': { fail: { mode: 'servfail' } } }, { host: 'example.com', transport: 'udp' });
  assert.equal(f.code, 'DNS_NO_RECORD');
  assert.equal(f.message, 'no SRV _sip._udp.example.com record for example.com; the DNS server failed on A example.com, AAAA example.com (ESERVFAIL)');
});

test('a target the enabled transports cannot serve is refused before any query', async () => {
  const noTls = await failure({}, { host: 'example.com', tlsRequired: true }, { transports: ['udp', 'tcp'] });
  assert.equal(noTls.code, 'SIP_UNSUPPORTED');
  assert.deepEqual(noTls.queries, []);
  assert.equal((await failure({}, { host: 'example.com', transport: 'udp', tlsRequired: true })).code, 'INVALID_CONFIG');
  assert.equal((await failure({}, { host: 'example.com', port: 70000 })).code, 'INVALID_CONFIG');
  assert.equal((await failure({}, { host: '.' })).code, 'INVALID_CONFIG');
});
