import assert from 'node:assert/strict';
import { test } from 'node:test';
import { paramValue, parseChallenges, quote, unquote } from './auth-params';

test('splits several challenges in one header value, commas inside quotes included', () => {
  const value = 'Digest realm="a, b", nonce="n1", algorithm=SHA-256, qop="auth,auth-int", Basic realm="x", Digest realm="a", nonce="n2"';
  const challenges = parseChallenges(value);
  assert.deepEqual(challenges.map((c) => c.scheme), ['Digest', 'Basic', 'Digest']);
  assert.equal(challenges[0]?.text, 'Digest realm="a, b", nonce="n1", algorithm=SHA-256, qop="auth,auth-int"');
  assert.equal(challenges[1]?.text, 'Basic realm="x"');
  assert.equal(challenges[0] && paramValue(challenges[0], 'REALM'), 'a, b');
  assert.equal(challenges[0] && paramValue(challenges[0], 'qop'), 'auth,auth-int');
  assert.equal(challenges[2] && paramValue(challenges[2], 'nonce'), 'n2');
});

test('reads spaces around =, escapes, token68 and schemes without parameters', () => {
  const [digest, negotiate, ntlm] = parseChallenges('digest  realm = "a\\"b" ,nonce=xyz, Negotiate abc==, NTLM');
  assert.equal(digest?.scheme, 'digest');
  assert.deepEqual(digest?.params, [{ name: 'realm', value: 'a"b', quoted: true }, { name: 'nonce', value: 'xyz', quoted: false }]);
  assert.equal(negotiate?.scheme, 'Negotiate');
  assert.equal(ntlm?.text, 'NTLM');
});

test('quote and unquote are inverse', () => {
  assert.equal(quote('a"b\\c'), '"a\\"b\\\\c"');
  assert.equal(unquote(quote('a"b\\c')), 'a"b\\c');
});
