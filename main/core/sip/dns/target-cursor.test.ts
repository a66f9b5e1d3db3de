import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createTargetCursor } from './target-cursor';
import type { ResolvedTarget } from './types';

const target = (address: string, port = 5060): ResolvedTarget => ({
  transport: 'udp', host: 'sip.example.com', domain: 'example.com', address, family: 4, port, priority: 0, weight: 0, source: 'srv',
});

test('next() walks the targets once, then stays undefined', () => {
  const list = [target('192.0.2.1'), target('192.0.2.2')];
  const cursor = createTargetCursor(list);
  const current = (): string | undefined => cursor.current?.address; // a function, so assertions do not narrow the getter
  assert.equal(current(), undefined);
  assert.equal(cursor.remaining, 2);
  assert.equal(cursor.next()?.address, '192.0.2.1');
  list.length = 0; // the cursor holds its own copy
  assert.equal(current(), '192.0.2.1');
  assert.equal(cursor.remaining, 1);
  assert.equal(cursor.next()?.address, '192.0.2.2'); // after a timeout or a 503
  assert.equal(cursor.next(), undefined);
  assert.equal(cursor.next(), undefined);
  assert.equal(current(), undefined);
  assert.equal(cursor.remaining, 0);
});
