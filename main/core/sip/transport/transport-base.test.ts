import assert from 'node:assert/strict';
import { test } from 'node:test';
import { advertiseAllowed, ALLOWED_METHODS } from './transport-base';

test('Allow says what Dialtone really handles, in requests and responses', () => {
  const ok = 'SIP/2.0 200 OK\r\nCSeq: 1 OPTIONS\r\nAllow: ACK,BYE,CANCEL,INFO,INVITE,MESSAGE,NOTIFY,OPTIONS,PRACK,REFER,REGISTER,SUBSCRIBE\r\nContent-Length: 0\r\n\r\n';
  assert.match(advertiseAllowed(ok), new RegExp(`\\r\\nAllow: ${ALLOWED_METHODS}\\r\\n`));
  assert.doesNotMatch(advertiseAllowed(ok), /MESSAGE|SUBSCRIBE|REGISTER|PRACK/);
  const body = 'INVITE sip:b@h SIP/2.0\r\nAllow: ACK,MESSAGE\r\nContent-Length: 9\r\n\r\nAllow: me';
  assert.ok(advertiseAllowed(body).endsWith('\r\n\r\nAllow: me'), 'the body is never touched');
});

test('a 405 gets the Allow header RFC 3261 §8.2.1 requires', () => {
  const refused = 'SIP/2.0 405 Method Not Allowed\r\nCSeq: 1 SUBSCRIBE\r\nContent-Length: 0\r\n\r\n';
  assert.match(advertiseAllowed(refused), new RegExp(`\\r\\nAllow: ${ALLOWED_METHODS}\\r\\n\\r\\n$`));
});
