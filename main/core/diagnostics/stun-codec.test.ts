import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeBindingResponse, encodeBindingRequest, isStunMessage } from './stun-codec';

// RFC 5769 §2.2: sample IPv4 response (XOR-MAPPED-ADDRESS 192.0.2.1:32853, with SOFTWARE, MESSAGE-INTEGRITY, FINGERPRINT).
const rfc5769Ipv4 = Buffer.from(
  '0101003c2112a442b7e7a701bc34d686fa87dfae802200' +
    '0b7465737420766563746f7220002000080001a147e112a643000800142b91f599fd9e90c38c7489f92af9ba53f06be7d780280004c07d4c96',
  'hex',
);
// RFC 5769 §2.3: sample IPv6 response (XOR-MAPPED-ADDRESS [2001:db8:1234:5678:11:2233:4455:6677]:32853).
const rfc5769Ipv6 = Buffer.from(
  '010100482112a442b7e7a701bc34d686fa87dfae802200' +
    '0b7465737420766563746f7220002000140002a1470113a9faa5d3f179bc25f4b5bed2b9d900080014a382954e4be67bf11784c97c8292c275bfe3ed4180280004c8fb0b4c',
  'hex',
);
const txId = Buffer.from('b7e7a701bc34d686fa87dfae', 'hex');

test('encodes a 20-byte Binding request with the magic cookie and the transaction id', () => {
  const req = encodeBindingRequest(txId);
  assert.equal(req.toString('hex'), '000100002112a442b7e7a701bc34d686fa87dfae');
  assert.ok(isStunMessage(req));
  assert.throws(() => encodeBindingRequest(new Uint8Array(11)), RangeError);
});

test('decodes the RFC 5769 IPv4 response', () => {
  assert.deepEqual(decodeBindingResponse(rfc5769Ipv4, txId), { kind: 'success', mapped: { address: '192.0.2.1', port: 32853 }, xor: true });
});

test('decodes the RFC 5769 IPv6 response', () => {
  assert.deepEqual(decodeBindingResponse(rfc5769Ipv6, txId), { kind: 'success', mapped: { address: '2001:db8:1234:5678:11:2233:4455:6677', port: 32853 }, xor: true });
});

test('ignores another transaction, truncated data and non-STUN bytes', () => {
  assert.equal(decodeBindingResponse(rfc5769Ipv4, Buffer.alloc(12, 1)), undefined);
  assert.equal(decodeBindingResponse(rfc5769Ipv4.subarray(0, 40), txId), undefined);
  assert.equal(decodeBindingResponse(Buffer.from('SIP/2.0 200 OK\r\n\r\n'), txId), undefined);
  assert.equal(decodeBindingResponse(Buffer.alloc(0), txId), undefined);
});

test('decodes an error response with its ERROR-CODE', () => {
  const reason = Buffer.from('Bad Request');
  const attr = Buffer.concat([Buffer.from([0x00, 0x09, 0x00, 4 + reason.length, 0, 0, 4, 0]), reason, Buffer.alloc(1)]);
  const head = Buffer.from('011100102112a442', 'hex');
  head.writeUInt16BE(attr.length, 2);
  assert.deepEqual(decodeBindingResponse(Buffer.concat([head, txId, attr]), txId), { kind: 'error', code: 400, reason: 'Bad Request' });
});
