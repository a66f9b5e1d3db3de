import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cryptoAttribute, decodeSdesKey, isValidSdesKey, judgeCryptoLine } from './sdes-crypto';

const KEY = 'AwrI3QuZbv6XeB3EFq3KNc8nd7328LhpNHqmqdAY';

test('a plain inline key for a supported suite is usable', () => {
  assert.deepEqual(judgeCryptoLine(`1 AES_CM_128_HMAC_SHA1_80 inline:${KEY}`), { usable: true, tag: 1, suite: 'AES_CM_128_HMAC_SHA1_80', key: KEY });
  assert.deepEqual(judgeCryptoLine(`7 AES_CM_128_HMAC_SHA1_32 inline:${KEY}|2^31 WSH=64`), { usable: true, tag: 7, suite: 'AES_CM_128_HMAC_SHA1_32', key: KEY });
  assert.equal(judgeCryptoLine(`2 AES_CM_128_HMAC_SHA1_80 inline:${KEY}|1048576`)?.usable, true);
});

test('what our SRTP engine cannot honour is refused with a reason', () => {
  const reason = (line: string): string | undefined => {
    const judged = judgeCryptoLine(line);
    return judged && !judged.usable ? judged.reason : undefined;
  };
  assert.equal(reason(`3 AES_256_CM_HMAC_SHA1_80 inline:8kZMnsx9TzEnb/+ScIru+h79bg+OymehOhBVWv7ELQktRkIWZ7oLpJB4rbtHwg==`), 'suite AES_256_CM_HMAC_SHA1_80 is not supported');
  assert.equal(reason(`1 AES_CM_128_HMAC_SHA1_80 inline:${KEY}|2^20|1:4`), 'MKI is not supported');
  assert.equal(reason(`1 AES_CM_128_HMAC_SHA1_80 inline:${KEY}|1:4`), 'MKI is not supported');
  assert.equal(reason(`1 AES_CM_128_HMAC_SHA1_80 inline:${KEY}|2^20|1:4;inline:${KEY}|2^20|2:4`), 'several master keys are not supported');
  assert.equal(reason(`1 AES_CM_128_HMAC_SHA1_80 inline:${KEY} UNENCRYPTED_SRTP`), 'session parameter UNENCRYPTED_SRTP is not supported');
  assert.equal(reason(`1 AES_CM_128_HMAC_SHA1_80 inline:${KEY} WSH=64 KDR=24`), 'session parameter KDR=24 is not supported');
  assert.equal(reason(`1 AES_CM_128_HMAC_SHA1_80 inline:${KEY.slice(0, 32)}`), 'key is not base64 of 30 bytes');
  assert.equal(reason(`1 AES_CM_128_HMAC_SHA1_80 inline:ZWewOUrDhxTGzkbd4nhDbjKvIzwbEyETW69WfA==`), 'key is not base64 of 30 bytes');
  assert.equal(reason(`1 AES_CM_128_HMAC_SHA1_80 uri:https://keys.example.com/k`), 'key method is not inline');
  assert.equal(reason(`1 AES_CM_128_HMAC_SHA1_80 inline:${KEY}|forever`), 'key lifetime forever is not valid');
  assert.equal(judgeCryptoLine('garbage'), undefined);
});

test('keys: 40 base64 characters, split into a 16-byte master key and a 14-byte salt', () => {
  assert.equal(isValidSdesKey(KEY), true);
  assert.equal(isValidSdesKey(`${KEY}=`), false);
  assert.equal(isValidSdesKey(KEY.replace('A', '-')), false);
  const parts = decodeSdesKey(KEY);
  assert.ok(parts);
  assert.equal(parts.masterKey.length, 16);
  assert.equal(parts.masterSalt.length, 14);
  assert.deepEqual(Buffer.concat([parts.masterKey, parts.masterSalt]).toString('base64'), KEY);
  assert.equal(decodeSdesKey('short'), undefined);
  assert.deepEqual(cryptoAttribute(2, 'AES_CM_128_HMAC_SHA1_32', KEY), { id: 2, suite: 'AES_CM_128_HMAC_SHA1_32', config: `inline:${KEY}` });
});
