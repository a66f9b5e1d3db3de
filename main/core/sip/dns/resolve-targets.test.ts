import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fakeDns } from '../../../../test/support/dns-fake';
import { naptr, srv, type Zone } from '../../../../test/support/dns-zone';
import { resolveTargets } from './resolve-targets';
import type { ResolvedTarget } from './types';

/** transport address:port source, one string per target. */
const brief = (targets: readonly ResolvedTarget[]): string[] =>
  targets.map((t) => `${t.transport} ${t.family === 6 ? `[${t.address}]` : t.address}:${t.port} ${t.source}`);

async function targetsOf(zone: Zone, ...args: Parameters<typeof resolveTargets> extends [unknown, ...infer R] ? R : never): Promise<{ targets: ResolvedTarget[]; queries: string[] }> {
  const dns = fakeDns(zone);
  const result = await resolveTargets(dns, ...args);
  assert.ok(result.ok, result.ok ? '' : result.error.message);
  return { targets: result.data, queries: dns.queries };
}

const hosts: Zone = {
  'sip1.example.com': { a: ['192.0.2.1'], aaaa: ['2001:db8::1'] },
  'sip2.example.com': { a: ['192.0.2.2'] },
  'sip3.example.com': { aaaa: ['2001:db8::3'] },
};

test('an IP literal needs no DNS: default port 5060, 5061 for TLS, brackets removed', async () => {
  const v4 = await targetsOf({}, { host: '192.0.2.7' });
  assert.deepEqual(brief(v4.targets), ['udp 192.0.2.7:5060 literal']);
  assert.deepEqual(v4.queries, []);
  assert.deepEqual(brief((await targetsOf({}, { host: '192.0.2.7', tlsRequired: true })).targets), ['tls 192.0.2.7:5061 literal']);
  const v6 = await targetsOf({}, { host: '[2001:db8::9]', port: 5070, transport: 'tcp' });
  assert.deepEqual(brief(v6.targets), ['tcp [2001:db8::9]:5070 literal']);
  assert.equal(v6.targets[0]?.host, '2001:db8::9');
});

test('an explicit port skips NAPTR and SRV: A/AAAA only, UDP unless TLS is required', async () => {
  const zone: Zone = { ...hosts, 'example.com': { cname: 'sip1.example.com', naptr: [naptr(1, 1, 'SIP+D2T', '_sip._tcp.example.com')] } };
  const plain = await targetsOf(zone, { host: 'example.com', port: 5080 });
  assert.deepEqual(brief(plain.targets), ['udp 192.0.2.1:5080 a', 'udp [2001:db8::1]:5080 a']);
  assert.deepEqual(plain.queries, ['A example.com', 'AAAA example.com']);
  assert.equal(plain.targets[0]?.host, 'example.com');
  const tls = await targetsOf(zone, { host: 'example.com', port: 5081, tlsRequired: true });
  assert.deepEqual(brief(tls.targets), ['tls 192.0.2.1:5081 a', 'tls [2001:db8::1]:5081 a']);
});

test('an explicit transport asks SRV for it only, then A/AAAA with its default port', async () => {
  const zone: Zone = { ...hosts, 'example.com': { a: ['192.0.2.9'] }, '_sip._tcp.example.com': { srv: [srv(10, 0, 5090, 'sip2.example.com')] } };
  const tcp = await targetsOf(zone, { host: 'example.com', transport: 'tcp' });
  assert.deepEqual(brief(tcp.targets), ['tcp 192.0.2.2:5090 srv']);
  assert.deepEqual(tcp.queries, ['SRV _sip._tcp.example.com', 'A sip2.example.com', 'AAAA sip2.example.com']);
  const tls = await targetsOf(zone, { host: 'example.com', transport: 'tls' });
  assert.deepEqual(brief(tls.targets), ['tls 192.0.2.9:5061 a']);
  assert.deepEqual(tls.queries, ['SRV _sips._tcp.example.com', 'A example.com', 'AAAA example.com']);
  // sips: with transport=tcp means TLS over TCP (RFC 3263 §4.1).
  assert.deepEqual(brief((await targetsOf(zone, { host: 'example.com', transport: 'tcp', tlsRequired: true })).targets), ['tls 192.0.2.9:5061 a']);
});

