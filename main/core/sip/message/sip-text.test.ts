import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cseq, contentLength, headerValues, isResponse, requestMethod, statusCode, topVia } from './sip-text';
import { addViaPort, stripViaPort } from './via-port';

const response = [
  'SIP/2.0 401 Unauthorized',
  'Via: SIP/2.0/UDP 127.0.0.1:40000;branch=z9hG4bK123;rport=40001;received=10.0.0.9',
  'v: SIP/2.0/UDP proxy.example.com;branch=z9hG4bKabc',
  'WWW-Authenticate: Digest realm="a",',
  '  nonce="n1", algorithm=MD5',
  'CSeq: 2 REGISTER',
  'l: 0',
  '',
  '',
].join('\r\n');

test('reads start line, status, method, CSeq and Content-Length', () => {
  assert.equal(isResponse(response), true);
  assert.equal(statusCode(response), 401);
  assert.equal(requestMethod('OPTIONS sip:a@b SIP/2.0\r\n\r\n'), 'OPTIONS');
  assert.equal(requestMethod(response), undefined);
  assert.deepEqual(cseq(response), { seq: 2, method: 'REGISTER' });
  assert.equal(contentLength(response), 0);
});

test('header values cover compact forms and folded lines', () => {
  assert.equal(headerValues(response, 'Via').length, 2);
  assert.deepEqual(headerValues(response, 'www-authenticate'), ['Digest realm="a", nonce="n1", algorithm=MD5']);
});

test('topVia parses host, port, branch, received and rport', () => {
  assert.deepEqual(topVia(response), { transport: 'UDP', host: '127.0.0.1', port: 40000, branch: 'z9hG4bK123', received: '10.0.0.9', rport: 40001 });
  assert.deepEqual(topVia('INVITE sip:x SIP/2.0\r\nVia: SIP/2.0/TLS [::1]:5061;branch=z9hG4bKx;rport\r\n\r\n'), { transport: 'TLS', host: '[::1]', port: 5061, branch: 'z9hG4bKx' });
  assert.equal(topVia('garbage'), undefined);
});

test('Via port is added to the top Via only, and stripped back', () => {
  const out = 'REGISTER sip:h SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1;branch=z9hG4bK1;rport\r\nVia: SIP/2.0/UDP other;branch=x\r\n\r\n';
  const withPort = addViaPort(out, 40000);
  assert.match(withPort, /Via: SIP\/2\.0\/UDP 127\.0\.0\.1:40000;branch=z9hG4bK1;rport\r\nVia: SIP\/2\.0\/UDP other;branch=x/);
  assert.equal(addViaPort(withPort, 1), withPort, 'an existing port is kept');
  assert.equal(stripViaPort(withPort), out);
});
