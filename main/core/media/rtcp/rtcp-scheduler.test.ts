import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RtcpScheduler, rtcpIntervalMs } from './rtcp-scheduler';

test('the interval is 5 s × U[0.5, 1.5]', () => {
  assert.equal(rtcpIntervalMs(() => 0), 2500);
  assert.equal(rtcpIntervalMs(() => 0.5), 5000);
  assert.ok(Math.abs(rtcpIntervalMs(() => 0.999999) - 7500) < 0.01);
  assert.equal(rtcpIntervalMs(() => Number.NaN), 5000);
  assert.equal(rtcpIntervalMs(() => 7), 7500);
});

test('the first report comes after half the interval, then one per interval from each send', () => {
  const values = [0.5, 0.5, 0];
  const s = new RtcpScheduler({ random: () => values.shift() ?? 0.5 });
  assert.equal(s.nextReportAt, undefined);
  assert.equal(s.due(1_000_000), false);
  assert.equal(s.start(1000), 1000 + 2500);
  assert.equal(s.due(3499), false);
  assert.equal(s.due(3500), true);
  assert.equal(s.sent(3600), 3600 + 5000);
  assert.equal(s.sent(8600), 8600 + 2500);
  assert.equal(s.nextReportAt, 11_100);
});

test('over many reports the mean interval is 5 s and every interval stays within 2.5-7.5 s', () => {
  let seed = 1;
  const random = (): number => {
    seed = (seed * 16807) % 2147483647;
    return (seed - 1) / 2147483646;
  };
  const s = new RtcpScheduler({ random });
  let now = s.start(0);
  let total = 0;
  for (let i = 0; i < 10_000; i++) {
    const next = s.sent(now);
    const gap = next - now;
    assert.ok(gap >= 2500 && gap <= 7500, `gap ${gap}`);
    total += gap;
    now = next;
  }
  assert.ok(Math.abs(total / 10_000 - 5000) < 50);
});
