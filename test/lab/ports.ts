/**
 * Free-port discovery and "is it listening yet" checks, on loopback only.
 *
 * Tests may run in parallel (several test files at once), so peers always
 * get random high ports that were verified free by actually binding them on
 * 127.0.0.1 (UDP and/or TCP). Ports are drawn from 20000-32767, below Linux's
 * ephemeral range (32768-60999), so outgoing connections can't steal them,
 * and every port handed out is remembered so one process never gets the same
 * port twice.
 *
 * @module
 */
import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';
import { pollUntil, runCommand } from './proc';
import { requireTool } from './tools';

/** Which protocol(s) a port must be free (or listening) for. */
export type PortProto = 'udp' | 'tcp' | 'both';

/** The only address lab peers bind to. */
export const LOOPBACK = '127.0.0.1';

const handedOut = new Set<number>();
const RANGE_MIN = 20000;
const RANGE_MAX = 32767;

function tcpFree(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.unref();
    srv.once('error', () => resolve(false));
    srv.listen({ port, host, exclusive: true }, () => {
      srv.close(() => resolve(true));
    });
  });
}

function udpFree(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = createSocket({ type: 'udp4', reuseAddr: false });
    sock.unref();
    sock.once('error', () => {
      sock.close();
      resolve(false);
    });
    sock.bind({ port, address: host, exclusive: true }, () => {
      sock.close(() => resolve(true));
    });
  });
}

/**
 * True if `port` can be bound on `host` (default 127.0.0.1) for the given
 * protocol(s) right now. Also false when something holds it on 0.0.0.0.
 */
export async function isPortFree(port: number, proto: PortProto = 'both', host = LOOPBACK): Promise<boolean> {
  if (proto !== 'udp' && !(await tcpFree(port, host))) return false;
  if (proto !== 'tcp' && !(await udpFree(port, host))) return false;
  return true;
}

/** Options for {@link findFreePort}. */
export interface FindFreePortOptions {
  /** Protocol(s) every port in the block must be free for. Default `both`. */
  readonly proto?: PortProto;
  /**
   * Number of consecutive ports needed, starting at the returned one. E.g.
   * SIPp `-mp N` binds N and N+2 (span 4 keeps blocks apart); baresip uses
   * its SIP port and port+1 (TLS): span 2.
   */
  readonly span?: number;
  readonly host?: string;
  /** Attempts before giving up (bounded). Default 200. */
  readonly attempts?: number;
}

/**
 * A random free port (or the first of `span` consecutive free ports) on
 * loopback, reserved for this process. Throws after a bounded number of
 * attempts.
 */
export async function findFreePort(opts: FindFreePortOptions = {}): Promise<number> {
  const span = Math.max(1, opts.span ?? 1);
  const proto = opts.proto ?? 'both';
  const host = opts.host ?? LOOPBACK;
  const attempts = opts.attempts ?? 200;
  for (let i = 0; i < attempts; i++) {
    const base = RANGE_MIN + Math.floor(Math.random() * (RANGE_MAX - RANGE_MIN - span));
    let ok = true;
    for (let p = base; p < base + span && ok; p++) {
      ok = !handedOut.has(p) && (await isPortFree(p, proto, host));
    }
    if (ok) {
      for (let p = base; p < base + span; p++) handedOut.add(p);
      return base;
    }
  }
  throw new Error(`lab: no free ${proto} port block of ${span} on ${host} after ${attempts} attempts`);
}

/**
 * `port` if it is free (and not already handed out), else a random free one.
 * Lets a peer default to its well-known port (5060) without ever colliding.
 */
export async function preferPort(port: number, opts: FindFreePortOptions = {}): Promise<number> {
  const span = Math.max(1, opts.span ?? 1);
  let ok = true;
  for (let p = port; p < port + span && ok; p++) {
    ok = !handedOut.has(p) && (await isPortFree(p, opts.proto ?? 'both', opts.host ?? LOOPBACK));
  }
  if (ok) {
    for (let p = port; p < port + span; p++) handedOut.add(p);
    return port;
  }
  return findFreePort(opts);
}

