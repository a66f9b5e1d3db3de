/**
 * Drives a real sip.js UserAgent + Registerer through 401 challenges over an
 * in-memory transport, to pin down how sip.js 0.21.2 uses our authenticator.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EmitterImpl, Registerer, TransportState, UserAgent, type Transport } from 'sip.js';
import { paramValue, parseChallenges } from './auth-params';
import { installDigestAuthentication } from './authentication-factory';
import { selectStrongestChallenge } from './challenge-selection';
import { findDigestAlgorithm } from './digest-algorithms';
import { computeDigestResponse } from './digest-response';

class MemoryTransport implements Transport {
  static last: MemoryTransport | undefined;
  readonly protocol = 'UDP';
  state = TransportState.Disconnected;
  readonly stateChange = new EmitterImpl<TransportState>();
  onConnect: (() => void) | undefined;
  onDisconnect: ((error?: Error) => void) | undefined;
  onMessage: ((message: string) => void) | undefined;
  readonly sent: string[] = [];
  constructor() {
    MemoryTransport.last = this;
  }
  connect(): Promise<void> {
    this.state = TransportState.Connected;
    this.stateChange.emit(this.state);
    return Promise.resolve();
  }
  disconnect(): Promise<void> {
    this.state = TransportState.Disconnected;
    this.stateChange.emit(this.state);
    return Promise.resolve();
  }
  send(message: string): Promise<void> {
    this.sent.push(message);
    return Promise.resolve();
  }
  isConnected(): boolean {
    return this.state === TransportState.Connected;
  }
  dispose(): Promise<void> {
    return this.disconnect();
  }
}

const aor = UserAgent.makeURI('sip:alice@example.com');
assert.ok(aor);
const uaOptions = { uri: aor, transportConstructor: MemoryTransport, logBuiltinEnabled: false, logLevel: 'error' } as const;

const header = (message: string, name: string): string | undefined =>
  new RegExp(`^${name}:[ \\t]*(.*)$`, 'im').exec(message.slice(0, message.indexOf('\r\n\r\n')))?.[1];

/** A 401 to `request` carrying `challenges`, one WWW-Authenticate each. */
function unauthorized(request: string, challenges: readonly string[]): string {
  const copy = ['Via', 'From', 'Call-ID', 'CSeq'].map((n) => `${n}: ${header(request, n) ?? ''}`);
  return ['SIP/2.0 401 Unauthorized', ...copy, `To: ${header(request, 'To') ?? ''};tag=srv`, ...challenges.map((c) => `WWW-Authenticate: ${c}`), 'Content-Length: 0', '', ''].join('\r\n');
}

async function nextSent(transport: MemoryTransport, count: number): Promise<string | undefined> {
  for (let i = 0; i < 50 && transport.sent.length < count; i++) await new Promise((r) => setTimeout(r, 2));
  return transport.sent[count - 1];
}

function authorization(request: string): Record<string, string> {
  const value = header(request, 'Authorization');
  assert.ok(value, 'the retried REGISTER carries Authorization');
  const [creds] = parseChallenges(value);
  assert.ok(creds);
  return Object.fromEntries(creds.params.map((p) => [p.name, p.value]));
}

