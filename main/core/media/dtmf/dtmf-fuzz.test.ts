import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DtmfDetector } from './dtmf-detector';
import { parseDtmfBody, parseDtmfRelayBody } from './dtmf-info';
import { parseTelephoneEvent } from './telephone-event';
import { seededRandom as prng } from '../../../common/seeded-random';


test('fuzz: telephone-event parsing and the detector never throw on random payloads', () => {
  const rand = prng(0xd7f);
  const detector = new DtmfDetector();
  for (let i = 0; i < 30_000; i++) {
    const payload = Uint8Array.from({ length: Math.floor(rand() * 8) }, () => Math.floor(rand() * 256));
    // Mostly digit events so the detector's paths are exercised; timestamps from a small set to force collisions.
    if (payload.length > 0 && rand() < 0.8) payload[0] = Math.floor(rand() * 16);
    const timestamp = Math.floor(rand() * 40) * 800;
    assert.doesNotThrow(() => parseTelephoneEvent(payload));
    const now = i * 7;
    for (const d of [...detector.receive({ timestamp, payload }, now), ...detector.poll(now)]) {
      assert.ok(d.duration >= 0 && d.duration <= 0xffff && Number.isFinite(d.durationMs));
    }
  }
});

test('fuzz: INFO body parsers never throw on random text', () => {
  const rand = prng(0x1ef0);
  const alphabet = 'Signal=Duration0123456789*#ABCDabcd \r\n=\t!\u00e9\u0000';
  for (let i = 0; i < 20_000; i++) {
    const body = Array.from({ length: Math.floor(rand() * 60) }, () => alphabet[Math.floor(rand() * alphabet.length)] ?? '').join('');
    const a = parseDtmfRelayBody(body);
    const b = parseDtmfBody(body);
    assert.equal(typeof a.ok, 'boolean');
    assert.equal(typeof b.ok, 'boolean');
  }
});
