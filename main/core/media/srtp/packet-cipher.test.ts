import assert from 'node:assert/strict';
import { Buffer } from 'node:buffer';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { aesCmKeystream, aesCmXor, packetIv } from './aes-cm';
import { PacketCipher } from './packet-cipher';

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');

test('RFC 3711 B.2: the reused ECB context gives the RFC keystream (first three blocks)', () => {
  const cipher = new PacketCipher(hex('2B7E151628AED2A6ABF7158809CF4F3C'), hex('F0F1F2F3F4F5F6F7F8F9FAFBFCFD'));
  const out = Buffer.alloc(48);
  cipher.xor(0, 0, 0, Buffer.alloc(48), 0, 48, out, 0);
  assert.equal(out.toString('hex').toUpperCase(), 'E03EAD0935C95E80E166B16DD92B4EB4' + 'D23513162B02D0F72A43A2FE4A5F97AB' + '41E95B3BB0A2E8DD477901E4FCA894C0');
});

test('same bytes as a fresh aes-128-ctr cipher per packet, for odd lengths, SSRC/ROC/SEQ values and offsets, across reuse', () => {
  const key = randomBytes(16);
  const salt = randomBytes(14);
  const cipher = new PacketCipher(key, salt);
  const cases: Array<[ssrc: number, high: number, low: number, length: number]> = [
    [0, 0, 0, 1],
    [0xffffffff, 0xffffffff, 0xffff, 15],
    [0x12345678, 1, 65535, 16],
    [0xdeadbeef, 0, 1, 17],
    [42, 7, 1000, 160],
    [42, 7, 1001, 1276],
    [0x80000000, 0x7fff, 0x8000, 4000],
  ];
  for (const [ssrc, high, low, length] of cases) {
    const data = randomBytes(length + 10);
    const expected = aesCmXor(key, packetIv(salt, ssrc, high, low), data.subarray(5, 5 + length));
    const out = Buffer.alloc(length + 3);
    cipher.xor(ssrc, high, low, data, 5, 5 + length, out, 3);
    assert.deepEqual(out.subarray(3), expected, `ssrc ${ssrc} high ${high} low ${low} length ${length}`);
    // In place: src and dst the same buffer.
    const inPlace = Buffer.from(data);
    cipher.xor(ssrc, high, low, inPlace, 5, 5 + length, inPlace, 5);
    assert.deepEqual(inPlace.subarray(5, 5 + length), expected);
    assert.deepEqual(inPlace.subarray(0, 5), data.subarray(0, 5), 'bytes before the range are untouched');
  }
  assert.deepEqual(aesCmKeystream(key, packetIv(salt, 1, 2, 3), 0), Buffer.alloc(0));
});

test('an empty range writes nothing', () => {
  const cipher = new PacketCipher(randomBytes(16), randomBytes(14));
  const out = Buffer.from([1, 2, 3]);
  cipher.xor(1, 2, 3, Buffer.alloc(3), 2, 2, out, 0);
  assert.deepEqual(out, Buffer.from([1, 2, 3]));
});