test('NAPTR records are used by order, then preference, each through its SRV', async () => {
  const zone: Zone = {
    ...hosts,
    'example.com': {
      naptr: [
        naptr(20, 10, 'SIP+D2U', '_sip._udp.example.com'),
        naptr(10, 20, 'SIPS+D2T', '_sips._tcp.example.com'),
        naptr(10, 10, 'SIP+D2T', '_sip._tcp.example.com'),
      ],
    },
    '_sip._udp.example.com': { srv: [srv(0, 0, 5060, 'sip2.example.com')] },
    '_sip._tcp.example.com': { srv: [srv(0, 0, 5060, 'sip2.example.com')] },
    '_sips._tcp.example.com': { srv: [srv(0, 0, 5061, 'sip1.example.com')] },
  };
  const { targets } = await targetsOf(zone, { host: 'example.com' });
  assert.deepEqual(brief(targets), ['tcp 192.0.2.2:5060 naptr', 'tls 192.0.2.1:5061 naptr', 'tls [2001:db8::1]:5061 naptr', 'udp 192.0.2.2:5060 naptr']);
  assert.equal(targets[1]?.host, 'sip1.example.com');
  assert.equal(targets[1]?.domain, 'example.com');
  const tlsOnly = await targetsOf(zone, { host: 'example.com', tlsRequired: true });
  assert.deepEqual(brief(tlsOnly.targets), ['tls 192.0.2.1:5061 naptr', 'tls [2001:db8::1]:5061 naptr']);
  const noTls = await targetsOf(zone, { host: 'example.com' }, { transports: ['udp'] });
  assert.deepEqual(brief(noTls.targets), ['udp 192.0.2.2:5060 naptr']);
});

test('without NAPTR: SRV for each enabled transport in our order, each by priority and weight', async () => {
  const zone: Zone = {
    ...hosts,
    'example.com': { naptr: [naptr(1, 1, 'SIP+D2W', '_sip._ws.example.com')] }, // nothing usable: fall back to SRV
    '_sip._udp.example.com': { srv: [srv(20, 0, 5062, 'sip2.example.com'), srv(10, 1, 5060, 'sip3.example.com'), srv(10, 3, 5060, 'sip1.example.com')] },
    '_sip._tcp.example.com': { srv: [srv(10, 0, 5060, 'sip2.example.com')] },
  };
  // Priority 10 pool is [sip3 (w1), sip1 (w3)]: a draw of floor(0.1 * 5) = 0 picks sip3 (running sum 1 >= 0).
  const { targets } = await targetsOf(zone, { host: 'example.com' }, { random: () => 0.1 });
  assert.deepEqual(brief(targets), [
    'udp [2001:db8::3]:5060 srv',
    'udp 192.0.2.1:5060 srv',
    'udp [2001:db8::1]:5060 srv',
    'udp 192.0.2.2:5062 srv',
    'tcp 192.0.2.2:5060 srv',
  ]);
  assert.deepEqual([targets[0]?.priority, targets[0]?.weight, targets[3]?.priority], [10, 1, 20]);
  // A draw of floor(0.9 * 5) = 4 lands past sip3's running sum: sip1 first. Our order puts TCP first here.
  const heavy = await targetsOf(zone, { host: 'example.com' }, { random: () => 0.9, transports: ['tcp', 'udp'] });
  assert.deepEqual(brief(heavy.targets).slice(0, 3), ['tcp 192.0.2.2:5060 srv', 'udp 192.0.2.1:5060 srv', 'udp [2001:db8::1]:5060 srv']);
});

test('both address families are kept, IPv4 first unless IPv6 is preferred', async () => {
  const zone: Zone = { ...hosts, '_sip._udp.example.com': { srv: [srv(0, 0, 5060, 'sip1.example.com')] } };
  assert.deepEqual(brief((await targetsOf(zone, { host: 'example.com' })).targets), ['udp 192.0.2.1:5060 srv', 'udp [2001:db8::1]:5060 srv']);
  const v6 = await targetsOf(zone, { host: 'example.com' }, { ipv6First: true });
  assert.deepEqual(brief(v6.targets), ['udp [2001:db8::1]:5060 srv', 'udp 192.0.2.1:5060 srv']);
  assert.equal(v6.targets[0]?.family, 6);
});

test('no NAPTR or SRV: A/AAAA of the domain with UDP 5060, or TLS 5061 when required', async () => {
  const zone: Zone = { 'example.com': { a: ['192.0.2.5'] } };
  const plain = await targetsOf(zone, { host: 'Example.com.' });
  assert.deepEqual(brief(plain.targets), ['udp 192.0.2.5:5060 a']);
  assert.deepEqual(brief((await targetsOf(zone, { host: 'example.com', tlsRequired: true })).targets), ['tls 192.0.2.5:5061 a']);
  assert.deepEqual(brief((await targetsOf(zone, { host: 'example.com' }, { transports: ['tcp', 'tls'] })).targets), ['tcp 192.0.2.5:5060 a']);
});

test('the same transport, address and port twice is tried once', async () => {
  const zone: Zone = { ...hosts, '_sip._udp.example.com': { srv: [srv(1, 0, 5060, 'sip2.example.com'), srv(2, 0, 5060, 'sip2.example.com')] } };
  assert.deepEqual(brief((await targetsOf(zone, { host: 'example.com' })).targets), ['udp 192.0.2.2:5060 srv']);
});
