import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createNodeSocketFactory } from './node-sockets';

test('UDP on loopback: datagrams to an IP literal arrive, in order, with the sender address (v4 and v6)', async (t) => {
  const sockets = createNodeSocketFactory();
  for (const address of ['127.0.0.1', '::1']) {
    const a = await sockets.bindUdp({ address, port: 0 });
    const b = await sockets.bindUdp({ address, port: 0 });
    if (!a.ok || !b.ok) {
      if (address === '::1') {
        t.diagnostic('no IPv6 loopback here');
        continue;
      }
      assert.fail('bind failed');
    }
    const got: Array<{ text: string; port: number }> = [];
    const all = new Promise<void>((resolve) => {
      b.data.onMessage((data, from) => {
        got.push({ text: data.toString(), port: from.port });
        if (got.length === 3) resolve();
      });
    });
    // Sent synchronously one after the other: the synchronous lookup must keep the order.
    for (const text of ['one', 'two', 'three']) a.data.send(Buffer.from(text), b.data.local);
    await Promise.race([all, new Promise((_, reject) => setTimeout(() => reject(new Error(`only ${got.length} of 3 datagrams arrived`)), 3000))]);
    assert.deepEqual(got, ['one', 'two', 'three'].map((text) => ({ text, port: a.data.local.port })));
    a.data.close();
    b.data.close();
  }
});

test('UDP send to a host name still resolves it (localhost)', async () => {
  const sockets = createNodeSocketFactory();
  const a = await sockets.bindUdp({ address: '127.0.0.1', port: 0 });
  const b = await sockets.bindUdp({ address: '127.0.0.1', port: 0 });
  assert.ok(a.ok && b.ok);
  const arrived = new Promise<string>((resolve) => b.data.onMessage((data) => resolve(data.toString())));
  a.data.send(Buffer.from('by name'), { address: 'localhost', port: b.data.local.port });
  const text = await Promise.race([arrived, new Promise<string>((_, reject) => setTimeout(() => reject(new Error('nothing arrived')), 3000))]);
  assert.equal(text, 'by name');
  a.data.close();
  b.data.close();
});
