import assert from 'node:assert/strict';
import { test } from 'node:test';
import { normalizeNumber, numberFromUri, sipUriKey } from './phone-number';

test('numbers in many spellings share one E.164 key', () => {
  const keys = ['(555) 123-4567', '555.123.4567', '+1 555 123 4567', '1-555-123-4567', '+15551234567'].map((n) => normalizeNumber(n, 'US').key);
  assert.deepEqual(new Set(keys), new Set(['+15551234567']));
  assert.equal(normalizeNumber('030 1234567', 'DE').e164, '+49301234567');
  assert.equal(normalizeNumber('0049 30 1234567', 'DE').e164, '+49301234567');
  assert.equal(normalizeNumber('+44 20 7946 0958', 'US').e164, '+442079460958');
});

test('extensions and short codes keep their digits as the key', () => {
  assert.deepEqual(normalizeNumber('201', 'US'), { digits: '201', key: '201' });
  assert.deepEqual(normalizeNumber('ext', 'US'), { digits: '', key: '' });
  assert.equal(normalizeNumber('5551234567', 'ZZ').key, '5551234567', 'an unknown region parses only international numbers');
});

test('numbers and SIP keys come out of URIs', () => {
  assert.equal(numberFromUri('sip:+15551234567@pbx.example.com;user=phone'), '+15551234567');
  assert.equal(numberFromUri('<sip:201@127.0.0.1:5060>'), '201');
  assert.equal(numberFromUri('tel:+1-555-123-4567'), '+1-555-123-4567');
  assert.equal(numberFromUri('sip:alice@example.com'), undefined);
  assert.equal(numberFromUri('555 123 4567'), '555 123 4567');
  assert.equal(sipUriKey('sip:Alice@Example.COM:5061;transport=tls'), 'Alice@example.com');
  assert.equal(sipUriKey('mailto:x@y'), undefined);
});
