/**
 * Hostile traffic at Dialtone's SIP port, with the real runtime registered to
 * the lab Kamailio over UDP:
 *
 * - a flood of 1,000 junk and half-valid datagrams from two loopback sources
 *   (127.0.0.1, the server's address, and 127.0.0.2, a stranger) must not
 *   crash anything, raise an unhandled rejection or exception, or drop the
 *   registration; registering again afterwards still works;
 * - one INVITE with a body but no Content-Type is refused cleanly (the flood
 *   contains such INVITEs too; this is the minimal case; before 10c1671 sip.js's
 *   automatic 180 rejected a promise nobody handled);
 * - the source filter: an OPTIONS from 127.0.0.2 gets no answer at all, the
 *   same OPTIONS from 127.0.0.1 gets 200 OK with our capabilities in Allow;
 * - a response retransmission still goes to its request's source after 512
 *   other requests (regression).
 *
 * DIALTONE_FLOOD_DEBUG=1 prints, per kind of flood datagram, what Dialtone
 * received and answered, and its log.
 */
import assert from 'node:assert/strict';
import { createSocket, type Socket } from 'node:dgram';
import { after, before, test } from 'node:test';
import type { AppEvent } from '../../main/common/ipc/contract';
import { startKamailio, type KamailioHandle } from '../lab/kamailio';
import { labAccount, registration, startCore, type CoreDriver } from '../support/core-driver';
import { mulberry32 } from '../support/lossy-relay';

const SERVER_IP = '127.0.0.1';
const STRANGER_IP = '127.0.0.2';
const ACCOUNT = 'alice@127.0.0.1';
const FLOOD_COUNT = 1000;
const FLOOD_TIME_LIMIT_MS = 20_000;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Unhandled rejections and uncaught exceptions seen while this file runs. */
const processErrors: string[] = [];
const onRejection = (reason: unknown): void => {
  processErrors.push(`unhandledRejection: ${reason instanceof Error ? (reason.stack ?? reason.message) : String(reason)}`);
};
const onException = (error: Error): void => {
  processErrors.push(`uncaughtException: ${error.stack ?? error.message}`);
};

let kam: KamailioHandle;
before(async () => {
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
  kam = await startKamailio({ users: [{ username: 'alice', password: 'alice123' }], udpPort: 'random', tlsPort: 'random' });
});
after(async () => {
  await kam?.stop();
  process.off('unhandledRejection', onRejection);
  process.off('uncaughtException', onException);
});

/** A UDP socket on `address` that keeps every datagram it receives. */
interface Peer {
  readonly socket: Socket;
  readonly address: string;
  readonly port: number;
  readonly received: string[];
  close(): Promise<void>;
}

function openPeer(address: string): Promise<Peer> {
  return new Promise((resolve, reject) => {
    const socket = createSocket({ type: 'udp4', reuseAddr: false });
    socket.once('error', reject);
    socket.bind(0, address, () => {
      socket.removeAllListeners('error');
      socket.on('error', () => undefined);
      const received: string[] = [];
      socket.on('message', (d) => received.push(d.toString('utf8')));
      resolve({ socket, address, port: socket.address().port, received, close: () => new Promise<void>((r) => socket.close(() => r())) });
    });
  });
}

/** Sends one datagram; resolves with the send error, if any (EMSGSIZE for > 64 KB). */
function send(peer: Peer, data: Buffer, port: number): Promise<Error | undefined> {
  return new Promise((resolve) => {
    try {
      peer.socket.send(data, port, SERVER_IP, (e) => resolve(e ?? undefined));
    } catch (e) {
      resolve(e instanceof Error ? e : new Error(String(e)));
    }
  });
}

/** Registers alice directly to Kamailio over UDP and returns the core and its local SIP port. */
async function registeredCore(): Promise<{ core: CoreDriver; localPort: number }> {
  const core = startCore({ env: { DIALTONE_PASSWORD: 'alice123' }, sip: { pingIntervalMs: 2000 } });
  const saved = await core.runtime.core.saveAccount(labAccount({ user: 'alice', port: kam.udpPort, transport: 'udp' }));
  assert.equal(saved.ok, true);
  await core.waitFor(registration(ACCOUNT, 'registered'), 10_000);
  const local = core.runtime.core.trace(0, 10).find((e) => e.direction === 'sent')?.local ?? '';
  const m = /^127\.0\.0\.1:(\d+)$/.exec(local);
  assert.ok(m, `Dialtone's local SIP address, from the trace: '${local}'`);
  return { core, localPort: Number(m[1]) };
}

