import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isValidHost, parseAor, parseHostPort } from './sip-address';

test('parseHostPort accepts names, IPv4 and bracketed IPv6, with optional ports', () => {
  assert.deepEqual(parseHostPort('pbx.example.com'), { host: 'pbx.example.com' });
  assert.deepEqual(parseHostPort('127.0.0.1:5060'), { host: '127.0.0.1', port: 5060 });
  assert.deepEqual(parseHostPort('[::1]:5061'), { host: '[::1]', port: 5061 });
});

test('parseHostPort rejects bad hosts and ports', () => {
  for (const bad of ['', ':5060', '127.0.0.1:0', 'host:65536', '999.1.1.1', 'a b', 'host:port', '[zz]:1', '::1', 'exa_mple.com']) {
    assert.equal(parseHostPort(bad), undefined, bad);
  }
  assert.equal(isValidHost('-bad.example.com'), false);
});

test('parseAor splits sip and sips addresses', () => {
  assert.deepEqual(parseAor('sip:alice@127.0.0.1'), { scheme: 'sip', user: 'alice', host: '127.0.0.1' });
  assert.deepEqual(parseAor('SIPS:bob%20x@Example.com:5061'), { scheme: 'sips', user: 'bob%20x', host: 'Example.com', port: 5061 });
  for (const bad of ['alice@host', 'sip:@host', 'sip:alice', 'tel:+123', 'sip:a b@host', 'sip:alice@host;transport=tcp']) {
    assert.equal(parseAor(bad), undefined, bad);
  }
});
