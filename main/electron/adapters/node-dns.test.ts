import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { closedUdpPort, silentUdpServer, startDnsServer, within, type DnsTestServer } from '../../../test/support/dns-server';
import { naptr, srv } from '../../../test/support/dns-zone';
import type { DnsPort } from '../../core/ports/dns';
import { createNodeDnsPort, type NodeDnsOptions } from './node-dns';

let server: DnsTestServer;
before(async () => {
  server = await startDnsServer({
    'example.test': { naptr: [naptr(10, 5, 'SIP+D2T', '_sip._tcp.example.test')], a: ['127.0.0.2'], aaaa: ['::1'] },
    '_sip._tcp.example.test': { srv: [srv(10, 60, 5070, 'example.test')] },
  });
});
after(() => server.close());

function port(options: NodeDnsOptions): DnsPort {
  const created = createNodeDnsPort(options);
  assert.ok(created.ok, created.ok ? '' : created.error.message);
  return created.data;
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  return promise.then(() => 'resolved', (e: unknown) => String((e as { code?: unknown }).code));
}

test('queries go to the configured server and come back in node:dns shapes', { timeout: 10_000 }, async () => {
  const dns = port({ servers: [server.address], timeoutMs: 500, tries: 1 });
  assert.deepEqual(await within(3000, 'NAPTR', dns.resolveNaptr('example.test')), [
    { flags: 's', service: 'SIP+D2T', regexp: '', replacement: '_sip._tcp.example.test', order: 10, preference: 5 },
  ]);
  assert.deepEqual(await within(3000, 'SRV', dns.resolveSrv('_sip._tcp.example.test')), [{ priority: 10, weight: 60, port: 5070, name: 'example.test' }]);
  assert.deepEqual(await within(3000, 'A', dns.resolve4('example.test')), ['127.0.0.2']);
  assert.deepEqual(await within(3000, 'AAAA', dns.resolve6('example.test')), ['::1']);
  assert.equal(await within(3000, 'NXDOMAIN', codeOf(dns.resolve4('missing.test'))), 'ENOTFOUND');
  assert.equal(await within(3000, 'NODATA', codeOf(dns.resolveSrv('example.test'))), 'ENODATA');
  assert.ok(server.queries.includes('SRV _sip._tcp.example.test'));
});

test('a server that never answers gives ETIMEOUT, bounded by timeoutMs and tries', { timeout: 10_000 }, async () => {
  const silent = await silentUdpServer();
  try {
    const started = Date.now();
    assert.equal(await within(5000, 'timeout', codeOf(port({ servers: [silent.address], timeoutMs: 100, tries: 1 }).resolve4('example.test'))), 'ETIMEOUT');
    assert.ok(Date.now() - started < 3000);
  } finally {
    await silent.close();
  }
});

test('a closed DNS port gives ECONNREFUSED', { timeout: 10_000 }, async () => {
  const closed = await closedUdpPort();
  const dns = port({ servers: [`127.0.0.1:${closed}`], timeoutMs: 200, tries: 1 });
  assert.equal(await within(5000, 'refused', codeOf(dns.resolveSrv('_sip._udp.example.test'))), 'ECONNREFUSED');
});

test('malformed servers or numbers are INVALID_CONFIG, not exceptions', () => {
  for (const options of [{ servers: ['dns.example.com'] }, { servers: ['127.0.0.1:x'] }, { timeoutMs: 0 }, { tries: 1.5 }]) {
    const created = createNodeDnsPort(options);
    assert.equal(created.ok ? 'ok' : created.error.code, 'INVALID_CONFIG', JSON.stringify(options));
  }
  assert.ok(createNodeDnsPort({ servers: ['[::1]:5353', '127.0.0.1'] }).ok);
  assert.ok(createNodeDnsPort().ok);
});
