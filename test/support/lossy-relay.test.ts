/**
 * The impairing UDP relay: loss ratio per direction, reproducibility by seed,
 * delay and jitter (which reorders), NAT-like upstream sockets, lifetime and close.
 */
import assert from 'node:assert/strict';
import { createSocket, type Socket } from 'node:dgram';
import { test } from 'node:test';
import { mulberry32, startLossyRelay, type LossyRelay } from './lossy-relay';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function bindSocket(address = '127.0.0.1'): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = createSocket('udp4');
    s.once('error', reject);
    s.bind(0, address, () => {
      s.removeAllListeners('error');
      resolve(s);
    });
  });
}

const closeSocket = (s: Socket): Promise<void> => new Promise((r) => s.close(() => r()));

/** A UDP echo server that records what it got (sequence numbers) and from where. */
async function echoServer(): Promise<{ socket: Socket; port: number; got: number[]; sources: Set<string>; close: () => Promise<void> }> {
  const socket = await bindSocket();
  const got: number[] = [];
  const sources = new Set<string>();
  socket.on('message', (data, from) => {
    got.push(data.readUInt32BE(0));
    sources.add(`${from.address}:${from.port}`);
    socket.send(data, from.port, from.address);
  });
  return { socket, port: socket.address().port, got, sources, close: () => closeSocket(socket) };
}

