/**
 * Dialtone against linphonec (liblinphone), through the lab Kamailio: the
 * phone features that must work with a peer that is not baresip. linphonec
 * auto-answers (`-a`).
 * - Dialtone calls linphonec: answered, held (the hold shows on linphonec's
 *   side as "paused by remote"), resumed, hung up.
 * - linphonec calls Dialtone: it rings with linphonec's identity, Dialtone
 *   answers, linphonec hangs up and the call ends as ended by the other side.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startKamailio, type KamailioHandle } from '../lab/kamailio';
import { startLinphone, type LinphoneHandle } from '../lab/linphone';
import { createFileAudioPort } from '../../main/electron/adapters/file-audio';
import { callState, command, dial, ended, incoming } from '../support/call-steps';
import { labAccount, registration, startCore, type CoreDriver } from '../support/core-driver';

/** Waits (bounded) until linphonec's output matches `re`. */
async function logged(re: RegExp, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!re.test(linus.logs())) {
    if (Date.now() > deadline) assert.fail(`${what}: not in linphonec's output within ${timeoutMs} ms:\n${linus.logs().slice(-1500)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

let kam: KamailioHandle;
let alice: CoreDriver;
let linus: LinphoneHandle;
before(async () => {
  kam = await startKamailio({ users: [{ username: 'alice', password: 'alice123' }, { username: 'linus', password: 'linus123' }], udpPort: 'random', tlsPort: 'random' });
  linus = await startLinphone({ user: 'linus', password: 'linus123', registrar: { host: '127.0.0.1', port: kam.udpPort, transport: 'udp' } });
  alice = startCore({ env: { DIALTONE_PASSWORD: 'alice123' }, audio: createFileAudioPort({}) });
  await alice.runtime.core.saveAccount(labAccount({ user: 'alice', port: kam.udpPort, transport: 'udp' }));
  await Promise.all([alice.waitFor(registration('alice@127.0.0.1', 'registered')), linus.waitForRegistration(10_000)]);
});
after(async () => {
  await alice?.stop();
  await linus?.stop();
  await kam?.stop();
});

test('Dialtone calls linphonec: answered, held and resumed (linphonec sees the pause), hung up', async () => {
  const callId = await dial(alice, 'linus');
  await callState(alice, callId, 'active', 15_000);
  const codec = alice.runtime.core.snapshot().calls.find((c) => c.callId === callId)?.codec;
  assert.ok(codec, 'a codec was negotiated');
  await command(alice, 'call.hold', callId);
  assert.equal(alice.runtime.core.snapshot().calls.find((c) => c.callId === callId)?.state, 'held');
  await logged(/Call \d+ has been paused by sip:alice@/, 'linphonec reports the call paused by alice');
  await command(alice, 'call.resume', callId);
  assert.equal(alice.runtime.core.snapshot().calls.find((c) => c.callId === callId)?.state, 'active');
  await command(alice, 'call.hangup', callId);
  const e = await ended(alice, callId);
  assert.equal(e.endedBy, 'local');
  await logged(/Call \d+ with sip:alice@\S+ ended/, 'linphonec saw the BYE');
});

test('linphonec calls Dialtone: it rings as linus, Dialtone answers, linphonec hangs up', async () => {
  const since = alice.events.length;
  linus.command('call sip:alice@127.0.0.1');
  const callId = await incoming(alice, since, 15_000);
  const view = alice.runtime.core.snapshot().calls.find((c) => c.callId === callId);
  assert.match(view?.remoteUri ?? '', /^sip:linus@127\.0\.0\.1/);
  await command(alice, 'call.answer', callId);
  await callState(alice, callId, 'active', 10_000, since);
  await new Promise((r) => setTimeout(r, 500));
  linus.command('terminate');
  const e = await ended(alice, callId);
  assert.equal(e.endedBy, 'remote');
});