/** A SIP request from `peer` to alice at Dialtone's port. */
function request(
  peer: Peer,
  dialtonePort: number,
  method: string,
  n: number,
  opts: { headers?: readonly string[]; body?: string; contentLength?: string; omit?: readonly string[]; ruri?: string } = {},
): string {
  const body = opts.body ?? '';
  const headers = [
    `Via: SIP/2.0/UDP ${peer.address}:${peer.port};branch=z9hG4bKflood${n};rport`,
    'Max-Forwards: 70',
    `From: <sip:mallory@${peer.address}>;tag=f${n}`,
    `To: <sip:alice@127.0.0.1>`,
    `Call-ID: flood-${n}@${peer.address}`,
    `CSeq: ${n + 1} ${method}`,
    `Contact: <sip:mallory@${peer.address}:${peer.port}>`,
    ...(opts.headers ?? []),
    `Content-Length: ${opts.contentLength ?? Buffer.byteLength(body)}`,
  ].filter((h) => !(opts.omit ?? []).some((o) => h.toLowerCase().startsWith(`${o.toLowerCase()}:`)));
  return `${method} ${opts.ruri ?? `sip:alice@127.0.0.1:${dialtonePort}`} SIP/2.0\r\n${headers.join('\r\n')}\r\n\r\n${body}`;
}

