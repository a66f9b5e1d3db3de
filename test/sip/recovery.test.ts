/**
 * Registration through outages and network changes, against the real Kamailio:
 * the registrar stops and comes back; the network changes under us.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startKamailio } from '../lab/kamailio';
import { findFreePort } from '../lab/ports';
import { labAccount, registration, startCore } from '../support/core-driver';
import { manualSystemEvents } from '../support/fakes';

const users = [{ username: 'alice', password: 'alice123' }];
const id = 'alice@127.0.0.1';

for (const transport of ['udp', 'tcp'] as const) {
test(`Kamailio stops and restarts (${transport.toUpperCase()}): re-registered within 2 s of its return, with no REGISTER storm while it was down`, async (t) => {
  const udpPort = await findFreePort({ proto: 'both' });
  const tlsPort = await findFreePort({ proto: 'tcp' });
  let kam = await startKamailio({ users, udpPort, tlsPort });
  const core = startCore({ env: { DIALTONE_PASSWORD: 'alice123' }, sip: { pingIntervalMs: 1000, probeIntervalMs: 1000 } });
  t.after(async () => {
    await core.stop();
    await kam.stop();
  });
  await core.runtime.core.saveAccount(labAccount({ user: 'alice', port: udpPort, transport }));
  await core.waitFor(registration(id, 'registered'));

  const lastBefore = core.runtime.core.trace(0, 10000).at(-1)?.id ?? 0;
  const failedIndex = core.events.length;
  await kam.stop();
  const downAt = Date.now();
  const failed = await core.waitFor(registration(id, 'failed'), 8000, failedIndex);
  // UDP notices by missed pings; TCP by the connection closing.
  assert.equal(failed.event === 'registration.changed' && failed.data.reason?.code, transport === 'udp' ? 'SIP_TIMEOUT' : 'NETWORK_UNREACHABLE');
  console.log(`${transport}: outage noticed after ${Date.now() - downAt} ms`);
  await new Promise((r) => setTimeout(r, 8000));

  kam = await startKamailio({ users, udpPort, tlsPort });
  const backAt = Date.now();
  const sinceBack = core.events.length;
  await core.waitFor(registration(id, 'registered'), 5000, sinceBack);
  const took = Date.now() - backAt;
  console.log(`${transport}: re-registered ${took} ms after Kamailio was back`);
  assert.ok(took <= 2000, `re-registered only after ${took} ms`);
  assert.equal(await kam.isRegistered('alice'), true);

  const whileDown = core.runtime.core.trace(lastBefore, 10000).filter((e) => e.direction === 'sent' && e.time < backAt);
  const registers = new Set(whileDown.filter((e) => e.method === 'REGISTER').map((e) => /CSeq:\s*(\d+)/i.exec(e.text)?.[1]));
  const datagrams = whileDown.filter((e) => e.method === 'REGISTER').length;
  const probes = whileDown.filter((e) => e.method === 'OPTIONS').length;
  console.log(`${transport}: while down (${backAt - downAt} ms): ${registers.size} REGISTER transactions, ${datagrams} REGISTER datagrams, ${probes} OPTIONS probes`);
  assert.ok(registers.size <= 4, `${registers.size} REGISTER transactions in ${backAt - downAt} ms is a storm`);
  assert.ok(datagrams <= 25, `${datagrams} REGISTER datagrams in ${backAt - downAt} ms is a storm`);
});
}

test('a network change re-registers at once', async (t) => {
  const kam = await startKamailio({ users, udpPort: 'random', tlsPort: 'random' });
  const events = manualSystemEvents();
  const core = startCore({ env: { DIALTONE_PASSWORD: 'alice123' }, systemEvents: events });
  t.after(async () => {
    await core.stop();
    await kam.stop();
  });
  await core.runtime.core.saveAccount(labAccount({ user: 'alice', port: kam.udpPort, transport: 'tcp' }));
  await core.waitFor(registration(id, 'registered'));
  const before = core.runtime.core.trace(0, 1000).at(-1)?.id ?? 0;
  const since = core.events.length;
  events.fireNetworkChange();
  await core.waitFor(registration(id, 'registered'), 5000, since);
  const after = core.runtime.core.trace(before, 1000).filter((e) => e.direction === 'sent' && e.method === 'REGISTER');
  assert.ok(after.length >= 1, 'no REGISTER after the network change');
  assert.deepEqual(core.states(id).slice(-2), ['registering', 'registered']);
  const beforeResume = core.events.length;
  events.fireResume();
  await core.waitFor(registration(id, 'registering'), 5000, beforeResume);
  await core.waitFor(registration(id, 'registered'), 5000, beforeResume);
  assert.deepEqual(core.states(id).slice(-2), ['registering', 'registered']);
});
