import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DTMF_DIGITS } from './dtmf-digits';
import { buildDtmfBody, buildDtmfRelayBody, parseDtmfBody, parseDtmfRelayBody } from './dtmf-info';

test('application/dtmf-relay body: exact bytes, and a round trip for every key', () => {
  assert.equal(buildDtmfRelayBody('5', 160), 'Signal=5\r\nDuration=160\r\n');
  assert.equal(buildDtmfRelayBody('#', 99.6), 'Signal=#\r\nDuration=100\r\n');
  for (const digit of DTMF_DIGITS) {
    assert.deepEqual(parseDtmfRelayBody(buildDtmfRelayBody(digit, 250)), { ok: true, digit, durationMs: 250 });
  }
});

test('application/dtmf-relay parsing is liberal in layout', () => {
  assert.deepEqual(parseDtmfRelayBody('signal= #\nduration = 250\n'), { ok: true, digit: '#', durationMs: 250 });
  assert.deepEqual(parseDtmfRelayBody('Signal=a\r\n'), { ok: true, digit: 'A' });
  assert.deepEqual(parseDtmfRelayBody('Signal=11\r\nDuration=100\r\n'), { ok: true, digit: '#', durationMs: 100 });
  assert.deepEqual(parseDtmfRelayBody('Signal=10'), { ok: true, digit: '*' });
  assert.deepEqual(parseDtmfRelayBody('Foo=bar\r\nSignal=7\r\nDuration=junk\r\n'), { ok: true, digit: '7' });
});

test('application/dtmf-relay failures are typed', () => {
  const none = parseDtmfRelayBody('Duration=100\r\n');
  assert.equal(none.ok, false);
  if (!none.ok) assert.equal(none.reason, 'no-signal');
  for (const body of ['Signal=X', 'Signal=', 'Signal=16', 'Signal=!']) {
    const r = parseDtmfRelayBody(body);
    assert.equal(r.ok, false, body);
    if (!r.ok) assert.equal(r.reason, 'bad-signal');
  }
  assert.equal(parseDtmfRelayBody('').ok, false);
});

test('application/dtmf: the key or its event code', () => {
  assert.equal(buildDtmfBody('9'), '9');
  for (const digit of DTMF_DIGITS) assert.deepEqual(parseDtmfBody(buildDtmfBody(digit)), { ok: true, digit });
  assert.deepEqual(parseDtmfBody(' 10 \r\n'), { ok: true, digit: '*' });
  assert.deepEqual(parseDtmfBody('15'), { ok: true, digit: 'D' });
  const empty = parseDtmfBody('  ');
  assert.equal(empty.ok, false);
  if (!empty.ok) assert.equal(empty.reason, 'no-signal');
  const bad = parseDtmfBody('Z');
  assert.equal(bad.ok, false);
  if (!bad.ok) assert.equal(bad.reason, 'bad-signal');
});
