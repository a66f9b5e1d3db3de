import assert from 'node:assert/strict';
import { Buffer } from 'node:buffer';
import { test } from 'node:test';
import { generateSdesKey, parseSdesKey } from './sdes-key';

// 30 bytes 0x00..0x1d: key 00..0f, salt 10..1d.
const bytes = Buffer.from(Array.from({ length: 30 }, (_, i) => i));
const b64 = bytes.toString('base64');

function failureOf(inline: string): { code: string; message: string } {
  const r = parseSdesKey(inline);
  assert.equal(r.ok, false, `expected ${inline} to be refused`);
  return r.ok ? { code: '', message: '' } : r.error;
}

test('splits the 30 bytes into a 16-byte key and a 14-byte salt', () => {
  const r = parseSdesKey(`inline:${b64}`);
  assert.ok(r.ok);
  assert.deepEqual([...r.data.masterKey], [...bytes.subarray(0, 16)]);
  assert.deepEqual([...r.data.masterSalt], [...bytes.subarray(16)]);
  assert.equal(r.data.lifetime, undefined);
});

test('accepts a lifetime we can honour, as 2^n or decimal, and the method name in any case', () => {
  const pow = parseSdesKey(`inline:${b64}|2^31`);
  assert.ok(pow.ok);
  assert.equal(pow.data.lifetime, 2 ** 31);
  const dec = parseSdesKey(`INLINE:${b64}|281474976710656`);
  assert.ok(dec.ok);
  assert.equal(dec.data.lifetime, 2 ** 48);
});

test('refuses short lifetimes, MKIs and several keys as unsupported, with a reason', () => {
  const short = failureOf(`inline:${b64}|2^20`);
  assert.equal(short.code, 'unsupported');
  assert.match(short.message, /2\^20.*re-keying/);
  assert.equal(failureOf(`inline:${b64}|1048576`).code, 'unsupported');

  const mki = failureOf(`inline:${b64}|2^31|1:4`);
  assert.equal(mki.code, 'unsupported');
  assert.match(mki.message, /MKI/);
  assert.equal(failureOf(`inline:${b64}|1:4`).code, 'unsupported');
  assert.equal(failureOf(`inline:${b64}|2^31|1:4;inline:${b64}|2^31|2:4`).code, 'unsupported');
});

test('refuses broken key parameters as malformed', () => {
  for (const bad of [
    '',
    b64,
    `key:${b64}`,
    `inline:${b64.slice(0, 39)}`,
    `inline:${b64}A`,
    `inline:${b64.slice(0, 38)}==`,
    `inline:${b64.slice(0, 39)}!`,
    `inline:${b64}|2^49`,
    `inline:${b64}|forever`,
    `inline:${b64}|0`,
    `inline:${b64}|2^31|2^31`,
    `inline:${b64}|2^31|1:4|x`,
  ]) {
    assert.equal(failureOf(bad).code, 'malformed', bad);
  }
});

test('generates inline keys of 30 random bytes that parse back', () => {
  const inline = generateSdesKey((n) => Buffer.alloc(n, 0xab));
  assert.equal(inline, `inline:${Buffer.alloc(30, 0xab).toString('base64')}`);
  const back = parseSdesKey(inline);
  assert.ok(back.ok);
  assert.deepEqual([...back.data.masterKey], Array(16).fill(0xab));

  const a = generateSdesKey();
  const b = generateSdesKey();
  assert.notEqual(a, b);
  assert.ok(parseSdesKey(a).ok);
  assert.throws(() => generateSdesKey((n) => Buffer.alloc(n - 1)), RangeError);
});
