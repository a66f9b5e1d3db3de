import assert from 'node:assert/strict';
import { test } from 'node:test';
import { StreamFramer } from './stream-framer';

const msg = (body: string): string => `MESSAGE sip:a@b SIP/2.0\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;

test('frames by byte Content-Length, across arbitrary chunk boundaries', () => {
  const body = 'héllo ☎';
  const stream = Buffer.from(msg(body) + msg('') + msg('x'));
  for (const size of [1, 3, 7, stream.length]) {
    const framer = new StreamFramer();
    const texts: string[] = [];
    for (let i = 0; i < stream.length; i += size) {
      const r = framer.push(stream.subarray(i, i + size));
      assert.equal(r.error, undefined);
      for (const item of r.items) if (item.kind === 'message') texts.push(item.text);
    }
    assert.deepEqual(texts, [msg(body), msg(''), msg('x')], `chunk size ${size}`);
  }
});

test('CRLFCRLF is a ping and CRLF a pong, between messages', () => {
  const framer = new StreamFramer();
  const r = framer.push(Buffer.from(`\r\n\r\n${msg('a')}\r\n`));
  assert.deepEqual(r.items.map((i) => i.kind), ['ping', 'message']);
  const r2 = framer.push(Buffer.from('O'));
  assert.deepEqual(r2.items.map((i) => i.kind), ['pong']);
});

test('a stream without Content-Length, or with oversized parts, is an error', () => {
  assert.match(new StreamFramer().push(Buffer.from('OPTIONS sip:a SIP/2.0\r\nVia: x\r\n\r\n')).error ?? '', /without Content-Length/);
  assert.match(new StreamFramer().push(Buffer.from('A'.repeat(70 * 1024))).error ?? '', /header section larger/);
  assert.match(new StreamFramer().push(Buffer.from('OPTIONS sip:a SIP/2.0\r\nContent-Length: 99999999\r\n\r\n')).error ?? '', /over the/);
});
