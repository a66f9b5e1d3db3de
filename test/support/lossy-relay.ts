/**
 * A userspace impairing UDP relay on loopback, for tests of SIP over a bad
 * network (this kernel has no `tc netem`; see /work/shared/notes/lab.md §8).
 *
 * The relay listens on 127.0.0.1 (a free port by default). Each client that
 * sends to it gets its own upstream socket (127.0.0.1, random port), so the
 * target sees the relay's address:port as the source, like behind a NAT.
 * Datagrams go client → target ("up") and target → client ("down"); each
 * direction has its own loss probability and delay ± uniform jitter. Delayed
 * datagrams are scheduled independently, so jitter reorders them like netem.
 *
 * Loss and jitter draw from seeded PRNGs (one stream per direction and
 * purpose), so the n-th datagram of a direction meets the same fate for the
 * same seed whatever the other direction does. Every socket and timer is
 * bounded: a lifetime (default 2 min) closes the relay, the number of clients
 * and of datagrams in flight is capped, and `close()` cancels what is pending.
 *
 * @module
 */
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { seededRandom as mulberry32 } from '../../main/common/seeded-random';

/** The two directions through the relay. */
export type RelayDirection = 'up' | 'down';

/** How one direction is impaired. */
export interface Impairment {
  /** Probability in [0, 1] that a datagram is dropped. Default 0. */
  readonly loss?: number;
  /** Base one-way delay in ms. Default 0 (forwarded at once, no timer). */
  readonly delayMs?: number;
  /** Each datagram's delay is `delayMs` ± uniform(`jitterMs`), never below 0. Default 0. */
  readonly jitterMs?: number;
}

/** Options of {@link startLossyRelay}. */
export interface LossyRelayOptions {
  /** Where datagrams from clients go (a loopback address). */
  readonly target: { readonly host?: string; readonly port: number };
  /** Listening address (loopback only). Default 127.0.0.1. */
  readonly host?: string;
  /** Listening port. Default 0: a free port chosen by the OS. */
  readonly port?: number;
  /** Client → target impairment. */
  readonly up?: Impairment;
  /** Target → client impairment. */
  readonly down?: Impairment;
  /** PRNG seed (an unsigned 32-bit integer). Default: random; read it back from `seed`. */
  readonly seed?: number;
  /** The relay closes itself after this long (ms). Default 120 000. */
  readonly lifetimeMs?: number;
  /** Distinct clients kept at once; the oldest is evicted beyond this. Default 16. */
  readonly maxClients?: number;
  /** Delayed datagrams in flight at once, per direction; more are dropped as overflow. Default 10 000. */
  readonly maxInFlight?: number;
}

/** Counters of one direction. `received = forwarded + dropped + overflow + inFlight`. */
export interface DirectionStats {
  /** Datagrams that reached the relay in this direction. */
  received: number;
  /** Datagrams sent on (after their delay). */
  forwarded: number;
  /** Datagrams dropped by the loss draw. */
  dropped: number;
  /** Datagrams dropped because too many were in flight, or because the relay closed with them pending. */
  overflow: number;
  /** Datagrams waiting for their delay. */
  inFlight: number;
  /** Bytes forwarded. */
  bytes: number;
}

/** A snapshot of the relay's counters. */
export interface RelayStats {
  readonly up: DirectionStats;
  readonly down: DirectionStats;
  /** Clients seen since the start. */
  readonly clients: number;
  /** Datagrams arriving on an upstream socket from somewhere other than the target (ignored). */
  readonly foreign: number;
}

/** A running relay. */
export interface LossyRelay {
  readonly host: string;
  readonly port: number;
  /** `host:port`, ready for an account's `server`. */
  readonly address: string;
  /** The seed in use (print it to reproduce a run). */
  readonly seed: number;
  /** Counters so far (a copy). */
  stats(): RelayStats;
  /** Changes one direction's impairment from now on (datagrams in flight keep their schedule). */
  setImpairment(direction: RelayDirection, impairment: Impairment): void;
  /** The upstream (target-facing) port of each client on the relay host, keyed by the client's `address:port`. */
  upstreamPorts(): ReadonlyMap<string, number>;
  /** True once closed (by `close()` or the lifetime). */
  readonly closed: boolean;
  /** Resolves when the relay has closed. */
  readonly whenClosed: Promise<void>;
  /** Closes every socket and cancels pending datagrams. Idempotent. */
  close(): Promise<void>;
}

