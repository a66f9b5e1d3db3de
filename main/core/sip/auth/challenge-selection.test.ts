import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Core } from 'sip.js';
import { hasSupportedChallenge, offeredChallengeAlgorithms, selectStrongestChallenge } from './challenge-selection';

const body = 'v=0\r\n';
const response = (headers: readonly string[], status = '401 Unauthorized'): string =>
  [`SIP/2.0 ${status}`, 'Via: SIP/2.0/UDP 10.0.0.2:5060;branch=z9hG4bK1', 'From: <sip:alice@example.com>;tag=1', 'To: <sip:alice@example.com>;tag=2', 'Call-ID: c1', 'CSeq: 1 REGISTER', ...headers, 'Content-Type: application/sdp', `Content-Length: ${body.length}`, '', body].join('\r\n');

const www = (...challenges: string[]): string[] => challenges.map((c) => `WWW-Authenticate: ${c}`);
const sha256 = 'Digest realm="example.com", nonce="n256", algorithm=SHA-256, qop="auth"';
const md5 = 'Digest realm="example.com", nonce="nmd5", algorithm=MD5, qop="auth"';

const factory = new Core.LoggerFactory();
factory.builtinEnabled = false;
const logger = factory.getLogger('test');

/** What sip.js will hand the authenticator: its parse of the (last) challenge header. */
function sipJsChallenge(message: string, header = 'www-authenticate'): Record<string, unknown> | undefined {
  const parsed = Core.Parser.parseMessage(message, logger);
  assert.ok(parsed, 'sip.js must still parse the message');
  return parsed.parseHeader(header) as Record<string, unknown> | undefined;
}

function assertOnlyHeadersMoved(before: string, after: string): void {
  assert.doesNotMatch(after.replace(/\r\n/g, ''), /[\r\n]/, 'CRLF line endings only');
  assert.ok(after.endsWith(`\r\n\r\n${body}`), 'body unchanged');
  assert.match(after, new RegExp(`\\r\\nContent-Length: ${body.length}\\r\\n`));
  assert.equal(after.split('\r\n')[0], before.split('\r\n')[0]);
}

test('[SHA-256, MD5]: SHA-256 ends up last, so sip.js keeps it (without us it keeps MD5)', () => {
  const before = response(www(sha256, md5));
  assert.equal(sipJsChallenge(before)?.['algorithm'], 'MD5');
  const after = selectStrongestChallenge(before);
  assertOnlyHeadersMoved(before, after);
  assert.deepEqual(after.split('\r\n').filter((l) => l.startsWith('WWW-Authenticate:')), [
    `WWW-Authenticate: ${md5}`,
    'WWW-Authenticate: Digest realm="example.com", nonce="n256", algorithm=SHA-256, qop="auth"',
  ]);
  assert.deepEqual(sipJsChallenge(after), { realm: 'example.com', nonce: 'n256', algorithm: 'SHA-256', qop: ['auth'] });
});

test('[MD5, SHA-256]: SHA-256 stays last', () => {
  const after = selectStrongestChallenge(response(www(md5, sha256)));
  assert.equal(sipJsChallenge(after)?.['algorithm'], 'SHA-256');
  assert.equal(sipJsChallenge(after)?.['nonce'], 'n256');
});

test('SHA-512-256 beats SHA-256 beats MD5, the plain form beats -sess', () => {
  const s512 = 'Digest realm="r", nonce="n512", algorithm=SHA-512-256, qop="auth"';
  const s512sess = 'Digest realm="r", nonce="n512s", algorithm=SHA-512-256-sess, qop="auth"';
  assert.equal(sipJsChallenge(selectStrongestChallenge(response(www(s512, sha256, md5))))?.['nonce'], 'n512');
  assert.equal(sipJsChallenge(selectStrongestChallenge(response(www(md5, s512sess, s512, sha256))))?.['nonce'], 'n512');
  assert.equal(sipJsChallenge(selectStrongestChallenge(response(www(md5, s512sess))))?.['algorithm'], 'SHA-512-256-SESS');
});

test('[Basic, MD5]: the Digest challenge is chosen; Basic stays before it', () => {
  const before = response(www('Basic realm="example.com"', md5));
  const after = selectStrongestChallenge(before);
  assertOnlyHeadersMoved(before, after);
  assert.equal(sipJsChallenge(after)?.['nonce'], 'nmd5');
  assert.ok(hasSupportedChallenge(before));
  const lines = after.split('\r\n').filter((l) => l.startsWith('WWW-Authenticate:'));
  assert.equal(lines[0], 'WWW-Authenticate: Basic realm="example.com"');
});