test('REGISTER answered with SHA-256 out of [SHA-256, MD5]; one stale retry, then sip.js gives up', async () => {
  const ua = new UserAgent(uaOptions);
  await ua.start();
  const transport = MemoryTransport.last;
  assert.ok(transport?.onMessage);
  installDigestAuthentication(ua.userAgentCore, { credentials: () => ({ username: 'alice', password: 'pw' }) });
  const registerer = new Registerer(ua);
  const rejected = new Promise<number | undefined>((resolve) => {
    void registerer.register({ requestDelegate: { onReject: (r) => resolve(r.message.statusCode) } });
  });
  try {
    const first = await nextSent(transport, 1);
    assert.ok(first);
    const sha256 = 'Digest realm="example.com", nonce="n1", algorithm=SHA-256, qop="auth"';
    transport.onMessage(selectStrongestChallenge(unauthorized(first, [sha256, 'Digest realm="example.com", nonce="m1", algorithm=MD5, qop="auth"'])));

    const second = await nextSent(transport, 2);
    assert.ok(second);
    const p = authorization(second);
    assert.equal(p['algorithm'], 'SHA-256');
    assert.equal(p['nonce'], 'n1');
    assert.equal(p['nc'], '00000001');
    const expected = computeDigestResponse({ algorithm: findDigestAlgorithm('SHA-256')!, username: 'alice', password: 'pw', realm: 'example.com', nonce: 'n1', method: 'REGISTER', uri: p['uri'] ?? '', qop: 'auth', nc: '00000001', cnonce: p['cnonce'] ?? '' });
    assert.equal(p['response'], expected);
    assert.equal(Number.parseInt(header(second, 'CSeq') ?? '', 10), Number.parseInt(header(first, 'CSeq') ?? '', 10) + 1);

    // A stale nonce: sip.js retries once more with the new nonce.
    transport.onMessage(selectStrongestChallenge(unauthorized(second, ['Digest realm="example.com", nonce="n2", algorithm=SHA-256, qop="auth", stale=true'])));
    const third = await nextSent(transport, 3);
    assert.ok(third);
    assert.equal(authorization(third)['nonce'], 'n2');

    // A further challenge, stale or not, is treated as an authentication loop: the 401 reaches the application.
    transport.onMessage(unauthorized(third, ['Digest realm="example.com", nonce="n3", algorithm=SHA-256, qop="auth", stale=true']));
    assert.equal(await rejected, 401);
    assert.equal(await nextSent(transport, 4), undefined);
  } finally {
    await registerer.dispose().catch(() => undefined);
    await ua.stop();
  }
});

test('without our authenticator sip.js answers [SHA-256, MD5] with MD5 (the last header)', async () => {
  const ua = new UserAgent({ ...uaOptions, authorizationPassword: 'pw' });
  await ua.start();
  const transport = MemoryTransport.last;
  assert.ok(transport?.onMessage);
  const registerer = new Registerer(ua);
  void registerer.register().catch(() => undefined);
  try {
    const first = await nextSent(transport, 1);
    assert.ok(first);
    transport.onMessage(unauthorized(first, ['Digest realm="example.com", nonce="n1", algorithm=SHA-256, qop="auth"', 'Digest realm="example.com", nonce="m1", algorithm=MD5, qop="auth"']));
    const second = await nextSent(transport, 2);
    assert.ok(second);
    const [creds] = parseChallenges(header(second, 'Authorization') ?? '');
    assert.equal(creds && paramValue(creds, 'algorithm'), 'MD5');
    // End the transaction so that dispose does not wait for Timer F.
    transport.onMessage(unauthorized(second, []).replace('401 Unauthorized', '403 Forbidden'));
  } finally {
    await registerer.dispose().catch(() => undefined);
    await ua.stop();
  }
});

test('sip.js limitation: a 401 after an answered 407 (proxy and registrar both challenging) is taken for a loop', async () => {
  const ua = new UserAgent(uaOptions);
  await ua.start();
  const transport = MemoryTransport.last;
  assert.ok(transport?.onMessage);
  installDigestAuthentication(ua.userAgentCore, { credentials: () => ({ username: 'alice', password: 'pw' }) });
  const registerer = new Registerer(ua);
  const rejected = new Promise<number | undefined>((resolve) => {
    void registerer.register({ requestDelegate: { onReject: (r) => resolve(r.message.statusCode) } });
  });
  try {
    const first = await nextSent(transport, 1);
    assert.ok(first);
    const challenge = 'Digest realm="example.com", nonce="p1", algorithm=SHA-256, qop="auth"';
    transport.onMessage(unauthorized(first, []).replace('401 Unauthorized', '407 Proxy Authentication Required').replace('Content-Length', `Proxy-Authenticate: ${challenge}\r\nContent-Length`));
    const second = await nextSent(transport, 2);
    assert.match(second ?? '', /\r\nProxy-Authorization: Digest algorithm=SHA-256, /);
    transport.onMessage(unauthorized(second ?? '', [challenge.replace('p1', 'w1')]));
    assert.equal(await rejected, 401);
    assert.equal(await nextSent(transport, 3), undefined);
  } finally {
    await registerer.dispose().catch(() => undefined);
    await ua.stop();
  }
});
