import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TickSchedule } from './tick-schedule';

test('a late tick and the overdue ticks right after it keep their nominal times', () => {
  const s = new TickSchedule(20, 25, 200);
  for (let k = 0; k < 10; k++) assert.equal(s.tick(1000 + k * 20), 1000 + k * 20);
  // Ticks 10-13 were due at 1200-1260 but the loop was busy until 1270: they come at 1270-1273.
  const nominal = [1270, 1271, 1272, 1273].map((t) => s.tick(t));
  assert.deepEqual(nominal, [1200, 1220, 1240, 1260]);
  assert.equal(s.latenessMs, 13);
  assert.equal(s.tick(1280), 1280);
});

test('jittery ticks: the nominal time is the earliest schedule, never later than the tick', () => {
  const s = new TickSchedule(20, 25, 200);
  const jitter = [0, 3, 1, 2, 0.5, 2.5];
  for (let k = 0; k < 60; k++) {
    const now = k * 20 + (jitter[k % jitter.length] ?? 0);
    const nominal = s.tick(now);
    assert.ok(nominal <= now);
    if (k >= 1) assert.equal(nominal, k * 20);
  }
});

test('a clock that moved later for good is followed once the window has passed; a long jump at once', () => {
  const s = new TickSchedule(20, 25, 200);
  for (let k = 0; k < 30; k++) s.tick(k * 20);
  // From tick 30 on, every tick is 100 ms later than before (ticks were lost, no catch-up).
  let followedAt: number | undefined;
  for (let k = 30; k < 80; k++) {
    const now = k * 20 + 100;
    if (s.tick(now) === now && followedAt === undefined) followedAt = k;
  }
  assert.equal(followedAt, 30 + 25 - 1);
  // A 2 s jump moves the schedule on the first tick.
  assert.equal(s.tick(80 * 20 + 100 + 2000), 80 * 20 + 100 + 2000);
});

test('a clock faster than ours lowers the schedule at once', () => {
  const s = new TickSchedule(20, 25, 200);
  for (let k = 0; k < 100; k++) {
    const now = k * 19.99;
    assert.equal(s.tick(now), now);
  }
});