/**
 * Throw a clear Error unless every listed port is free for `proto` on
 * loopback. Used before starting a peer on caller-chosen ports.
 */
export async function assertPortsFree(ports: readonly number[], proto: PortProto = 'both', host = LOOPBACK): Promise<void> {
  const busy: number[] = [];
  for (const p of ports) if (!(await isPortFree(p, proto, host))) busy.push(p);
  if (busy.length > 0) throw new Error(`lab: port(s) ${busy.join(', ')} (${proto}) already in use on ${host}`);
}

/**
 * Local addresses (`ip:port` as printed by `ss`) of every socket listening
 * on `port`/`proto`, e.g. `['127.0.0.1:5060']`. Lets tests assert a peer
 * bound loopback only.
 */
export async function listeningAddresses(port: number, proto: 'udp' | 'tcp'): Promise<string[]> {
  const r = await runCommand(requireTool('ss'), [proto === 'udp' ? '-Hlnu' : '-Hlnt', `sport = :${port}`], {
    timeoutMs: 5000,
  });
  if (r.code !== 0) throw new Error(`ss failed: ${r.stderr}`);
  // Columns: State Recv-Q Send-Q Local-Address:Port Peer-Address:Port …
  return r.stdout
    .split('\n')
    .map((l) => l.trim().split(/\s+/)[3])
    .filter((a): a is string => a !== undefined && a !== '');
}

/**
 * Local addresses (`127.0.0.1:5060`, `[::1]:4000`, `0.0.0.0:6000`, `*:5000`…)
 * of every TCP and UDP socket (listening, bound or connected) owned by any
 * of `pids`, via `ss -Hanupt`. Tests use it to prove a peer bound loopback
 * addresses only.
 */
export async function socketAddressesOf(pids: readonly number[]): Promise<string[]> {
  if (pids.length === 0) return [];
  const wanted = new Set(pids);
  const r = await runCommand(requireTool('ss'), ['-Hanupt'], { timeoutMs: 5000 });
  if (r.code !== 0) throw new Error(`ss failed: ${r.stderr}`);
  const out: string[] = [];
  for (const line of r.stdout.split('\n')) {
    const owners = [...line.matchAll(/pid=(\d+)/g)].map((m) => Number(m[1]));
    if (!owners.some((p) => wanted.has(p))) continue;
    // Columns: Netid State Recv-Q Send-Q Local Peer Process
    const local = line.trim().split(/\s+/)[4];
    if (local) out.push(local);
  }
  return out;
}

/** True for `127.x.x.x:port` and `[::1]:port` (optionally with `%iface`). */
export function isLoopbackAddress(addr: string): boolean {
  return /^127\.\d+\.\d+\.\d+(%\S+)?:\d+$/.test(addr) || /^\[::1\](%\S+)?:\d+$/.test(addr);
}

/**
 * True if some socket listens on `port` (`ss -Hln[u|t] sport = :P`),
 * optionally on a specific local address.
 */
export async function isListening(port: number, proto: 'udp' | 'tcp', host?: string): Promise<boolean> {
  const r = await runCommand(requireTool('ss'), [proto === 'udp' ? '-Hlnu' : '-Hlnt', `sport = :${port}`], {
    timeoutMs: 5000,
  });
  if (r.code !== 0) throw new Error(`ss failed: ${r.stderr}`);
  const lines = r.stdout.split('\n').filter((l) => l.trim() !== '');
  if (host === undefined) return lines.length > 0;
  return lines.some((l) => l.includes(`${host}:${port}`));
}

/** Wait (bounded, default 10 s) until something listens on `port`/`proto`. */
export async function waitForListening(
  port: number,
  proto: 'udp' | 'tcp',
  timeoutMs = 10_000,
  host?: string,
): Promise<void> {
  await pollUntil(
    `${proto} port ${port} to listen${host ? ` on ${host}` : ''}`,
    async () => ((await isListening(port, proto, host)) ? true : undefined),
    timeoutMs,
    100,
  );
}
