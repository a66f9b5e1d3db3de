import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeIssues } from '../validation';
import { AccountConfigSchema, accountIdOf } from './account';

const valid = {
  aor: 'sip:alice@127.0.0.1',
  username: 'alice',
  server: '127.0.0.1:5060',
  transport: 'udp',
  srtp: 'off',
  codecs: ['opus', 'g722', 'pcmu', 'pcma'],
  register: true,
};

test('the headless account file format parses', () => {
  const parsed = AccountConfigSchema.parse(valid);
  assert.equal(parsed.transport, 'udp');
  assert.deepEqual(parsed.codecs, ['opus', 'g722', 'pcmu', 'pcma']);
  assert.equal(AccountConfigSchema.safeParse({ ...valid, transport: 'tls', tlsCaFile: '/tmp/ca.pem' }).success, true);
});

test('each bad field is named in the error', () => {
  const r = AccountConfigSchema.safeParse({ ...valid, transport: 'sctp', codecs: ['opus', 'opus'], server: 'x:99999', extra: 1 });
  assert.equal(r.success, false);
  const text = describeIssues(r.error!);
  assert.match(text, /transport/);
  assert.match(text, /codecs: must not list a codec twice/);
  assert.match(text, /server: must be host or host:port/);
  assert.match(text, /unknown field extra/);
});

test('tlsCaFile is refused unless the transport is tls', () => {
  const r = AccountConfigSchema.safeParse({ ...valid, tlsCaFile: '/tmp/ca.pem' });
  assert.equal(r.success, false);
  assert.match(describeIssues(r.error!), /tlsCaFile: tlsCaFile only applies when transport is "tls"/);
});

test('accountIdOf is the AOR without scheme, host lower-cased', () => {
  assert.equal(accountIdOf({ aor: 'sip:Alice@PBX.Example.com:5070' }), 'Alice@pbx.example.com:5070');
  assert.equal(accountIdOf({ aor: 'sips:bob@example.com' }), 'bob@example.com');
});

test('srtp defaults to required over TLS and off otherwise; an explicit value wins', () => {
  const { srtp: _omit, ...noSrtp } = valid;
  assert.equal(AccountConfigSchema.parse({ ...noSrtp, transport: 'tls' }).srtp, 'required');
  assert.equal(AccountConfigSchema.parse({ ...noSrtp, transport: 'udp' }).srtp, 'off');
  assert.equal(AccountConfigSchema.parse({ ...noSrtp, transport: 'tls', srtp: 'optional' }).srtp, 'optional');
});
