import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fakeClock } from './fakes';

test('the fake clock fires due timers in order and skips cleared ones', () => {
  const clock = fakeClock(0);
  const fired: string[] = [];
  clock.setTimeout(() => fired.push('b'), 200);
  const a = clock.setTimeout(() => fired.push('never'), 50);
  clock.setTimeout(() => fired.push('a'), 100);
  clock.clearTimeout(a);
  clock.advance(150);
  assert.deepEqual(fired, ['a']);
  assert.equal(clock.now(), 150);
  clock.advance(100);
  assert.deepEqual(fired, ['a', 'b']);
});
