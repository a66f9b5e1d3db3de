import assert from 'node:assert/strict';
import { test } from 'node:test';
import { guessIndex, rolloverCounterOf } from './packet-index';

test('guessIndex follows RFC 3711 Appendix A around the wrap', () => {
  // In the middle of ROC 0: plain SEQ.
  assert.equal(guessIndex(1000, 990), 1000);
  assert.equal(guessIndex(980, 990), 980);
  // s_l near the top: a small SEQ is after the wrap (ROC + 1).
  assert.equal(guessIndex(3, 65530), 65536 + 3);
  // Highest already wrapped (ROC 1, s_l small): a big SEQ is late from ROC 0.
  assert.equal(guessIndex(65533, 65536 + 2), 65533);
  assert.equal(guessIndex(5, 65536 + 2), 65536 + 5);
  // Boundaries of the half-space rule.
  assert.equal(guessIndex(32768 + 10, 10), 32768 + 10); // SEQ - s_l = 32768: not > 2^15, same ROC
  assert.equal(guessIndex(32768 + 11, 65536 + 10), 32768 + 11); // SEQ - s_l = 32769 > 2^15: ROC - 1
  assert.equal(guessIndex(0, 32768), 0); // s_l - 2^15 = 0 is not > SEQ 0
  assert.equal(guessIndex(0, 32769), 65536); // s_l - 2^15 = 1 > 0: ROC + 1
  // ROC 0 and a SEQ far above s_l: a "ROC - 1" packet, negative index, mapped to ROC 2^32 - 1.
  const before = guessIndex(60000, 100);
  assert.ok(before < 0);
  assert.equal(rolloverCounterOf(before), 0xffffffff);
  assert.equal(rolloverCounterOf(5 * 65536 + 7), 5);
});
