/**
 * Call history from real calls: baresip calls headless Dialtone through
 * Kamailio; one call is answered, one is given up while ringing (missed).
 * `history.list` then holds both, with the caller's name from an imported
 * vCard (caller ID), and the missed one counts until `history.markSeen`.
 */
import assert from 'node:assert/strict';
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { makeToneWav } from '../lab/audio';
import { startBaresip } from '../lab/baresip';
import { startKamailio, type KamailioHandle } from '../lab/kamailio';
import { makeWorkDir } from '../lab/workdir';
import { startHeadless } from '../support/headless';

let kam: KamailioHandle;
let dir: string;
before(async () => {
  kam = await startKamailio({ users: [{ username: 'alice', password: 'alice123' }, { username: 'bob', password: 'bob123' }], udpPort: 'random', tlsPort: 'random' });
  dir = makeWorkDir('headless-history');
});
after(() => kam?.stop());

interface Call { callId: string; direction: string; outcome: string; displayName?: string; durationSeconds: number; remoteUri: string }

test('answered and missed calls from baresip land in history.list with the caller-ID name', async (t) => {
  const tone = await makeToneWav(join(dir, 'tone.wav'), { freq: 440, seconds: 10, rate: 48000 });
  const accountFile = join(dir, 'alice.json');
  writeFileSync(accountFile, JSON.stringify({ aor: 'sip:alice@127.0.0.1', username: 'alice', server: `127.0.0.1:${kam.udpPort}`, transport: 'udp', srtp: 'off', codecs: ['pcmu'], register: true }));
  const vcf = join(dir, 'bob.vcf');
  copyFileSync(new URL('../fixtures/contacts/bob.vcf', import.meta.url), vcf);
  const bob = await startBaresip({ user: 'bob', password: 'bob123', registrar: { host: '127.0.0.1', port: kam.udpPort, transport: 'udp' }, toneWav: tone, codecs: ['PCMU/8000/1'] });
  t.after(() => bob.stop());
  await bob.waitForRegistration();
  const h = startHeadless(['--account', accountFile, '--data-dir', join(dir, 'data')], { DIALTONE_PASSWORD: 'alice123' });
  t.after(() => {
    if (h.child.exitCode === null) h.child.kill('SIGKILL');
  });
  assert.equal((await h.request(1, 'contacts.import', { path: vcf }))['ok'], true);
  await h.waitFor((l) => l['event'] === 'registration.changed' && (l['data'] as { state: string }).state === 'registered');

  // 1: answered, talk for a moment, bob hangs up.
  await bob.command('dial', 'sip:alice@127.0.0.1');
  const ringing = await h.waitFor((l) => l['event'] === 'call.updated' && (l['data'] as { direction: string }).direction === 'incoming');
  const first = (ringing['data'] as { callId: string }).callId;
  assert.equal((await h.request(2, 'call.answer', { callId: first }))['ok'], true);
  await h.waitFor((l) => l['event'] === 'call.updated' && (l['data'] as { callId: string; state: string }).callId === first && (l['data'] as { state: string }).state === 'active', 10000);
  await new Promise((r) => setTimeout(r, 1500));
  await bob.command('hangup');
  await h.waitFor((l) => l['event'] === 'history.added' && (l['data'] as { call: Call }).call.callId === first, 10000);

  // 2: bob gives up while it rings: missed.
  await bob.command('dial', 'sip:alice@127.0.0.1');
  const second = await h.waitFor((l) => l['event'] === 'call.updated' && (l['data'] as { callId: string; direction: string }).direction === 'incoming' && (l['data'] as { callId: string }).callId !== first);
  const secondId = (second['data'] as { callId: string }).callId;
  await new Promise((r) => setTimeout(r, 500));
  await bob.command('hangup');
  const added = await h.waitFor((l) => l['event'] === 'history.added' && (l['data'] as { call: Call }).call.callId === secondId, 10000);
  assert.equal((added['data'] as { missedUnseen: number }).missedUnseen, 1);

  const list = await h.request(3, 'history.list', { limit: 10 });
  const data = list['data'] as { calls: Call[]; missedUnseen: number };
  assert.deepEqual(data.calls.map((c) => [c.callId, c.direction, c.outcome, c.displayName]), [
    [secondId, 'incoming', 'missed', 'Bob Baresip'],
    [first, 'incoming', 'answered', 'Bob Baresip'],
  ]);
  assert.ok((data.calls[1]?.durationSeconds ?? 0) >= 1, `talk time ${data.calls[1]?.durationSeconds}`);
  assert.equal(data.missedUnseen, 1);
  assert.deepEqual(await h.request(4, 'history.markSeen'), { id: 4, ok: true, data: { missedUnseen: 0 } });
  assert.deepEqual(await h.request(9, 'quit'), { id: 9, ok: true, data: {} });
  assert.equal(await h.exited(), 0);
});