test('[MD5, Basic] (Basic last, which sip.js would read as an empty challenge): MD5 is moved last', () => {
  const before = response(www(md5, 'Basic realm="example.com"'));
  assert.deepEqual(sipJsChallenge(before), {});
  assert.equal(sipJsChallenge(selectStrongestChallenge(before))?.['nonce'], 'nmd5');
});

test('unknown algorithm only: the message is left as it is and the offer is reported', () => {
  const before = response(www('Digest realm="r", nonce="n", algorithm=AKAv1-MD5, qop="auth"'));
  assert.equal(selectStrongestChallenge(before), before);
  assert.equal(hasSupportedChallenge(before), false);
  assert.deepEqual(offeredChallengeAlgorithms(before), ['AKAv1-MD5']);
});

test('nothing supported: offered algorithms and schemes are listed once, in order', () => {
  const before = response(www('Basic realm="r"', 'Digest realm="r", nonce="n", algorithm=SHA-999', 'Digest realm="r", nonce="m", qop="auth-int"', 'Digest realm="r", nonce="n2", algorithm=SHA-999'));
  assert.equal(hasSupportedChallenge(before), false);
  assert.equal(selectStrongestChallenge(before), before);
  assert.deepEqual(offeredChallengeAlgorithms(before), ['Basic', 'SHA-999', 'MD5 with qop=auth-int']);
});

test('several challenges in one header line: split one per line, strongest last (sip.js drops the whole response otherwise)', () => {
  const before = response([`WWW-Authenticate: ${sha256}, ${md5}`]);
  assert.equal(Core.Parser.parseMessage(before, logger), undefined);
  const after = selectStrongestChallenge(before);
  assertOnlyHeadersMoved(before, after);
  assert.equal(after.split('\r\n').filter((l) => l.startsWith('WWW-Authenticate:')).length, 2);
  assert.equal(sipJsChallenge(after)?.['algorithm'], 'SHA-256');
});

test('folded header lines are read and the other headers keep their bytes', () => {
  const before = response(['WWW-Authenticate: Digest realm="example.com",', '  nonce="nmd5", algorithm=MD5', `WWW-Authenticate: ${sha256}`, 'X-Folded: a,', '\tb']);
  const after = selectStrongestChallenge(before);
  assert.match(after, /\r\nX-Folded: a,\r\n\tb\r\n/);
  assert.equal(sipJsChallenge(after)?.['algorithm'], 'SHA-256');
});

test('MD5-sess, which sip.js cannot parse, is dropped when another challenge is chosen', () => {
  const before = response(www('Digest realm="r", nonce="ns", algorithm=MD5-sess, qop="auth"', md5));
  assert.equal(Core.Parser.parseMessage(before, logger), undefined);
  const after = selectStrongestChallenge(before);
  assert.doesNotMatch(after, /MD5-sess/);
  assert.equal(sipJsChallenge(after)?.['nonce'], 'nmd5');
  assert.deepEqual(offeredChallengeAlgorithms(before), ['MD5-sess', 'MD5']);
});

test('the chosen challenge is rewritten in the forms sip.js reads (quoted algorithm, unquoted qop and realm, stale, opaque)', () => {
  const before = response(www(md5, 'Digest realm=example.com, nonce=abc, algorithm="SHA-256", qop=auth, opaque="o p", stale=TRUE, domain="sip:example.com"'));
  const after = selectStrongestChallenge(before);
  assert.deepEqual(sipJsChallenge(after), { realm: 'example.com', nonce: 'abc', algorithm: 'SHA-256', qop: ['auth'], opaque: 'o p', stale: true });
});

test('Proxy-Authenticate in a 407 is handled the same way, and hasSupportedChallenge reads the header of the status', () => {
  const before = response([`Proxy-Authenticate: ${sha256}`, `Proxy-Authenticate: ${md5}`], '407 Proxy Authentication Required');
  const after = selectStrongestChallenge(before);
  assertOnlyHeadersMoved(before, after);
  assert.equal(sipJsChallenge(after, 'proxy-authenticate')?.['algorithm'], 'SHA-256');
  assert.equal(hasSupportedChallenge(before), true);
  const wrongHeader = response(www(sha256), '407 Proxy Authentication Required');
  assert.equal(hasSupportedChallenge(wrongHeader), false);
});

test('messages without challenges or without a header end are returned unchanged', () => {
  const ok = response([], '200 OK');
  assert.equal(selectStrongestChallenge(ok), ok);
  assert.equal(selectStrongestChallenge('junk'), 'junk');
  assert.deepEqual(offeredChallengeAlgorithms('junk'), []);
});
