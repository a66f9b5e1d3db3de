/**
 * RFC 3263 failover end to end: the account names a domain; a DNS server on
 * loopback gives two SRV targets; the first answers 503, so Dialtone moves on
 * to the second (the real Kamailio) and registers there.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startKamailio } from '../lab/kamailio';
import { labAccount, registration, startCore } from '../support/core-driver';
import { startDnsServer } from '../support/dns-server';
import { srv } from '../support/dns-zone';
import { startSipResponder } from '../support/sip-responder';

test('SRV failover: a 503 from the first server moves the registration to the next', async (t) => {
  const kam = await startKamailio({ users: [{ username: 'alice', password: 'alice123' }], udpPort: 'random', tlsPort: 'random' });
  const overloaded = await startSipResponder('503 Service Unavailable');
  const dns = await startDnsServer({
    '_sip._udp.pbx.test': { srv: [srv(20, 0, kam.udpPort, 'backup.pbx.test'), srv(10, 0, overloaded.port, 'primary.pbx.test')] },
    'primary.pbx.test': { a: ['127.0.0.1'] },
    'backup.pbx.test': { a: ['127.0.0.1'] },
  });
  const core = startCore({ env: { DIALTONE_PASSWORD: 'alice123', DIALTONE_DNS_SERVERS: dns.address } });
  t.after(async () => {
    await core.stop();
    await Promise.all([kam.stop(), overloaded.close(), dns.close()]);
  });
  await core.runtime.core.saveAccount(labAccount({ user: 'alice', port: 0, transport: 'udp', server: 'pbx.test' }));
  await core.waitFor(registration('alice@127.0.0.1', 'registered'), 15000);
  const sent = core.runtime.core.trace(0, 100).filter((e) => e.direction === 'sent' && e.method === 'REGISTER');
  assert.equal(sent[0]?.peer, `127.0.0.1:${overloaded.port}`, 'the priority-10 server is tried first');
  assert.equal(sent.at(-1)?.peer, `127.0.0.1:${kam.udpPort}`, 'the priority-20 server takes over');
  assert.equal(overloaded.requests.filter((r) => r.startsWith('REGISTER')).length, 1, 'no retry against the overloaded server');
  assert.equal(await kam.isRegistered('alice'), true);
  const failed = core.events.find(registration('alice@127.0.0.1', 'failed', 'SIP_SERVICE_UNAVAILABLE'));
  assert.ok(failed, 'the 503 is reported before the failover');
});

test('a domain with no SIP records fails with DNS_NO_RECORD naming what was tried', async (t) => {
  const dns = await startDnsServer({});
  const core = startCore({ env: { DIALTONE_PASSWORD: 'x', DIALTONE_DNS_SERVERS: dns.address } });
  t.after(async () => {
    await core.stop();
    await dns.close();
  });
  await core.runtime.core.saveAccount(labAccount({ user: 'alice', port: 0, transport: 'udp', server: 'nowhere.test' }));
  const failed = await core.waitFor(registration('alice@127.0.0.1', 'failed', 'DNS_NO_RECORD'), 15000);
  assert.match(JSON.stringify(failed), /_sip\._udp\.nowhere\.test/);
});
