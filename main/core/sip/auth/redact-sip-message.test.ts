import assert from 'node:assert/strict';
import { test } from 'node:test';
import { redactSipMessage } from './redact-sip-message';

const register = (auth: readonly string[]): string =>
  ['REGISTER sip:example.com SIP/2.0', 'Via: SIP/2.0/UDP 10.0.0.2:5060;branch=z9hG4bK1', 'Call-ID: c1', 'CSeq: 2 REGISTER', ...auth, 'Content-Length: 0', '', ''].join('\r\n');

const digest = 'Digest algorithm=SHA-256, username="alice", realm="example.com", nonce="n0nce", uri="sip:example.com", response="d34db33f", opaque="0paque", qop=auth, cnonce="c0ffee", nc=00000001';

test('Authorization keeps scheme, username, realm and algorithm; every other value is masked', () => {
  const out = redactSipMessage(register([`Authorization: ${digest}`]));
  assert.match(out, /\r\nAuthorization: Digest algorithm=SHA-256, username="alice", realm="example\.com", nonce="…", uri="…", response="…", opaque="…", qop=…, cnonce="…", nc=…\r\n/);
  for (const secret of ['n0nce', 'd34db33f', '0paque', 'c0ffee', '00000001']) assert.doesNotMatch(out, new RegExp(secret));
  assert.match(out, /^REGISTER sip:example\.com SIP\/2\.0\r\nVia: .*\r\nCall-ID: c1\r\nCSeq: 2 REGISTER\r\n/);
  assert.ok(out.endsWith('\r\nContent-Length: 0\r\n\r\n'));
});

test('Proxy-Authorization, any case, folded, and non-Digest schemes', () => {
  const out = redactSipMessage(register(['proxy-authorization: Digest username="bob", realm="p",', ' response="abcdef", nonce="x"', 'Authorization: Basic YWxpY2U6czNjcmV0']));
  assert.match(out, /\r\nproxy-authorization: Digest username="bob", realm="p", response="…", nonce="…"\r\n/);
  assert.match(out, /\r\nAuthorization: Basic …\r\n/);
  assert.doesNotMatch(out, /abcdef|YWxpY2U6czNjcmV0/);
});

test('response, cnonce and rspauth are masked anywhere, quoted or not', () => {
  const line = 'sip.js debug: Authentication-Info: rspauth="f00d", cnonce=beef, nc=00000001; response=cafe';
  assert.equal(redactSipMessage(line), 'sip.js debug: Authentication-Info: rspauth="…", cnonce=…, nc=00000001; response=…');
});

test('challenges and text without credentials are unchanged', () => {
  const challenge = 'SIP/2.0 401 Unauthorized\r\nWWW-Authenticate: Digest realm="example.com", nonce="abc", algorithm=MD5\r\nContent-Length: 0\r\n\r\n';
  assert.equal(redactSipMessage(challenge), challenge);
  assert.equal(redactSipMessage('X-Authorization-Hint: none'), 'X-Authorization-Hint: none');
});
