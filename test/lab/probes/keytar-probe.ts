/**
 * Child-process probe: exercises keytar against whatever Secret Service the
 * environment points at (the lab keyring), then prints one line
 * `RESULT {json}` and exits. Run with `node --import tsx keytar-probe.ts
 * SERVICE ACCOUNT PASSWORD` and the env from `startKeyring()`.
 *
 * Runs in its own process because keytar talks to the D-Bus session bus named
 * by DBUS_SESSION_BUS_ADDRESS at first use, and because a native crash must
 * not take the test runner down.
 *
 * @module
 */
import { createRequire } from 'node:module';
import type * as Keytar from 'keytar';

/** What the probe reports. */
export interface KeytarProbeResult {
  readonly ok: boolean;
  readonly error?: string;
  readonly got?: string | null;
  readonly found?: ReadonlyArray<{ readonly account: string; readonly password: string }>;
  readonly foundPassword?: string | null;
  readonly deleted?: boolean;
  readonly afterDelete?: string | null;
  readonly deletedAgain?: boolean;
}

const guard = setTimeout(() => {
  process.stdout.write(`RESULT ${JSON.stringify({ ok: false, error: 'keytar probe timed out after 20 s' })}\n`);
  process.exit(3);
}, 20_000);

async function main(): Promise<KeytarProbeResult> {
  const [service, account, password] = process.argv.slice(2);
  if (!service || !account || !password) throw new Error('usage: keytar-probe SERVICE ACCOUNT PASSWORD');
  const keytar = createRequire(import.meta.url)('keytar') as typeof Keytar;
  await keytar.setPassword(service, account, password);
  const got = await keytar.getPassword(service, account);
  const found = await keytar.findCredentials(service);
  const foundPassword = await keytar.findPassword(service);
  const deleted = await keytar.deletePassword(service, account);
  const afterDelete = await keytar.getPassword(service, account);
  const deletedAgain = await keytar.deletePassword(service, account);
  return { ok: true, got, found, foundPassword, deleted, afterDelete, deletedAgain };
}

main().then(
  (r) => {
    process.stdout.write(`RESULT ${JSON.stringify(r)}\n`);
    clearTimeout(guard);
    process.exit(0);
  },
  (err: unknown) => {
    process.stdout.write(`RESULT ${JSON.stringify({ ok: false, error: err instanceof Error ? err.message : String(err) })}\n`);
    clearTimeout(guard);
    process.exit(1);
  },
);