export { seededRandom as mulberry32 } from '../../main/common/seeded-random';

function isLoopbackV4(host: string): boolean {
  const parts = host.split('.');
  return parts.length === 4 && parts[0] === '127' && parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255);
}

function checkImpairment(name: string, i: Impairment | undefined): Required<Impairment> {
  const loss = i?.loss ?? 0;
  const delayMs = i?.delayMs ?? 0;
  const jitterMs = i?.jitterMs ?? 0;
  if (!(loss >= 0 && loss <= 1)) throw new Error(`lossy-relay: ${name}.loss must be in [0, 1], got ${loss}`);
  if (!(delayMs >= 0 && delayMs <= 60_000)) throw new Error(`lossy-relay: ${name}.delayMs must be in [0, 60000], got ${delayMs}`);
  if (!(jitterMs >= 0 && jitterMs <= 60_000)) throw new Error(`lossy-relay: ${name}.jitterMs must be in [0, 60000], got ${jitterMs}`);
  return { loss, delayMs, jitterMs };
}

function bind(host: string, port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = createSocket({ type: 'udp4', reuseAddr: false });
    socket.once('error', (e) => {
      socket.close();
      reject(e);
    });
    socket.bind({ address: host, port, exclusive: true }, () => {
      socket.removeAllListeners('error');
      resolve(socket);
    });
  });
}

const emptyStats = (): DirectionStats => ({ received: 0, forwarded: 0, dropped: 0, overflow: 0, inFlight: 0, bytes: 0 });

interface Client {
  readonly key: string;
  readonly remote: { readonly address: string; readonly port: number };
  /** Bound upstream socket, or the bind in progress (datagrams wait for it). */
  socket: Socket | undefined;
  readonly ready: Promise<Socket | undefined>;
}