/** A response for a transaction Dialtone never started. */
function strayResponse(status: string, method: string, n: number, extra: readonly string[] = []): string {
  return [
    `SIP/2.0 ${status}`,
    `Via: SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bKunknown${n};rport=5060;received=127.0.0.1`,
    `From: <sip:alice@127.0.0.1>;tag=x${n}`,
    `To: <sip:alice@127.0.0.1>;tag=y${n}`,
    `Call-ID: stray-${n}`,
    `CSeq: ${n + 1} ${method}`,
    ...extra,
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
}

const SDP = ['v=0', 'o=- 1 1 IN IP4 127.0.0.1', 's=-', 'c=IN IP4 127.0.0.1', 't=0 0', 'm=audio 40000 RTP/AVP 0', 'a=rtpmap:0 PCMU/8000', ''].join('\r\n');
const METHODS = ['BYE', 'CANCEL', 'ACK', 'NOTIFY', 'SUBSCRIBE', 'REFER', 'PRACK', 'INFO', 'MESSAGE', 'REGISTER', 'UPDATE', 'PUBLISH', 'FOO'] as const;

/** Datagram `n` of the flood (deterministic for a seed), and what kind it is. */
function floodDatagram(n: number, peer: Peer, port: number, rand: () => number): { kind: string; data: Buffer } {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const randomBytes = (len: number): Buffer => Buffer.from(Array.from({ length: len }, () => Math.floor(rand() * 256)));
  const text = (kind: string, s: string): { kind: string; data: Buffer } => ({ kind, data: Buffer.from(s, 'utf8') });
  switch (n % 20) {
    case 0:
      return { kind: 'random bytes', data: randomBytes(1 + Math.floor(rand() * 1400)) };
    case 1:
      return { kind: 'random after a status line', data: Buffer.concat([Buffer.from('SIP/2.0 200 OK\r\n'), randomBytes(200), Buffer.from('\r\n\r\n')]) };
    case 2: {
      const full = request(peer, port, pick(['INVITE', 'OPTIONS', 'BYE']), n, { body: SDP });
      return text('truncated SIP', full.slice(0, 1 + Math.floor(rand() * (full.length - 2))));
    }
    case 3:
      return text('huge header', request(peer, port, 'OPTIONS', n, { headers: [`X-Filler: ${'a'.repeat(40_000 + Math.floor(rand() * 20_000))}`] }));
    case 4:
      return text('Content-Length too large', request(peer, port, 'INVITE', n, { body: SDP, contentLength: '99999' }));
    case 5:
      return text('Content-Length invalid', request(peer, port, pick(['MESSAGE', 'INVITE', 'OPTIONS']), n, { body: 'hello', contentLength: pick(['-1', 'abc', '3', '']) }));
    case 6:
      return text('stray 200 REGISTER', strayResponse('200 OK', 'REGISTER', n, ['Contact: <sip:alice@127.0.0.1:5999>;expires=60']));
    case 7:
      return text('stray 401', strayResponse('401 Unauthorized', 'REGISTER', n, ['WWW-Authenticate: Digest realm="127.0.0.1", nonce="abc", algorithm=MD5']));
    case 8:
      return text('stray 180 INVITE, two Vias', strayResponse('180 Ringing', 'INVITE', n, [`Via: SIP/2.0/UDP 127.0.0.9:5060;branch=z9hG4bKother${n}`]));
    case 9:
      return text('valid INVITE', request(peer, port, 'INVITE', n, { body: SDP, headers: ['Content-Type: application/sdp'] }));
    case 10:
      return text('other method', request(peer, port, pick(METHODS), n, pick([{}, { headers: ['Event: presence'] }])));
    case 11:
      return text('a header missing', request(peer, port, pick(['OPTIONS', 'INVITE', 'BYE']), n, { omit: [pick(['Via', 'CSeq', 'Call-ID', 'From', 'To', 'Max-Forwards'])] }));
    case 12:
      return text('malformed header values', request(peer, port, pick(['OPTIONS', 'INVITE']), n, { headers: [pick(['CSeq: abc OPTIONS', 'Via: garbage', 'From: <<<>>>', 'To: sip:', 'Contact: *', 'Expires: -5', 'Max-Forwards: 0', 'Route: <sip:127.0.0.1;lr', 'no colon here'])] }));
    case 13:
      return text('very long Request-URI', request(peer, port, 'OPTIONS', n, { ruri: `sip:${'x'.repeat(3000)}@127.0.0.1:${port}` }));
    case 14: {
      const head = request(peer, port, 'OPTIONS', n, { headers: ['X-Pad: '] });
      const pad = 65_507 - Buffer.byteLength(head);
      return text('64 KB datagram (the maximum)', head.replace('X-Pad: ', `X-Pad: ${'p'.repeat(Math.max(0, pad))}`));
    }
    case 15:
      return { kind: '70 KB datagram', data: Buffer.from(request(peer, port, 'OPTIONS', n, { headers: [`X-Pad: ${'q'.repeat(70_000)}`] })) };
    case 16:
      return text('INVITE with a broken Replaces', request(peer, port, 'INVITE', n, { body: SDP, headers: ['Content-Type: application/sdp', pick(['Replaces: abc', 'Replaces: abc;from-tag=1', 'Replaces: abc;to-tag=2;from-tag=3'])] }));
    case 17:
      return { kind: 'NUL and invalid UTF-8 in a request', data: Buffer.concat([Buffer.from(request(peer, port, 'OPTIONS', n).replace('Max-Forwards: 70', 'X-Bin: ')), randomBytes(64), Buffer.from([0, 0xff, 0xfe, 0xc3, 0x28])]) };
    case 18:
      return { kind: 'keep-alive', data: Buffer.from(pick(['\r\n\r\n', '\r\n', '\0', ' '])) };
    default:
      return text('in-dialog request for no dialog', request(peer, port, pick(['BYE', 'INFO', 'UPDATE', 'INVITE']), n, { headers: [], omit: [] }).replace(`To: <sip:alice@127.0.0.1>`, `To: <sip:alice@127.0.0.1>;tag=nodialog${n}`));
  }
}

/** Half the flood comes from the server's address; every kind of datagram from both (kinds cycle every 20). */
const fromServer = (n: number): boolean => (n + Math.floor(n / 20)) % 2 === 0;

const failedSince = (core: CoreDriver, since: number): AppEvent[] => core.events.slice(since).filter((e) => e.event === 'registration.changed' && e.data.state === 'failed');

test('an INVITE with a body but no Content-Type (from the server\'s address) is refused without an unhandled rejection', async (t) => {
  const errorsAt = processErrors.length;
  const { core, localPort } = await registeredCore();
  const caller = await openPeer(SERVER_IP);
  t.after(async () => {
    await core.stop();
    await caller.close();
  });
  // RFC 3261 §20.15: a non-empty body needs a Content-Type; such a request deserves a 4xx, nothing worse.
  await send(caller, Buffer.from(request(caller, localPort, 'INVITE', 7, { body: SDP })), localPort);
  // Bounded; generous because a loaded CI machine can take seconds (the answer comes in ~50 ms when idle).
  const deadline = Date.now() + 10_000;
  while (!caller.received.some((m) => /^SIP\/2\.0 [3-6]\d\d /.test(m)) && Date.now() < deadline) await sleep(20);
  console.log(`no Content-Type: Dialtone answered ${JSON.stringify(caller.received.map((m) => m.split('\r\n')[0]))}`);
  assert.deepEqual(processErrors.slice(errorsAt), [], 'no unhandled rejection or uncaught exception');
  assert.ok(caller.received.some((m) => /^SIP\/2\.0 [3-6]\d\d /.test(m)), 'a final error response');
});

test('a flood of 1,000 junk and half-valid datagrams: no crash, no unhandled error, still registered, and registering again works', async (t) => {
  const { core, localPort } = await registeredCore();
  const server = await openPeer(SERVER_IP);
  const stranger = await openPeer(STRANGER_IP);
  t.after(async () => {
    await core.stop();
    await server.close();
    await stranger.close();
  });
  const errorsAt = processErrors.length;
  const registeredAt = core.events.length;
  const traceBefore = core.runtime.core.trace(0, 2000).at(-1)?.id ?? 0;

  const rand = mulberry32(20240607);
  const kinds = new Map<string, number>();
  const sendErrors = new Map<string, number>();
  const started = performance.now();
  let sent = 0;
  for (let n = 0; n < FLOOD_COUNT; n++) {
    // Also stop when the test is over early (node:test fails it at once on an unhandled rejection).
    if (performance.now() - started > FLOOD_TIME_LIMIT_MS || t.signal.aborted) break;
    const peer = fromServer(n) ? server : stranger;
    const { kind, data } = floodDatagram(n, peer, localPort, rand);
    kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
    const e = await send(peer, data, localPort);
    if (e) sendErrors.set(`${kind}: ${(e as Error & { code?: string }).code ?? e.message}`, (sendErrors.get(`${kind}: ${(e as Error & { code?: string }).code ?? e.message}`) ?? 0) + 1);
    sent += 1;
    // Pace a little so the flood is not only a test of the kernel's socket buffer.
    if (n % 10 === 9) await sleep(1);
  }
  const floodMs = performance.now() - started;
  // Let Dialtone chew through it and keep pinging the registrar for a few ping intervals.
  await sleep(5000);

  const after = core.runtime.core.trace(traceBefore, 2000);
  const sentResponses = after.filter((e) => e.direction === 'sent' && e.summary.startsWith('SIP/2.0 '));
  const byStatus = new Map<string, number>();
  for (const e of sentResponses) byStatus.set(e.summary.slice(8, 11), (byStatus.get(e.summary.slice(8, 11)) ?? 0) + 1);
  const sipjsRejected = core.logger.lines.filter((l) => l.message === 'sip.js rejected an incoming message').length;
  const dropped = core.logger.lines.filter((l) => l.message === 'dropped incoming data');
  const dropReasons = new Map<string, number>();
  for (const l of dropped) dropReasons.set(String(l.fields?.why), (dropReasons.get(String(l.fields?.why)) ?? 0) + 1);
  console.log(`flood: ${sent} datagrams in ${Math.round(floodMs)} ms; kinds ${JSON.stringify(Object.fromEntries(kinds))}`);
  console.log(`flood: send errors ${JSON.stringify(Object.fromEntries(sendErrors))}`);
  console.log(`flood: Dialtone answered ${sentResponses.length} (by status ${JSON.stringify(Object.fromEntries(byStatus))}); the 127.0.0.1 peer got ${server.received.length} datagrams, the 127.0.0.2 peer ${stranger.received.length}`);
  if (process.env.DIALTONE_FLOOD_DEBUG) {
    const kindOf = new Map<string, string>();
    const r2 = mulberry32(20240607);
    for (let n = 0; n < FLOOD_COUNT; n += 1) kindOf.set(`flood-${n}@${fromServer(n) ? SERVER_IP : STRANGER_IP}`, floodDatagram(n, fromServer(n) ? server : stranger, localPort, r2).kind);
    const perKind = new Map<string, string[]>();
    for (const e of after) {
      const k = kindOf.get(e.callId ?? '') ?? `other (${e.callId})`;
      perKind.set(k, [...(perKind.get(k) ?? []), `${e.direction[0]}:${e.summary.slice(0, 14)}`]);
    }
    for (const [k, v] of perKind) {
      const c = new Map<string, number>();
      for (const x of v) c.set(x, (c.get(x) ?? 0) + 1);
      console.log(`debug ${k}: ${JSON.stringify(Object.fromEntries(c))}`);
    }
    for (const l of core.logger.lines.filter((x) => x.level !== 'debug' || x.message.startsWith('sip.js'))) console.log(`debug log ${l.level} ${l.scope} ${l.message} ${JSON.stringify(l.fields ?? {}).slice(0, 300)}`);
  }
  console.log(`flood: sip.js rejected ${sipjsRejected}; transport drops ${JSON.stringify(Object.fromEntries(dropReasons))}`);

  assert.deepEqual(processErrors.slice(errorsAt), [], 'no unhandled rejection or uncaught exception');
  assert.equal(sent, FLOOD_COUNT, 'the whole flood was sent in time');
  assert.deepEqual(failedSince(core, registeredAt), [], 'the registration never failed');
  assert.deepEqual(core.states(ACCOUNT), ['registering', 'registered']);
  assert.equal(core.runtime.core.snapshot().accounts.find((a) => a.id === ACCOUNT)?.registration.state, 'registered');
  assert.equal(stranger.received.length, 0, 'nothing at all goes back to a stranger');
  assert.ok(sentResponses.every((e) => e.peer === `${SERVER_IP}:${server.port}`), 'every response went back to where its request came from');
  assert.equal(server.received.length, sentResponses.length);
  assert.ok(!after.some((e) => e.peer.startsWith(`${STRANGER_IP}:`)), 'the stranger never appears in the trace');
  assert.ok((dropReasons.get("from an address that is not the account's server") ?? 0) > 0, 'the stranger was filtered');
  // An INVITE whose Replaces header does not parse claims to take over a call: it gets 400, never an answer.
  const answered = core.runtime.core.snapshot().calls.filter((c) => c.state === 'active');
  assert.deepEqual(answered.map((c) => c.remoteUri), [], 'no flood INVITE was answered');
  assert.ok((byStatus.get('400') ?? 0) >= 50, 'the INVITEs with a broken Replaces got 400');
  // Liveness pings kept being answered by the registrar during and after the flood.
  const pings = after.filter((e) => e.direction === 'received' && e.peer === `127.0.0.1:${kam.udpPort}` && e.summary.startsWith('SIP/2.0 200'));
  assert.ok(pings.length >= 2, `the registrar kept answering our pings (${pings.length})`);

  // Register again: the account goes through unregister + register and comes back.
  const since = core.events.length;
  const r = await core.runtime.core.register(ACCOUNT);
  assert.equal(r.ok, true);
  await core.waitFor(registration(ACCOUNT, 'registered'), 10_000, since);
  assert.deepEqual(failedSince(core, since), []);
  assert.ok(await kam.isRegistered('alice'), 'Kamailio has alice after registering again');
  assert.deepEqual(processErrors.slice(errorsAt), []);
});

test('source filter: OPTIONS from 127.0.0.2 gets no answer; from 127.0.0.1 it gets 200 OK with our capabilities', async (t) => {
  const errorsAt = processErrors.length;
  const { core, localPort } = await registeredCore();
  const server = await openPeer(SERVER_IP);
  const stranger = await openPeer(STRANGER_IP);
  t.after(async () => {
    await core.stop();
    await server.close();
    await stranger.close();
  });

  assert.equal(await send(stranger, Buffer.from(request(stranger, localPort, 'OPTIONS', 1)), localPort), undefined);
  await sleep(1500);
  assert.deepEqual(stranger.received, [], 'an OPTIONS from a stranger must get no answer');
  const dropped = core.logger.lines.filter((l) => l.message === 'dropped incoming data' && String(l.fields?.from).startsWith(`${STRANGER_IP}:`));
  assert.equal(dropped.length, 1, 'dropped once, by the source filter');
  assert.equal(dropped[0]?.fields?.why, "from an address that is not the account's server");

  assert.equal(await send(server, Buffer.from(request(server, localPort, 'OPTIONS', 2)), localPort), undefined);
  const deadline = Date.now() + 1500;
  while (server.received.length === 0 && Date.now() < deadline) await sleep(20);
  const answer = server.received[0] ?? '';
  assert.match(answer, /^SIP\/2\.0 200 OK\r\n/);
  assert.match(answer, /\r\nCall-ID: flood-2@127\.0\.0\.1\r\n/i);
  const allow = /\r\nAllow:\s*([^\r\n]*)/i.exec(answer)?.[1] ?? '';
  const methods = allow.split(',').map((m) => m.trim().toUpperCase());
  for (const m of ['INVITE', 'ACK', 'BYE', 'CANCEL', 'OPTIONS']) assert.ok(methods.includes(m), `Allow lists ${m}: '${allow}'`);
  for (const m of ['MESSAGE', 'SUBSCRIBE', 'REGISTER', 'PRACK']) assert.ok(!methods.includes(m), `Allow must not claim ${m}: '${allow}'`);
  console.log(`source filter: 200 OK from Dialtone with Allow: ${allow}`);
  assert.deepEqual(processErrors.slice(errorsAt), []);
});

// Regression (fixed in 10c1671): the UDP transport forgot a request's source after 512 newer
// requests (a FIFO) while Timer G still retransmitted, and sent the retransmissions to the registrar.
test(
  'a response retransmission (Timer G) goes back to its request\'s source even after 512 other requests from the server\'s address',
  async (t) => {
    const { core, localPort } = await registeredCore();
    const caller = await openPeer(SERVER_IP);
    const other = await openPeer(SERVER_IP);
    t.after(async () => {
      await core.stop();
      await caller.close();
      await other.close();
    });
    const before = core.runtime.core.trace(0, 2000).at(-1)?.id ?? 0;
    // A re-INVITE for a dialog that does not exist: 481, a non-2xx final that Timer G retransmits
    // (independent of how Dialtone handles new calls).
    const reinvite = request(caller, localPort, 'INVITE', 0, { body: SDP, headers: ['Content-Type: application/sdp'] }).replace('To: <sip:alice@127.0.0.1>', 'To: <sip:alice@127.0.0.1>;tag=nodialog');
    await send(caller, Buffer.from(reinvite), localPort);
    await sleep(100);
    for (let n = 1; n <= 600; n++) {
      await send(other, Buffer.from(request(other, localPort, 'OPTIONS', n)), localPort);
      if (n % 20 === 0) await sleep(2);
    }
    // 481 at once, then Timer G at 0.5, 1.5 and 3.5 s; the caller never ACKs.
    await sleep(4000);
    const answers = core.runtime.core.trace(before, 2000).filter((e) => e.direction === 'sent' && e.callId === `flood-0@${SERVER_IP}`);
    console.log(`timer G: ${answers.map((e) => `${e.summary.slice(8, 11)}->${e.peer}`).join(' ')} (caller ${SERVER_IP}:${caller.port}, registrar ${SERVER_IP}:${kam.udpPort})`);
    assert.ok(answers.filter((e) => e.summary.startsWith('SIP/2.0 481')).length >= 3, 'the 481 was retransmitted');
    assert.deepEqual([...new Set(answers.map((e) => e.peer))], [`${SERVER_IP}:${caller.port}`]);
  },
);
