import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createStderrLogger, redactFields } from './stderr-logger';

test('fields named like secrets and digest responses are masked', () => {
  const out = redactFields({ password: 'hunter2', authToken: 't', header: 'Digest username="a", nonce="abc", response="deadbeef"', n: 3 });
  assert.equal(out['password'], '[redacted]');
  assert.equal(out['authToken'], '[redacted]');
  assert.equal(out['header'], 'Digest username="a", nonce="[redacted]", response="[redacted]"');
  assert.equal(out['n'], 3);
});

test('lines carry level and scope, and respect the minimum level', () => {
  const lines: string[] = [];
  const log = createStderrLogger({ write: (t: string) => lines.push(t) }, 'info').child('sip');
  log.debug('hidden');
  log.warn('shown', { password: 'x' });
  assert.equal(lines.length, 1);
  assert.match(lines[0] ?? '', /WARN \[dialtone\.sip\] shown \{"password":"\[redacted\]"\}\n$/);
});
