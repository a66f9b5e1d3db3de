import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decideAsUac, decideAsUas, expiryDelayMs, parseMinSe, parseSessionExpires, SessionTimer, type TimerFunctions } from './session-timer';

const policy = { minSeconds: 90, preferredSeconds: 1800 };

test('parseSessionExpires / parseMinSe: delta-seconds with an optional refresher; junk is undefined', () => {
  assert.deepEqual(parseSessionExpires('1800'), { seconds: 1800 });
  assert.deepEqual(parseSessionExpires(' 600 ; refresher=UAS'), { seconds: 600, refresher: 'uas' });
  assert.deepEqual(parseSessionExpires('90;x=1;refresher=uac'), { seconds: 90, refresher: 'uac' });
  for (const bad of [undefined, '', 'abc', '0', '-5', '12abc']) assert.equal(parseSessionExpires(bad), undefined, String(bad));
  assert.equal(parseMinSe('120;foo'), 120);
  assert.equal(parseMinSe('x'), undefined);
});

test('decideAsUas follows RFC 4028 §9', () => {
  assert.deepEqual(decideAsUas({ sessionExpires: undefined, minSe: undefined, supported: ['timer'] }, policy), { kind: 'none' });
  assert.deepEqual(decideAsUas({ sessionExpires: '60', minSe: '30', supported: ['timer'] }, policy), { kind: 'tooSmall', minSeconds: 90 });
  assert.deepEqual(decideAsUas({ sessionExpires: '60', minSe: '120', supported: [] }, policy), { kind: 'tooSmall', minSeconds: 120 });
  assert.deepEqual(decideAsUas({ sessionExpires: '1800', minSe: undefined, supported: ['100rel, timer'] }, policy), { kind: 'timer', seconds: 1800, refresher: 'uac', headers: ['Session-Expires: 1800;refresher=uac', 'Require: timer'] });
  assert.deepEqual(decideAsUas({ sessionExpires: '1800;refresher=uas', minSe: undefined, supported: ['timer'] }, policy), { kind: 'timer', seconds: 1800, refresher: 'uas', headers: ['Session-Expires: 1800;refresher=uas', 'Require: timer'] });
  // A proxy asked for a UAC that does not support timers: we refresh, and no Require.
  assert.deepEqual(decideAsUas({ sessionExpires: '1800;refresher=uac', minSe: undefined, supported: ['replaces'] }, policy), { kind: 'timer', seconds: 1800, refresher: 'uas', headers: ['Session-Expires: 1800;refresher=uas'] });
});

test('decideAsUac: the 2xx decides; without refresher the UAC refreshes', () => {
  assert.equal(decideAsUac({ sessionExpires: undefined }), undefined);
  assert.deepEqual(decideAsUac({ sessionExpires: '900;refresher=uas' }), { seconds: 900, refresher: 'uas' });
  assert.deepEqual(decideAsUac({ sessionExpires: '900' }), { seconds: 900, refresher: 'uac' });
});

test('SessionTimer: the refresher fires at half the interval, the other side at interval - min(32, interval/3)', () => {
  assert.equal(expiryDelayMs(90), 60000);
  assert.equal(expiryDelayMs(1800), 1768000);
  const scheduled: Array<{ fn: () => void; ms: number; cleared: boolean }> = [];
  const timers: TimerFunctions = {
    setTimeout: (fn, ms) => {
      const t = { fn, ms, cleared: false };
      scheduled.push(t);
      return t;
    },
    clearTimeout: (h) => {
      (h as { cleared: boolean }).cleared = true;
    },
  };
  const fired: string[] = [];
  const timer = new SessionTimer({ refresh: () => fired.push('refresh'), expire: (s) => fired.push(`expire ${s}`) }, timers);
  timer.start(120, true);
  assert.equal(scheduled[0]?.ms, 60000);
  timer.start(120, false);
  assert.equal(scheduled[0]?.cleared, true, 'a restart clears the old timer');
  assert.equal(scheduled[1]?.ms, 88000);
  scheduled[1]?.fn();
  assert.deepEqual(fired, ['expire 120']);
  timer.stop();
  assert.equal(timer.state, undefined);
});
