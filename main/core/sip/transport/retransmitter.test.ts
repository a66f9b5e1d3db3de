import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fakeClock } from '../../../../test/support/fakes';
import { createRetransmitter } from './retransmitter';

const req = (method: string, branch = 'z9hG4bK1'): string => `${method} sip:b@h SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5000;branch=${branch}\r\nCSeq: 1 ${method}\r\nContent-Length: 0\r\n\r\n`;
const res = (code: number, method: string, branch = 'z9hG4bK1'): string => `SIP/2.0 ${code} X\r\nVia: SIP/2.0/UDP 127.0.0.1;branch=${branch}\r\nCSeq: 1 ${method}\r\nContent-Length: 0\r\n\r\n`;

function setup() {
  const clock = fakeClock(0);
  const sent: number[] = [];
  const r = createRetransmitter(clock, () => sent.push(clock.monotonic()));
  return { clock, sent, r };
}

test('Timer E: non-INVITE resent at 0.5, 1.5, 3.5, 7.5, 11.5 s… and stops at the final response', () => {
  const { clock, sent, r } = setup();
  r.sent(req('REGISTER'));
  clock.advance(12000);
  assert.deepEqual(sent, [500, 1500, 3500, 7500, 11500]);
  r.received(res(200, 'REGISTER'));
  clock.advance(20000);
  assert.equal(sent.length, 5);
});

test('Timer E: a provisional response moves the interval to T2', () => {
  const { clock, sent, r } = setup();
  r.sent(req('OPTIONS'));
  clock.advance(600);
  r.received(res(100, 'OPTIONS'));
  clock.advance(9000);
  assert.deepEqual(sent, [500, 4600, 8600]);
});

test('Timer A: INVITE doubles without cap and stops at any response, gives up at 64·T1', () => {
  const { clock, sent, r } = setup();
  r.sent(req('INVITE'));
  clock.advance(40000);
  assert.deepEqual(sent, [500, 1500, 3500, 7500, 15500, 31500]);
  const second = setup();
  second.r.sent(req('INVITE'));
  second.clock.advance(600);
  second.r.received(res(100, 'INVITE'));
  second.clock.advance(10000);
  assert.equal(second.sent.length, 1);
});

test('Timer G: a non-2xx final INVITE response is resent until the ACK', () => {
  const { clock, sent, r } = setup();
  r.sent(res(486, 'INVITE'));
  r.sent(res(200, 'INVITE', 'z9hG4bKother'));
  clock.advance(4000);
  assert.deepEqual(sent, [500, 1500, 3500]);
  r.received(req('ACK'));
  clock.advance(10000);
  assert.equal(sent.length, 3);
});

test('ACKs and responses other than INVITE failures are never resent', () => {
  const { clock, sent, r } = setup();
  r.sent(req('ACK'));
  r.sent(res(200, 'REGISTER'));
  r.sent(res(404, 'OPTIONS'));
  clock.advance(40000);
  assert.deepEqual(sent, []);
});
