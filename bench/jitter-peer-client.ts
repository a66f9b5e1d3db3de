/**
 * Spawns `bench/jitter-peer.ts` (the impairing relay and the PCMU sender, in
 * their own process) for the jitter benchmark and reads its JSON lines:
 * `relayPort`/`seed` when ready, `sent`/`relay` counters after `stop()`.
 * Every wait is bounded.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { DirectionStats } from '../test/support/lossy-relay';
import { repoRoot, sleep } from './support';

/** The network impairment of the direction towards the receiver. */
export interface Impairment {
  readonly loss: number;
  readonly delayMs: number;
  readonly jitterMs: number;
}

/** A running jitter peer. */
export interface JitterPeer {
  readonly relayPort: number;
  readonly seed: number;
  /** Stops sending and returns what was sent and what the relay did downstream. */
  stop(): Promise<{ sent: number; down: DirectionStats }>;
  kill(): void;
}

/** Starts the peer; `seed` makes the relay's loss and delay draws repeat packet for packet. */
export async function startJitterPeer(impairment: Impairment, lifetimeS: number, seed: number | undefined): Promise<JitterPeer> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(repoRoot, 'bench/jitter-peer.ts'), String(impairment.loss), String(impairment.delayMs), String(impairment.jitterMs), String(lifetimeS), ...(seed === undefined ? [] : [String(seed)])],
    { cwd: repoRoot, stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const lines: Array<Record<string, unknown>> = [];
  createInterface({ input: child.stdout }).on('line', (l) => lines.push(JSON.parse(l) as Record<string, unknown>));
  const nextLine = async (key: string, timeoutMs: number): Promise<Record<string, unknown>> => {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const hit = lines.find((l) => key in l);
      if (hit) return hit;
      if (Date.now() > end) throw new Error(`jitter-peer did not report ${key} within ${timeoutMs} ms`);
      await sleep(50);
    }
  };
  try {
    const ready = await nextLine('relayPort', 20_000);
    return {
      relayPort: Number(ready['relayPort']),
      seed: Number(ready['seed']),
      async stop() {
        child.stdin.write('stop\n');
        const done = await nextLine('sent', 5000);
        return { sent: Number(done['sent']), down: (done['relay'] as { down: DirectionStats }).down };
      },
      kill: () => child.kill('SIGKILL'),
    };
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
}