/** Waits (bounded) until `cond` holds. */
async function until(cond: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

/** Sends `n` numbered datagrams to the relay, paced so no socket buffer overflows; returns the echoes seen. */
async function pump(relay: LossyRelay, client: Socket, n: number): Promise<number[]> {
  const echoes: number[] = [];
  client.on('message', (d) => echoes.push(d.readUInt32BE(0)));
  for (let i = 0; i < n; i++) {
    const b = Buffer.alloc(32);
    b.writeUInt32BE(i, 0);
    client.send(b, relay.port, relay.host);
    // Keep at most ~50 datagrams unread by the relay.
    if (i % 50 === 49) await until(() => relay.stats().up.received >= i + 1, 5000, 'the relay to read its input');
  }
  await until(() => relay.stats().up.received === n, 5000, 'all datagrams at the relay');
  return echoes;
}

test('the PRNG is deterministic and roughly uniform', () => {
  const a = mulberry32(42);
  const b = mulberry32(42);
  const xs = Array.from({ length: 10_000 }, () => a());
  assert.deepEqual(Array.from({ length: 10_000 }, () => b()), xs);
  assert.ok(xs.every((x) => x >= 0 && x < 1));
  const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
  assert.ok(Math.abs(mean - 0.5) < 0.02, `mean ${mean}`);
});

test('30% loss upstream over 2000 datagrams: ratio within tolerance, counters add up, same seed same fates', async () => {
  const echo = await echoServer();
  const runs: number[][] = [];
  try {
    for (let run = 0; run < 2; run++) {
      echo.got.length = 0;
      const relay = await startLossyRelay({ target: { port: echo.port }, up: { loss: 0.3 }, seed: 1234, lifetimeMs: 30_000 });
      const client = await bindSocket();
      try {
        const echoes = await pump(relay, client, 2000);
        await until(() => echoes.length === relay.stats().up.forwarded, 5000, 'the echoes');
        const s = relay.stats();
        assert.equal(s.up.received, 2000);
        assert.equal(s.up.forwarded + s.up.dropped, 2000);
        const ratio = s.up.dropped / 2000;
        // σ = sqrt(0.3·0.7/2000) ≈ 1.0 %; ±4 % is four σ.
        assert.ok(Math.abs(ratio - 0.3) < 0.04, `loss ratio ${ratio}`);
        assert.equal(echo.got.length, s.up.forwarded, 'the target got exactly what was forwarded');
        assert.equal(s.down.received, s.up.forwarded);
        assert.equal(s.down.dropped, 0);
        assert.equal(s.down.forwarded, s.down.received);
        runs.push([...echo.got].sort((x, y) => x - y));
      } finally {
        await closeSocket(client);
        await relay.close();
      }
    }
    assert.deepEqual(runs[1], runs[0], 'the same seed drops the same datagrams');
  } finally {
    await echo.close();
  }
});

test('loss is independent per direction: 0% up, 25% down', async () => {
  const echo = await echoServer();
  const relay = await startLossyRelay({ target: { port: echo.port }, down: { loss: 0.25 }, seed: 7, lifetimeMs: 30_000 });
  const client = await bindSocket();
  try {
    const echoes = await pump(relay, client, 2000);
    await until(() => relay.stats().down.received === 2000, 5000, 'all echoes at the relay');
    await until(() => echoes.length === relay.stats().down.forwarded, 5000, 'echoes at the client');
    const s = relay.stats();
    assert.equal(s.up.dropped, 0);
    assert.equal(echo.got.length, 2000);
    const ratio = s.down.dropped / 2000;
    assert.ok(Math.abs(ratio - 0.25) < 0.04, `loss ratio ${ratio}`);
    assert.equal(echoes.length, 2000 - s.down.dropped);
  } finally {
    await closeSocket(client);
    await relay.close();
    await echo.close();
  }
});

test('delay is applied each way, and the target sees the relay (NAT-like), one upstream socket per client', async () => {
  const echo = await echoServer();
  const relay = await startLossyRelay({ target: { port: echo.port }, up: { delayMs: 120 }, down: { delayMs: 80 }, seed: 1, lifetimeMs: 30_000 });
  const a = await bindSocket();
  const b = await bindSocket('127.0.0.2');
  try {
    const rtt = async (s: Socket, n: number): Promise<number> => {
      const got = new Promise<number>((resolve) => s.once('message', () => resolve(performance.now())));
      const start = performance.now();
      const buf = Buffer.alloc(8);
      buf.writeUInt32BE(n, 0);
      s.send(buf, relay.port, relay.host);
      const timeout = sleep(3000).then(() => Number.NaN);
      return (await Promise.race([got, timeout])) - start;
    };
    const t1 = await rtt(a, 1);
    const t2 = await rtt(b, 2);
    for (const t of [t1, t2]) {
      assert.ok(t >= 195 && t < 600, `round trip ${t} ms, expected about 200`);
    }
    assert.equal(echo.sources.size, 2, 'one upstream socket per client');
    for (const src of echo.sources) assert.match(src, /^127\.0\.0\.1:\d+$/);
    assert.ok(![...echo.sources].includes(`127.0.0.1:${a.address().port}`), 'the target must not see the client itself');
    const ups = relay.upstreamPorts();
    assert.deepEqual(new Set([...ups.values()].map((p) => `127.0.0.1:${p}`)), echo.sources);
    assert.equal(relay.stats().clients, 2);
  } finally {
    await closeSocket(a);
    await closeSocket(b);
    await relay.close();
    await echo.close();
  }
});

test('jitter spreads delays within delay ± jitter and reorders', async () => {
  const echo = await echoServer();
  const relay = await startLossyRelay({ target: { port: echo.port }, up: { delayMs: 60, jitterMs: 50 }, seed: 99, lifetimeMs: 30_000 });
  const client = await bindSocket();
  try {
    const start = performance.now();
    const arrivals: number[] = [];
    client.on('message', () => arrivals.push(performance.now() - start));
    for (let i = 0; i < 200; i++) {
      const b = Buffer.alloc(8);
      b.writeUInt32BE(i, 0);
      client.send(b, relay.port, relay.host);
    }
    await until(() => echo.got.length === 200, 5000, '200 datagrams at the target');
    await until(() => arrivals.length === 200, 5000, '200 echoes');
    const inversions = echo.got.filter((v, i) => i > 0 && v < (echo.got[i - 1] ?? 0)).length;
    assert.ok(inversions > 20, `expected reordering, saw ${inversions} inversions`);
    assert.ok(Math.min(...arrivals) >= 9, `earliest ${Math.min(...arrivals)} ms (delay 60 − 50)`);
    assert.ok(Math.max(...arrivals) < 400, `latest ${Math.max(...arrivals)} ms (delay 60 + 50, plus slack)`);
    assert.equal(relay.stats().up.inFlight, 0);
  } finally {
    await closeSocket(client);
    await relay.close();
    await echo.close();
  }
});

test('close cancels datagrams in flight, is idempotent, and the lifetime closes the relay by itself', async () => {
  const echo = await echoServer();
  const relay = await startLossyRelay({ target: { port: echo.port }, up: { delayMs: 500 }, lifetimeMs: 30_000 });
  const client = await bindSocket();
  try {
    for (let i = 0; i < 10; i++) client.send(Buffer.alloc(8), relay.port, relay.host);
    await until(() => relay.stats().up.inFlight === 10, 2000, 'ten datagrams in flight');
    await relay.close();
    await relay.close();
    assert.equal(relay.closed, true);
    await sleep(700);
    assert.equal(echo.got.length, 0, 'nothing forwarded after close');
    const s = relay.stats();
    assert.deepEqual([s.up.received, s.up.forwarded, s.up.overflow, s.up.inFlight], [10, 0, 10, 0]);

    const short = await startLossyRelay({ target: { port: echo.port }, lifetimeMs: 150 });
    const t0 = Date.now();
    await Promise.race([short.whenClosed, sleep(2000).then(() => assert.fail('the lifetime did not close the relay'))]);
    assert.ok(Date.now() - t0 < 1000);
    assert.equal(short.closed, true);
  } finally {
    await closeSocket(client);
    await echo.close();
  }
});

test('refuses non-loopback addresses and bad impairments', async () => {
  await assert.rejects(startLossyRelay({ target: { host: '10.0.0.1', port: 5060 } }), /127\.0\.0\.0\/8/);
  await assert.rejects(startLossyRelay({ host: '0.0.0.0', target: { port: 5060 } }), /127\.0\.0\.0\/8/);
  await assert.rejects(startLossyRelay({ target: { port: 5060 }, up: { loss: 1.5 } }), /loss/);
  await assert.rejects(startLossyRelay({ target: { port: 0 } }), /target port/);
});
