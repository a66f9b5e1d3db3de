/**
 * Child-process probe for test/integration/keychain.test.ts: runs Dialtone's
 * real secret store (keytar adapter + the session-only choice) and the real
 * composition root against whatever Secret Service the environment points
 * at, then prints one `RESULT {json}` line. In its own process because keytar
 * binds to the D-Bus session bus of the environment at first use.
 */
import { KEYCHAIN_SERVICE } from '../../../main/core/accounts/credentials';
import { createSessionChoiceSecretStore } from '../../../main/core/accounts/session-choice-secret-store';
import { bootstrap } from '../../../main/electron/bootstrap';
import { createKeytarStore } from '../../../native/secrets/keytar-store';
import { manualSystemEvents, recordingLogger } from '../../support/fakes';

const guard = setTimeout(() => {
  process.stdout.write(`RESULT ${JSON.stringify({ error: 'probe timed out after 25 s' })}\n`);
  process.exit(3);
}, 25_000);

async function roundTrip(secret: string): Promise<Record<string, unknown>> {
  const keytar = createKeytarStore({ timeoutMs: 5000 });
  const account = 'sip:alice@127.0.0.1';
  const set = await keytar.set(KEYCHAIN_SERVICE, account, secret);
  const got = await keytar.get(KEYCHAIN_SERVICE, account);
  const deleted = await keytar.delete(KEYCHAIN_SERVICE, account);
  const after = await keytar.get(KEYCHAIN_SERVICE, account);
  // The real composition root: account.save stores the password, account.remove deletes it.
  const runtime = bootstrap({
    app: { name: 'Dialtone', version: '0', mode: 'headless' },
    env: {},
    onQuitRequested: () => undefined,
    overrides: { logger: recordingLogger(), systemEvents: manualSystemEvents() },
  });
  const config = { aor: 'sip:bob@127.0.0.1', username: 'bob', server: '127.0.0.1', transport: 'udp', srtp: 'off', codecs: ['pcmu'], register: false };
  const saved = await runtime.router.dispatch('account.save', { account: config, password: `${secret}-bob` });
  const id = saved.ok ? (saved.data as { id: string }).id : '';
  const stored = await keytar.get(KEYCHAIN_SERVICE, id);
  const removed = await runtime.router.dispatch('account.remove', { accountId: id });
  const afterRemove = await keytar.get(KEYCHAIN_SERVICE, id);
  await runtime.shutdown();
  return { set, got, deleted, after, saved: saved.ok, stored, removed: removed.ok, afterRemove };
}

async function noKeyring(): Promise<Record<string, unknown>> {
  const store = createSessionChoiceSecretStore(createKeytarStore({ timeoutMs: 5000 }));
  const refused = await store.set(KEYCHAIN_SERVICE, 'carol', 'pw');
  const readRefused = await store.get(KEYCHAIN_SERVICE, 'carol');
  store.setSessionOnly(true);
  const kept = await store.set(KEYCHAIN_SERVICE, 'carol', 'pw');
  const read = await store.get(KEYCHAIN_SERVICE, 'carol');
  return { refused, readRefused, kept, read, kind: store.kind };
}

async function main(): Promise<Record<string, unknown>> {
  const [mode, secret = ''] = process.argv.slice(2);
  return mode === 'round-trip' ? roundTrip(secret) : noKeyring();
}

main().then(
  (result) => {
    clearTimeout(guard);
    process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
    process.exit(0);
  },
  (error: unknown) => {
    clearTimeout(guard);
    process.stdout.write(`RESULT ${JSON.stringify({ error: error instanceof Error ? error.stack : String(error) })}\n`);
    process.exit(1);
  },
);
