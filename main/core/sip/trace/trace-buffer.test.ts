import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createTraceBuffer } from './trace-buffer';

const reg = (n: number): string => `REGISTER sip:h SIP/2.0\r\nCall-ID: call-${n}\r\nCSeq: ${n} REGISTER\r\nAuthorization: Digest username="alice", response="secret"\r\nContent-Length: 0\r\n\r\n`;
const record = (n: number) => ({ direction: 'sent' as const, transport: 'udp' as const, local: { address: '127.0.0.1', port: 40000 }, peer: { address: '127.0.0.1', port: 5060 }, text: reg(n) });

test('keeps the newest messages up to its capacity, with their metadata', () => {
  let t = 1000;
  const trace = createTraceBuffer(3, () => t++, (s) => s);
  for (let n = 1; n <= 5; n++) trace.add('alice@h', record(n));
  const entries = trace.entries();
  assert.deepEqual(entries.map((e) => e.callId), ['call-3', 'call-4', 'call-5']);
  assert.equal(entries[0]?.summary, 'REGISTER sip:h SIP/2.0');
  assert.equal(entries[0]?.method, 'REGISTER');
  assert.deepEqual(trace.entries(4).map((e) => e.id), [5]);
});

test('messages are redacted before they are stored and exported', () => {
  const trace = createTraceBuffer(10, () => 0, (s) => s.replace(/response="[^"]*"/, 'response="…"'));
  trace.add('alice@h', record(1));
  assert.doesNotMatch(JSON.stringify(trace.entries()), /secret/);
  const text = trace.exportText();
  assert.match(text, /SENT UDP 127\.0\.0\.1:40000 -> 127\.0\.0\.1:5060 \(alice@h\)\nREGISTER sip:h SIP\/2\.0\n/);
  assert.doesNotMatch(text, /secret/);
});
