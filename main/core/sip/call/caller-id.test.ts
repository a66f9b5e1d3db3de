import assert from 'node:assert/strict';
import { test } from 'node:test';
import { callerId, splitNameAddrs, type IdentityHeaders } from './caller-id';

const from = { uri: 'sip:1001@pbx.example.com', name: 'Front Desk' };
const h = (over: Partial<IdentityHeaders>): IdentityHeaders => ({ from, assertedIdentity: [], remotePartyId: [], privacy: [], ...over });

test('From alone: its URI and name', () => {
  assert.deepEqual(callerId(h({})), { uri: 'sip:1001@pbx.example.com', name: 'Front Desk', source: 'from', anonymous: false });
});

test('P-Asserted-Identity wins over From; a SIP URI beats a tel: URI; the name may come from either value', () => {
  assert.deepEqual(callerId(h({ assertedIdentity: ['<tel:+15551234567>, "Alice Smith" <sip:+15551234567@carrier.example;user=phone>'] })), {
    uri: 'sip:+15551234567@carrier.example;user=phone',
    name: 'Alice Smith',
    source: 'asserted',
    anonymous: false,
  });
  assert.deepEqual(callerId(h({ assertedIdentity: ['"Bob" <tel:+441234567890>'] })), { uri: 'tel:+441234567890', name: 'Bob', source: 'asserted', anonymous: false });
  assert.deepEqual(callerId(h({ assertedIdentity: ['tel:+441234567890'] })), { uri: 'tel:+441234567890', name: 'Front Desk', source: 'asserted', anonymous: false });
  // Two headers instead of one with a comma.
  assert.equal(callerId(h({ assertedIdentity: ['<tel:+1555>', '<sip:carol@pbx.example.com>'] })).uri, 'sip:carol@pbx.example.com');
});

test('Remote-Party-ID when there is no asserted identity', () => {
  const c = callerId(h({ remotePartyId: ['"Dave" <sip:2002@pbx.example.com>;party=calling;screen=yes;privacy=off'] }));
  assert.deepEqual(c, { uri: 'sip:2002@pbx.example.com', name: 'Dave', source: 'remote-party-id', anonymous: false });
  assert.equal(callerId(h({ assertedIdentity: ['<sip:3003@pbx.example.com>'], remotePartyId: ['<sip:2002@pbx.example.com>'] })).source, 'asserted');
});

test('privacy: an anonymous From, or Privacy: id, shows an anonymous caller with no name', () => {
  const anon = { uri: 'sip:anonymous@anonymous.invalid', name: 'Anonymous' };
  assert.deepEqual(callerId(h({ from: anon })), { uri: 'sip:anonymous@anonymous.invalid', source: 'from', anonymous: true });
  assert.deepEqual(callerId(h({ privacy: ['id'], assertedIdentity: ['<sip:+1555@carrier.example>'] })), { uri: 'sip:1001@pbx.example.com', source: 'from', anonymous: true });
  assert.equal(callerId(h({ privacy: ['none'] })).anonymous, false);
  // The network still asserts who it is (no privacy asked): shown, without the From's "Anonymous".
  assert.deepEqual(callerId(h({ from: anon, assertedIdentity: ['<sip:+1555@carrier.example>'] })), { uri: 'sip:+1555@carrier.example', source: 'asserted', anonymous: false });
});

test('garbage in the identity headers falls back to From; commas in quoted names do not split', () => {
  assert.equal(callerId(h({ assertedIdentity: ['not a uri at all', '<>', ''] })).source, 'from');
  assert.deepEqual(splitNameAddrs('"Smith, Alice" <sip:a@h>, <tel:+1555>'), ['"Smith, Alice" <sip:a@h>', '<tel:+1555>']);
  assert.equal(callerId(h({ assertedIdentity: ['"Smith, Alice" <sip:a@h>'] })).name, 'Smith, Alice');
  const long = `"${'x'.repeat(5000)}" <sip:a@h>`;
  assert.equal(callerId(h({ assertedIdentity: [long] })).uri, 'sip:a@h');
});
