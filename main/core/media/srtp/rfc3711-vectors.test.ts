// RFC 3711 Appendix B.2 (AES-CM keystream) and B.3 (key derivation), typed in
// from the RFC text.
import assert from 'node:assert/strict';
import { Buffer } from 'node:buffer';
import { test } from 'node:test';
import { aesCmKeystream, packetIv } from './aes-cm';
import { KdfLabel, deriveKey, deriveSessionKeys } from './key-derivation';

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');

test('B.2: the AES-CM keystream of the RFC, first and last three blocks of the 1044512-byte segment', () => {
  const sessionKey = hex('2B7E151628AED2A6ABF7158809CF4F3C');
  // "Session Salt: F0F1F2F3F4F5F6F7F8F9FAFBFCFD0000 (already shifted)", ROC 0, SEQ 0, SSRC 0.
  const iv = packetIv(hex('F0F1F2F3F4F5F6F7F8F9FAFBFCFD'), 0, 0, 0);
  assert.equal(iv.toString('hex').toUpperCase(), 'F0F1F2F3F4F5F6F7F8F9FAFBFCFD0000');

  const keystream = aesCmKeystream(sessionKey, iv, 1044512);
  assert.equal(keystream.length, 65282 * 16);
  const block = (n: number): string => keystream.subarray(n * 16, n * 16 + 16).toString('hex').toUpperCase();
  assert.equal(block(0x0000), 'E03EAD0935C95E80E166B16DD92B4EB4');
  assert.equal(block(0x0001), 'D23513162B02D0F72A43A2FE4A5F97AB');
  assert.equal(block(0x0002), '41E95B3BB0A2E8DD477901E4FCA894C0');
  assert.equal(block(0xfeff), 'EC8CDF7398607CB0F2D21675EA9EA1E4');
  assert.equal(block(0xff00), '362B7C3C6773516318A077D7FC5073AE');
  assert.equal(block(0xff01), '6A2CC3787889374FBEB4C81B17BA6C44');
});

test('B.3: cipher key, cipher salt and the 94-byte auth key stream of the RFC', () => {
  const master = { masterKey: hex('E1F97A0D3E018BE0D64FA32C06DE4139'), masterSalt: hex('0EC675AD498AFEEBB6960B3AABE6') };
  assert.equal(deriveKey(master, KdfLabel.rtpEncryption, 16).toString('hex').toUpperCase(), 'C61E7A93744F39EE10734AFE3FF7A087');
  assert.equal(deriveKey(master, KdfLabel.rtpSalt, 14).toString('hex').toUpperCase(), '30CBBC08863D8C85D49DB34A9AE1');
  assert.equal(
    deriveKey(master, KdfLabel.rtpAuthentication, 94).toString('hex').toUpperCase(),
    [
      'CEBE321F6FF7716B6FD4AB49AF256A15',
      '6D38BAA48F0A0ACF3C34E2359E6CDBCE',
      'E049646C43D9327AD175578EF7227098',
      '6371C10C9A369AC2F94A8C5FBCDDDC25',
      '6D6E919A48B610EF17C2041E47403576',
      '6B68642C59BBFC2F34DB60DBDFB2',
    ].join(''),
  );

  // The session keys the context uses: HMAC-SHA1 takes the first 20 bytes (n_a = 160).
  const keys = deriveSessionKeys(master);
  assert.equal(keys.rtp.encryptionKey.toString('hex').toUpperCase(), 'C61E7A93744F39EE10734AFE3FF7A087');
  assert.equal(keys.rtp.salt.toString('hex').toUpperCase(), '30CBBC08863D8C85D49DB34A9AE1');
  assert.equal(keys.rtp.authenticationKey.toString('hex').toUpperCase(), 'CEBE321F6FF7716B6FD4AB49AF256A156D38BAA4');
  // SRTCP labels (3, 4, 5) give other keys.
  assert.notDeepEqual(keys.rtcp.encryptionKey, keys.rtp.encryptionKey);
  assert.notDeepEqual(keys.rtcp.salt, keys.rtp.salt);
  assert.notDeepEqual(keys.rtcp.authenticationKey, keys.rtp.authenticationKey);
});

test('the packet IV places SSRC, ROC and SEQ where RFC 3711 §4.1.1 puts them', () => {
  const zeroSalt = Buffer.alloc(14);
  assert.equal(packetIv(zeroSalt, 0x11223344, 0xaabbccdd, 0xeeff).toString('hex'), '0000000011223344aabbccddeeff0000');
  const ones = Buffer.alloc(14, 0xff);
  assert.equal(packetIv(ones, 0x11223344, 0xaabbccdd, 0xeeff).toString('hex'), 'ffffffffeeddccbb5544332211000000');
});
