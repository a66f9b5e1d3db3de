import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Core, Grammar } from 'sip.js';
import { paramValue, parseChallenges } from './auth-params';
import { DigestAuthenticator } from './digest-authenticator';
import { computeDigestResponse } from './digest-response';
import { findDigestAlgorithm } from './digest-algorithms';
import { NonceCounter } from './nonce-counter';

const uri = Grammar.URIParse('sip:example.com');
assert.ok(uri);
const register = { method: 'REGISTER', ruri: uri };
const credentials = { username: 'alice', password: 's3cret' };
/** A challenge as sip.js hands it over: its grammar's parse of the header value. */
const challenge = (value: string): unknown => Grammar.parse(value, 'WWW_Authenticate');

function params(header: string): Record<string, string> {
  const [credentialsValue] = parseChallenges(header);
  assert.equal(credentialsValue?.scheme, 'Digest');
  return Object.fromEntries(credentialsValue.params.map((p) => [p.name, p.value]));
}

test('answers a SHA-256 challenge in sip.js header format with qop, nc, cnonce and opaque', () => {
  const auth = new DigestAuthenticator({ credentials, cnonce: () => 'c0ffee' });
  assert.equal(auth.authenticate(register, challenge('Digest realm="example.com", nonce="abc", algorithm=SHA-256, qop="auth,auth-int", opaque="op"')), true);
  const header = auth.toString();
  const expected = computeDigestResponse({ algorithm: findDigestAlgorithm('SHA-256')!, ...credentials, realm: 'example.com', nonce: 'abc', method: 'REGISTER', uri: 'sip:example.com', qop: 'auth', nc: '00000001', cnonce: 'c0ffee' });
  assert.equal(header, `Digest algorithm=SHA-256, username="alice", realm="example.com", nonce="abc", uri="sip:example.com", response="${expected}", opaque="op", qop=auth, cnonce="c0ffee", nc=00000001`);
  assert.equal(auth.stale, undefined);
});

test('upper-cased -sess names from sip.js are answered with the canonical name', () => {
  const auth = new DigestAuthenticator({ credentials });
  assert.equal(auth.authenticate(register, challenge('Digest realm="r", nonce="n", algorithm=sha-512-256-sess, qop="auth"')), true);
  assert.equal(params(auth.toString())['algorithm'], 'SHA-512-256-sess');
  assert.match(params(auth.toString())['cnonce'] ?? '', /^[0-9a-f]{32}$/);
});

test('MD5 answers match sip.js\'s own DigestAuthentication (RFC 2069 form and qop=auth)', () => {
  const factory = new Core.LoggerFactory();
  factory.builtinEnabled = false;
  for (const value of ['Digest realm="example.com", nonce="abc"', 'Digest realm="example.com", nonce="abc", qop="auth", opaque="o"']) {
    const theirs = new Core.DigestAuthentication(factory, undefined, credentials.username, credentials.password);
    assert.equal(theirs.authenticate(register as unknown as Core.OutgoingRequestMessage, challenge(value)), true);
    const theirParams = params(theirs.toString());
    const ours = new DigestAuthenticator({ credentials, cnonce: () => theirParams['cnonce'] ?? '' });
    assert.equal(ours.authenticate(register, challenge(value)), true);
    assert.deepEqual(params(ours.toString()), theirParams);
  }
});

test('nonce-count grows per nonce and is shared between authenticators', () => {
  const nonceCounter = new NonceCounter();
  const a = new DigestAuthenticator({ credentials, nonceCounter });
  const b = new DigestAuthenticator({ credentials, nonceCounter });
  const c1 = challenge('Digest realm="r", nonce="n1", qop="auth"');
  a.authenticate(register, c1);
  assert.equal(params(a.toString())['nc'], '00000001');
  b.authenticate(register, c1);
  assert.equal(params(b.toString())['nc'], '00000002');
  a.authenticate(register, challenge('Digest realm="r", nonce="n2", qop="auth", stale=true'));
  assert.equal(params(a.toString())['nc'], '00000001');
  assert.equal(a.stale, true);
});

test('quoted-string escapes kept by sip.js are hashed unescaped and sent escaped', () => {
  const auth = new DigestAuthenticator({ credentials, cnonce: () => 'c' });
  assert.equal(auth.authenticate(register, challenge('Digest realm="a\\"b", nonce="n", qop="auth"')), true);
  const expected = computeDigestResponse({ algorithm: findDigestAlgorithm('MD5')!, ...credentials, realm: 'a"b', nonce: 'n', method: 'REGISTER', uri: 'sip:example.com', qop: 'auth', nc: '00000001', cnonce: 'c' });
  assert.match(auth.toString(), /realm="a\\"b"/);
  const [parsed] = parseChallenges(auth.toString());
  assert.equal(parsed && paramValue(parsed, 'response'), expected);
});

test('refuses what it cannot answer, and says why', () => {
  const warnings: string[] = [];
  const logger = { debug() {}, info() {}, error() {}, warn: (_m: string, f?: Readonly<Record<string, unknown>>) => void warnings.push(String(f?.['reason'])), child: () => logger };
  const auth = new DigestAuthenticator({ credentials, logger });
  const cases: Array<[string, RegExp]> = [
    ['Digest realm="r", nonce="n", algorithm=AKAv1-MD5', /unsupported digest algorithm AKAV1-MD5/],
    ['Digest realm="r", nonce="n", qop="auth-int"', /unsupported qop auth-int/],
    ['Digest realm="r", nonce="n", algorithm=SHA-256-sess', /SHA-256-sess without qop/],
    ['Digest nonce="n"', /without realm/],
    ['Basic realm="r"', /without realm/],
  ];
  for (const [value, why] of cases) {
    assert.equal(auth.authenticate(register, challenge(value)), false, value);
    assert.match(auth.rejection ?? '', why);
    assert.throws(() => auth.toString(), /response field does not exist/);
  }
  assert.equal(auth.authenticate(register, undefined), false);
  assert.equal(warnings.length, cases.length + 1);
  assert.doesNotMatch(warnings.join(' '), /s3cret/);
});

test('never throws into sip.js: a request whose URI cannot be read is refused', () => {
  const auth = new DigestAuthenticator({ credentials });
  const broken = { method: 'REGISTER', ruri: { toString: (): string => { throw new Error('bad uri'); } } };
  assert.equal(auth.authenticate(broken, challenge('Digest realm="r", nonce="n", qop="auth"')), false);
  assert.match(auth.rejection ?? '', /cannot compute the response: bad uri/);
});