/** Starts a relay (see the module docs). Loopback addresses only. */
export async function startLossyRelay(options: LossyRelayOptions): Promise<LossyRelay> {
  const host = options.host ?? '127.0.0.1';
  const targetHost = options.target.host ?? '127.0.0.1';
  const targetPort = options.target.port;
  if (!isLoopbackV4(host)) throw new Error(`lossy-relay: listen address must be in 127.0.0.0/8, got ${host}`);
  if (!isLoopbackV4(targetHost)) throw new Error(`lossy-relay: target must be in 127.0.0.0/8, got ${targetHost}`);
  if (!Number.isInteger(targetPort) || targetPort <= 0 || targetPort > 65535) throw new Error(`lossy-relay: bad target port ${targetPort}`);
  const impairment: Record<RelayDirection, Required<Impairment>> = { up: checkImpairment('up', options.up), down: checkImpairment('down', options.down) };
  const seed = (options.seed ?? Math.floor(Math.random() * 2 ** 32)) >>> 0;
  const lifetimeMs = options.lifetimeMs ?? 120_000;
  const maxClients = Math.max(1, options.maxClients ?? 16);
  const maxInFlight = Math.max(1, options.maxInFlight ?? 10_000);
  // Independent streams, so loss fates do not depend on the jitter settings or the other direction.
  const lossRng: Record<RelayDirection, () => number> = { up: mulberry32(seed ^ 0x9e3779b9), down: mulberry32(seed ^ 0x85ebca6b) };
  const delayRng: Record<RelayDirection, () => number> = { up: mulberry32(seed ^ 0xc2b2ae35), down: mulberry32(seed ^ 0x27d4eb2f) };

  const listener = await bind(host, options.port ?? 0);
  const port = listener.address().port;
  const stats: Record<RelayDirection, DirectionStats> = { up: emptyStats(), down: emptyStats() };
  const clients = new Map<string, Client>();
  const timers = new Set<NodeJS.Timeout>();
  let clientsSeen = 0;
  let foreign = 0;
  let closed = false;
  let resolveClosed: () => void = () => undefined;
  const whenClosed = new Promise<void>((r) => {
    resolveClosed = r;
  });

  /** Loss draw, then delay (or immediate send). `send` is called at most once. */
  const impair = (direction: RelayDirection, data: Buffer, send: (data: Buffer) => void): void => {
    const s = stats[direction];
    s.received += 1;
    const imp = impairment[direction];
    // Always draw, so the n-th datagram's fate depends only on the seed and n.
    const lossDraw = lossRng[direction]();
    const jitterDraw = delayRng[direction]();
    if (lossDraw < imp.loss) {
      s.dropped += 1;
      return;
    }
    const delay = Math.max(0, imp.delayMs + imp.jitterMs * (2 * jitterDraw - 1));
    const forward = (): void => {
      if (closed) return;
      s.forwarded += 1;
      s.bytes += data.length;
      send(data);
    };
    if (delay <= 0) {
      forward();
      return;
    }
    if (s.inFlight >= maxInFlight) {
      s.overflow += 1;
      return;
    }
    s.inFlight += 1;
    const timer = setTimeout(() => {
      timers.delete(timer);
      s.inFlight -= 1;
      forward();
    }, delay);
    timers.add(timer);
  };

  const safeSend = (socket: Socket | undefined, data: Buffer, toPort: number, toHost: string): void => {
    if (!socket || closed) return;
    try {
      socket.send(data, toPort, toHost, () => undefined);
    } catch {
      // The socket closed under us (eviction): the datagram is lost, like on a real network.
    }
  };

  const evictOldest = (): void => {
    const oldest = clients.keys().next().value;
    if (oldest === undefined) return;
    const c = clients.get(oldest);
    clients.delete(oldest);
    void c?.ready.then((s) => s?.close());
  };

  const clientFor = (remote: RemoteInfo): Client => {
    const key = `${remote.address}:${remote.port}`;
    const known = clients.get(key);
    if (known) return known;
    if (clients.size >= maxClients) evictOldest();
    clientsSeen += 1;
    const ready = bind(host, 0).then(
      (socket) => {
        if (closed || clients.get(key) !== client) {
          socket.close();
          return undefined;
        }
        client.socket = socket;
        socket.on('message', (data, from) => {
          if (from.address !== targetHost || from.port !== targetPort) {
            foreign += 1;
            return;
          }
          impair('down', data, (d) => safeSend(listener, d, client.remote.port, client.remote.address));
        });
        socket.on('error', () => undefined);
        return socket;
      },
      () => undefined,
    );
    const client: Client = { key, remote: { address: remote.address, port: remote.port }, socket: undefined, ready };
    clients.set(key, client);
    return client;
  };

  listener.on('message', (data, remote) => {
    if (closed) return;
    const client = clientFor(remote);
    impair('up', data, (d) => {
      if (client.socket) safeSend(client.socket, d, targetPort, targetHost);
      else void client.ready.then((s) => safeSend(s, d, targetPort, targetHost));
    });
  });
  listener.on('error', () => undefined);

  const close = async (): Promise<void> => {
    if (closed) return whenClosed;
    closed = true;
    clearTimeout(lifetime);
    for (const t of timers) clearTimeout(t);
    timers.clear();
    for (const d of ['up', 'down'] as const) {
      stats[d].overflow += stats[d].inFlight;
      stats[d].inFlight = 0;
    }
    const sockets = await Promise.all([...clients.values()].map((c) => c.ready));
    clients.clear();
    await Promise.all(
      [listener, ...sockets].map(
        (s) =>
          new Promise<void>((resolve) => {
            if (!s) return resolve();
            try {
              s.close(() => resolve());
            } catch {
              resolve();
            }
          }),
      ),
    );
    resolveClosed();
    return whenClosed;
  };

  const lifetime = setTimeout(() => void close(), lifetimeMs);
  lifetime.unref();

  return {
    host,
    port,
    address: `${host}:${port}`,
    seed,
    stats: () => ({ up: { ...stats.up }, down: { ...stats.down }, clients: clientsSeen, foreign }),
    setImpairment(direction, next) {
      impairment[direction] = checkImpairment(direction, next);
    },
    upstreamPorts() {
      const out = new Map<string, number>();
      for (const c of clients.values()) if (c.socket) out.set(c.key, c.socket.address().port);
      return out;
    },
    get closed() {
      return closed;
    },
    whenClosed,
    close,
  };
}
