import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isKnownSource, sourceFilter } from './known-source';
import type { ResolvedTarget } from './types';

const targets: ResolvedTarget[] = [
  { transport: 'udp', host: 'a.example.com', domain: 'example.com', address: '192.0.2.1', family: 4, port: 5060, priority: 0, weight: 0, source: 'srv' },
  { transport: 'udp', host: 'a.example.com', domain: 'example.com', address: '2001:db8::1', family: 6, port: 5062, priority: 0, weight: 0, source: 'srv' },
];

test('a source matches by address and port, in any spelling of the address', () => {
  const accept = sourceFilter(targets);
  assert.equal(accept({ address: '192.0.2.1', port: 5060 }), true);
  assert.equal(accept({ address: '::ffff:192.0.2.1', port: 5060 }), true);
  assert.equal(accept({ address: '2001:0DB8:0:0::1', port: 5062 }), true);
  assert.equal(accept({ address: '[2001:db8::1]', port: 5062 }), true);
  assert.equal(accept({ address: '192.0.2.1', port: 5062 }), false);
  assert.equal(accept({ address: '192.0.2.99', port: 5060 }), false);
  assert.equal(accept({ address: 'not an address', port: 5060 }), false);
});

test('anyPort accepts a known address from any port', () => {
  assert.equal(isKnownSource(targets, { address: '192.0.2.1', port: 40000 }), false);
  assert.equal(isKnownSource(targets, { address: '192.0.2.1', port: 40000 }, { anyPort: true }), true);
  assert.equal(isKnownSource([], { address: '192.0.2.1', port: 5060 }, { anyPort: true }), false);
});
