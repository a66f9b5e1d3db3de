import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  DEFAULT_R0,
  delayImpairment,
  effectiveEquipmentImpairment,
  estimateCallQuality,
  lossPercentFromFraction,
  mosFromR,
  oneWayDelayMs,
} from './call-quality';
import { codecImpairment, G711_WITH_PLC, G711_WITHOUT_PLC, OPUS_NARROWBAND } from './codec-impairment';

const close = (actual: number, expected: number, tolerance: number, what: string): void =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: ${actual} is not ${expected} ± ${tolerance}`);

test('G.107 reference point: default parameters give R = 93.2 and MOS ≈ 4.41', () => {
  const q = estimateCallQuality({ oneWayDelayMs: 0, packetLossPercent: 0, codec: G711_WITH_PLC });
  assert.equal(q.rFactor, DEFAULT_R0);
  close(q.mos, 4.41, 0.005, 'MOS(93.2)');
  close(mosFromR(93.2), 1 + 0.035 * 93.2 + 93.2 * 33.2 * 6.8 * 7e-6, 1e-12, 'formula');
});

test('MOS(R) at hand-computed points and bounds', () => {
  close(mosFromR(50), 1 + 1.75 + 50 * -10 * 50 * 7e-6, 1e-12, 'MOS(50)'); // 2.575
  close(mosFromR(80), 1 + 2.8 + 80 * 20 * 20 * 7e-6, 1e-12, 'MOS(80)'); // 4.024
  close(mosFromR(70), 3.6, 0.01, 'MOS(70)');
  assert.equal(mosFromR(0), 1);
  assert.equal(mosFromR(-20), 1);
  assert.equal(mosFromR(5), 1, 'the cubic dips under 1 here; clamped');
  assert.equal(mosFromR(100), 4.5);
  assert.equal(mosFromR(120), 4.5);
  assert.equal(mosFromR(Number.NaN), 1);
});

test('Ie,eff for G.711 at 1% random loss, with and without PLC (G.107 formula, G.113 Bpl)', () => {
  close(effectiveEquipmentImpairment(G711_WITH_PLC, 1), 95 / 26.1, 1e-9, 'with PLC'); // 3.64
  close(effectiveEquipmentImpairment(G711_WITHOUT_PLC, 1), 95 / 5.3, 1e-9, 'without PLC'); // 17.92
  close(estimateCallQuality({ oneWayDelayMs: 0, packetLossPercent: 1, codec: G711_WITH_PLC }).rFactor, 93.2 - 95 / 26.1, 1e-9, 'R');
  // Bursty loss hurts more than random loss at the same rate.
  assert.ok(effectiveEquipmentImpairment(G711_WITH_PLC, 5, 2) > effectiveEquipmentImpairment(G711_WITH_PLC, 5, 1));
  assert.equal(effectiveEquipmentImpairment(OPUS_NARROWBAND, 0), OPUS_NARROWBAND.ie);
});

test('delay impairment: 0.024·d below 177.3 ms, steeper above', () => {
  close(delayImpairment(100), 2.4, 1e-9, 'Id(100)');
  close(delayImpairment(200), 4.8 + 0.11 * 22.7, 1e-9, 'Id(200)');
  close(delayImpairment(400), 9.6 + 0.11 * 222.7, 1e-9, 'Id(400)');
  assert.equal(delayImpairment(-5), 0);
  assert.equal(delayImpairment(Number.NaN), 0);
});

test('MOS falls monotonically as loss grows, for every codec', () => {
  for (const codec of [codecImpairment('pcmu'), codecImpairment('pcma', { plc: false }), codecImpairment('g722'), codecImpairment('opus')]) {
    let previous = Number.POSITIVE_INFINITY;
    let previousR = Number.POSITIVE_INFINITY;
    for (let loss = 0; loss <= 30; loss += 0.5) {
      const q = estimateCallQuality({ oneWayDelayMs: 80, packetLossPercent: loss, codec });
      assert.ok(q.rFactor < previousR, `R at ${loss}% loss did not fall`);
      assert.ok(q.mos <= previous, `MOS rose at ${loss}% loss`);
      if (q.rFactor > 10) assert.ok(q.mos < previous, `MOS flat at ${loss}% loss`);
      previous = q.mos;
      previousR = q.rFactor;
    }
  }
});

test('MOS falls monotonically as delay grows', () => {
  let previous = Number.POSITIVE_INFINITY;
  for (let delay = 0; delay <= 600; delay += 10) {
    const q = estimateCallQuality({ oneWayDelayMs: delay, packetLossPercent: 1, codec: G711_WITH_PLC });
    assert.ok(q.mos < previous, `MOS did not fall at ${delay} ms`);
    previous = q.mos;
  }
  // A typical good call: 80 ms, 0.5% loss, G.711 with PLC → "good" (MOS > 4).
  assert.ok(estimateCallQuality({ oneWayDelayMs: 80, packetLossPercent: 0.5, codec: G711_WITH_PLC }).mos > 4);
  // A bad one: 400 ms and 10% loss → under 3.
  assert.ok(estimateCallQuality({ oneWayDelayMs: 400, packetLossPercent: 10, codec: G711_WITH_PLC }).mos < 3);
});

test('codec constants: G.711/G.722 from G.113 (with the PLC flag), Opus from the published NB values', () => {
  assert.deepEqual(codecImpairment('pcmu'), { ie: 0, bpl: 25.1 });
  assert.deepEqual(codecImpairment('pcma', { plc: false }), { ie: 0, bpl: 4.3 });
  assert.deepEqual(codecImpairment('g722'), { ie: 0, bpl: 25.1 });
  assert.deepEqual(codecImpairment('opus', { plc: false }), { ie: 2.03, bpl: 15.95 });
});

test('inputs are sanitised instead of throwing', () => {
  const q = estimateCallQuality({ oneWayDelayMs: Number.NaN, packetLossPercent: 250, burstRatio: -3, codec: G711_WITH_PLC });
  assert.ok(Number.isFinite(q.rFactor) && Number.isFinite(q.mos));
  assert.ok(q.rFactor >= 0 && q.rFactor <= 100 && q.mos >= 1 && q.mos <= 4.5);
  assert.equal(estimateCallQuality({ oneWayDelayMs: 5000, packetLossPercent: 100, codec: G711_WITHOUT_PLC }).mos, 1);
});

test('one-way delay and loss helpers', () => {
  assert.equal(oneWayDelayMs({ rttMs: 100, jitterBufferMs: 40, packetizationMs: 20, algorithmicDelayMs: 6.5 }), 116.5);
  assert.equal(oneWayDelayMs({}), 0);
  assert.equal(oneWayDelayMs({ rttMs: -10, jitterBufferMs: Number.NaN }), 0);
  assert.equal(lossPercentFromFraction(64), 25);
  assert.equal(lossPercentFromFraction(0), 0);
  assert.equal(lossPercentFromFraction(999), (255 / 256) * 100);
});
