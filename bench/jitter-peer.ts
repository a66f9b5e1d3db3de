/**
 * The far side of `bench/jitter-impairment.ts`, in its own process so that
 * its timers and the Dialtone under test do not share an event loop: a
 * userspace impairing relay (`test/support/lossy-relay.ts`) in front of a
 * loopback socket that, once Dialtone's first RTP packet arrives through
 * the relay, sends a PCMU tone back every 20 ms. Prints
 * `{"relayPort":N,"seed":S}` when ready; on a line "stop" on stdin (or after
 * its lifetime), stops sending and prints `{"sent":N,"relay":{...}}`.
 *
 * Run by the bench: `node --import tsx bench/jitter-peer.ts lossFraction delayMs jitterMs lifetimeS [seed]`.
 */
import { createInterface } from 'node:readline';
import type { TestContext } from 'node:test';
import { startLossyRelay } from '../test/support/lossy-relay';
import { openSock, sendTone, waitUntil } from '../test/support/rtp-socket';

const [loss, delayMs, jitterMs, lifetimeS, seedArg] = process.argv.slice(2).map(Number);
const cleanups: Array<() => unknown> = [];
const ctx = { after: (fn: () => unknown) => void cleanups.push(fn) } as unknown as TestContext;
const peer = await openSock(ctx);
const relay = await startLossyRelay({ target: { port: peer.port }, down: { loss: loss ?? 0.05, delayMs: delayMs ?? 40, jitterMs: jitterMs ?? 20 }, ...(seedArg === undefined || Number.isNaN(seedArg) ? {} : { seed: seedArg }), lifetimeMs: (lifetimeS ?? 60) * 1000 });
console.log(JSON.stringify({ relayPort: relay.port, seed: relay.seed }));
const state: { tone: ReturnType<typeof sendTone> | undefined } = { tone: undefined };
const finish = async (): Promise<void> => {
  state.tone?.stop();
  await new Promise((r) => setTimeout(r, 200));
  console.log(JSON.stringify({ sent: state.tone?.sent() ?? 0, relay: relay.stats() }));
  await relay.close();
  for (const c of cleanups) c();
  process.exit(0);
};
createInterface({ input: process.stdin }).on('line', (line) => {
  if (line.trim() === 'stop') void finish();
});
setTimeout(() => void finish(), (lifetimeS ?? 60) * 1000).unref();
await waitUntil('Dialtone RTP through the relay', () => peer.from !== undefined, 30_000);
state.tone = sendTone(peer, peer.from as { address: string; port: number }, 440, 0x7e57_0001, 'pcmu');
