import assert from 'node:assert/strict';
import { test } from 'node:test';
import { answerDirection, detectHold, effectiveRemoteDirection, isUnspecifiedAddress, mirrorDirection, negotiateFlags, type MediaDirection } from './media-direction';

test('answer directions follow RFC 3264 §6.1 and keep our own hold', () => {
  // [offered, ours] -> answer
  const table: readonly [MediaDirection, MediaDirection, MediaDirection][] = [
    ['sendrecv', 'sendrecv', 'sendrecv'],
    ['sendonly', 'sendrecv', 'recvonly'],
    ['recvonly', 'sendrecv', 'sendonly'],
    ['inactive', 'sendrecv', 'inactive'],
    ['sendrecv', 'sendonly', 'sendonly'],
    ['sendonly', 'sendonly', 'inactive'],
    ['recvonly', 'sendonly', 'sendonly'],
    ['inactive', 'sendonly', 'inactive'],
    ['sendrecv', 'inactive', 'inactive'],
    ['sendonly', 'recvonly', 'recvonly'],
    ['recvonly', 'recvonly', 'inactive'],
    ['sendrecv', 'recvonly', 'recvonly'],
  ];
  for (const [offered, ours, expected] of table) assert.equal(answerDirection(offered, ours), expected, `${offered} offered while we are ${ours}`);
});

test('flags and mirrors', () => {
  assert.deepEqual(negotiateFlags('sendrecv', 'sendonly'), { send: false, receive: true });
  assert.equal(mirrorDirection('sendonly'), 'recvonly');
  assert.equal(mirrorDirection('inactive'), 'inactive');
});

test('hold is detected from a=sendonly, a=inactive and RFC 2543 c=0.0.0.0 (and :: for IPv6)', () => {
  assert.deepEqual(detectHold('sendonly', '192.0.2.1'), { onHold: true, method: 'sendonly' });
  assert.deepEqual(detectHold('inactive', '0.0.0.0'), { onHold: true, method: 'inactive' });
  assert.deepEqual(detectHold('sendrecv', '0.0.0.0'), { onHold: true, method: 'connection-zero' });
  assert.deepEqual(detectHold('sendrecv', '::'), { onHold: true, method: 'connection-zero' });
  assert.deepEqual(detectHold('sendrecv', '2001:db8::1'), { onHold: false, method: undefined });
  assert.deepEqual(detectHold('recvonly', '192.0.2.1'), { onHold: false, method: undefined });
  assert.equal(isUnspecifiedAddress('0:0:0:0:0:0:0:0'), true);
  assert.equal(isUnspecifiedAddress('0.0.0.1'), false);
  assert.equal(effectiveRemoteDirection('sendrecv', '0.0.0.0'), 'sendonly');
  assert.equal(effectiveRemoteDirection('sendrecv', '198.51.100.1'), 'sendrecv');
});
