import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Grammar, type Core } from 'sip.js';
import { createDigestAuthenticationFactory, installDigestAuthentication } from './authentication-factory';

const uri = Grammar.URIParse('sip:example.com');
assert.ok(uri);
const request = { method: 'REGISTER', ruri: uri } as unknown as Core.OutgoingRequestMessage;
const sha256 = Grammar.parse('Digest realm="r", nonce="n", algorithm=SHA-256, qop="auth"', 'WWW_Authenticate') as unknown;

test('the factory builds authenticators that sip.js can drive, sharing nonce-counts', () => {
  const factory = createDigestAuthenticationFactory({ credentials: () => ({ username: 'alice', password: 'pw' }) });
  const first = factory();
  const second = factory();
  assert.ok(first && second && first !== second);
  assert.equal(first.authenticate(request, sha256), true);
  assert.equal(second.authenticate(request, sha256), true);
  assert.match(first.toString(), /^Digest algorithm=SHA-256, .*nc=00000001$/);
  assert.match(second.toString(), /nc=00000002$/);
});

test('no credentials, or credentials that throw, give undefined (sip.js then hands the 401 on) without throwing', () => {
  const errors: string[] = [];
  const logger = { debug() {}, info() {}, warn() {}, error: (m: string) => void errors.push(m), child: () => logger };
  assert.equal(createDigestAuthenticationFactory({ credentials: () => undefined })(), undefined);
  const throwing = createDigestAuthenticationFactory({ logger, credentials: () => { throw new Error('keychain locked'); } });
  assert.equal(throwing(), undefined);
  assert.deepEqual(errors, ['digest credentials unavailable']);
});

test('installDigestAuthentication replaces the core configuration\'s factory', () => {
  const core = { configuration: { authenticationFactory: () => undefined } as unknown as Core.UserAgentCoreConfiguration };
  installDigestAuthentication(core, { credentials: () => ({ username: 'alice', password: 'pw' }) });
  const auth = core.configuration.authenticationFactory();
  assert.ok(auth);
  assert.equal(auth.authenticate(request, sha256), true);
});
