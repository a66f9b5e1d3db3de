/**
 * A private coturn STUN server on loopback for the connection doctor's STUN
 * check (lab.md §5): UDP only, no TLS/DTLS, no CLI, a random free port, no
 * config file, logs on stdout.
 *
 * @module
 */
import { startProcess, type ExitInfo, type ManagedProcess } from './proc';
import { findFreePort, LOOPBACK, waitForListening } from './ports';
import { requireTool } from './tools';

/** A running STUN server. */
export interface CoturnHandle {
  readonly host: string;
  readonly port: number;
  readonly process: ManagedProcess;
  stop(): Promise<ExitInfo>;
}

/** Starts coturn as a plain STUN server on 127.0.0.1 and a random port; waits until it listens (≤ 10 s). */
export async function startCoturn(): Promise<CoturnHandle> {
  const port = await findFreePort({ proto: 'both' });
  const proc = await startProcess({
    name: 'coturn',
    command: requireTool('turnserver'),
    args: [
      '-n', `--listening-ip=${LOOPBACK}`, `--relay-ip=${LOOPBACK}`, `--listening-port=${port}`,
      '--no-tls', '--no-dtls', '--no-cli', '--stun-only', '--no-software-attribute', '--log-file=stdout', '--simple-log',
    ],
    maxLifetimeMs: 10 * 60_000,
  });
  try {
    await waitForListening(port, 'udp', 10_000, LOOPBACK);
  } catch (error) {
    await proc.stop();
    throw new Error(`lab: coturn did not listen on udp ${port}: ${(error as Error).message}\n${proc.output().slice(-2000)}`);
  }
  return { host: LOOPBACK, port, process: proc, stop: () => proc.stop() };
}
