import assert from 'node:assert/strict';
import { test } from 'node:test';
import { callFailure, redirectTargets } from './sip-call';

test('callFailure: every final status a caller meets has its code; status and phrase stay in the message', () => {
  const table: Array<[number | undefined, boolean, string]> = [
    [404, false, 'SIP_NOT_FOUND'],
    [480, false, 'CALL_UNAVAILABLE'],
    [486, false, 'SIP_BUSY'],
    [600, false, 'SIP_BUSY'],
    [603, false, 'CALL_DECLINED'],
    [408, false, 'CALL_NO_ANSWER'],
    [408, true, 'SIP_TIMEOUT'],
    [undefined, true, 'SIP_TIMEOUT'],
    [487, false, 'CALL_CANCELLED'],
    [488, false, 'CALL_MEDIA_MISMATCH'],
    [606, false, 'CALL_MEDIA_MISMATCH'],
    [500, false, 'CALL_SERVER_ERROR'],
    [502, false, 'CALL_SERVER_ERROR'],
    [503, false, 'CALL_SERVER_ERROR'],
    [407, false, 'SIP_AUTH_FAILED'],
    [403, false, 'SIP_FORBIDDEN'],
    [415, false, 'SIP_REJECTED'],
  ];
  for (const [status, synthetic, code] of table) {
    const r = callFailure(status, 'Phrase', synthetic, 'sip:bob@example.com');
    assert.equal(r.code, code, `${status} synthetic=${synthetic}`);
    if (status !== undefined && !synthetic) assert.match(r.message, new RegExp(`${status} Phrase`));
  }
});

test('redirectTargets: all Contacts, highest q first, non-SIP ones skipped', () => {
  assert.deepEqual(redirectTargets(['<sip:a@h>;q=0.2, "B, x" <sip:b@h;transport=tcp>;q=0.9', 'sip:c@h;q=0.5', '<tel:+1555>', '<mailto:x@y>']), ['sip:b@h;transport=tcp', 'sip:c@h', 'sip:a@h']);
  assert.deepEqual(redirectTargets([]), []);
  assert.deepEqual(redirectTargets(['<sips:d@h:5061>']), ['sips:d@h:5061']);
});
