import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { findDigestAlgorithm, type DigestAlgorithmSpec } from './digest-algorithms';
import { computeDigestResponse, createCnonce, formatNonceCount } from './digest-response';

const alg = (name: string): DigestAlgorithmSpec => {
  const spec = findDigestAlgorithm(name);
  assert.ok(spec, name);
  return spec;
};

// RFC 7616 §3.9.1.
const rfc7616 = {
  username: 'Mufasa',
  password: 'Circle of Life',
  realm: 'http-auth@example.org',
  method: 'GET',
  uri: '/dir/index.html',
  nonce: '7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v',
  qop: 'auth',
  nc: '00000001',
  cnonce: 'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ',
} as const;

test('RFC 7616 §3.9.1: SHA-256 and MD5 responses', () => {
  assert.equal(computeDigestResponse({ ...rfc7616, algorithm: alg('SHA-256') }), '753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1');
  assert.equal(computeDigestResponse({ ...rfc7616, algorithm: alg('MD5') }), '8ca523f5e9506fed4657c9700eebdbec');
});

test('RFC 2617 §3.5: MD5 with qop=auth', () => {
  const response = computeDigestResponse({
    algorithm: alg('MD5'), username: 'Mufasa', password: 'Circle Of Life', realm: 'testrealm@host.com', method: 'GET', uri: '/dir/index.html',
    nonce: 'dcd98b7102dd2f0e8b11d0f600bfb0c093', qop: 'auth', nc: '00000001', cnonce: '0a4f113b',
  });
  assert.equal(response, '6629fae49393a05397450978507c4ef1');
});

test('RFC 7616 §3.9.2: SHA-512-256 with a UTF-8 user name (the corrected value; the printed ae66e6… is a known erratum)', () => {
  const response = computeDigestResponse({
    algorithm: alg('SHA-512-256'), username: 'J\u00e4s\u00f8n Doe', password: 'Secret, or not?', realm: 'api@example.org', method: 'GET', uri: '/doe.json',
    nonce: '5TsQWLVdgBdmrQ0XsxbDODV+57QdFR34I9HAbC/RVvkK', qop: 'auth', nc: '00000001', cnonce: 'NTg6RKcb9boFIAS3KrFK9BGeh+iDa/sm6jUMp2wds69v',
  });
  assert.equal(response, '3798d4131c277846293534c3edc11bd8a5e4cdcbff78b05db9d95eeb1cec68a5');
});

const h = (hash: string, s: string): string => createHash(hash).update(s).digest('hex');

test('RFC 2069 form without qop: H(HA1:nonce:HA2)', () => {
  const { username, password, realm, method, uri, nonce } = rfc7616;
  const expected = h('sha256', `${h('sha256', `${username}:${realm}:${password}`)}:${nonce}:${h('sha256', `${method}:${uri}`)}`);
  assert.equal(computeDigestResponse({ algorithm: alg('SHA-256'), username, password, realm, method, uri, nonce }), expected);
});

test('-sess algorithms hash the nonce and cnonce into HA1 (RFC 7616 §3.4.2)', () => {
  const { username, password, realm, method, uri, nonce, nc, cnonce } = rfc7616;
  const ha1 = h('sha512-256', `${h('sha512-256', `${username}:${realm}:${password}`)}:${nonce}:${cnonce}`);
  const expected = h('sha512-256', `${ha1}:${nonce}:${nc}:${cnonce}:auth:${h('sha512-256', `${method}:${uri}`)}`);
  assert.equal(computeDigestResponse({ ...rfc7616, algorithm: alg('SHA-512-256-sess') }), expected);
  assert.notEqual(computeDigestResponse({ ...rfc7616, algorithm: alg('SHA-512-256-sess') }), computeDigestResponse({ ...rfc7616, algorithm: alg('SHA-512-256') }));
  assert.throws(() => computeDigestResponse({ username, password, realm, method, uri, nonce, algorithm: alg('MD5-sess') }), RangeError);
});

test('qop without nc or cnonce is a programming error', () => {
  const { username, password, realm, method, uri, nonce } = rfc7616;
  assert.throws(() => computeDigestResponse({ username, password, realm, method, uri, nonce, qop: 'auth', algorithm: alg('MD5') }), RangeError);
});

test('algorithm lookup is case-insensitive, absent means MD5, unknown is undefined', () => {
  assert.equal(findDigestAlgorithm('SHA-256-SESS')?.name, 'SHA-256-sess');
  assert.equal(findDigestAlgorithm('sha-512-256')?.name, 'SHA-512-256');
  assert.equal(findDigestAlgorithm(undefined)?.name, 'MD5');
  assert.equal(findDigestAlgorithm('AKAv1-MD5'), undefined);
});

test('nonce-count and cnonce formats', () => {
  assert.equal(formatNonceCount(1), '00000001');
  assert.equal(formatNonceCount(0xabc), '00000abc');
  assert.match(createCnonce(), /^[0-9a-f]{32}$/);
  assert.notEqual(createCnonce(), createCnonce());
});
