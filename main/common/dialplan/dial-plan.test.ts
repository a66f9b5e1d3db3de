import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyDialPlan, DialPlanSchema, type DialPlanInput } from './dial-plan';

const uk: DialPlanInput = { region: 'GB' };
const pbx: DialPlanInput = { region: 'GB', rules: [{ prefix: '9', strip: 1 }, { prefix: '00', strip: 2, prepend: '+' }] };
const us: DialPlanInput = { region: 'US', rules: [{ prefix: '1', strip: 0, prepend: '+' }] };

test('applyDialPlan: table', () => {
  const table: Array<[typed: string, plan: DialPlanInput | undefined, want: string]> = [
    ['sip:bob@example.com', uk, 'sip:bob@example.com'],
    ['bob@example.com', uk, 'bob@example.com'],
    ['bob', uk, 'bob'],
    ['alice.smith', undefined, 'alice.smith'],
    ['201', undefined, '201'],
    ['201', uk, '201'],
    ['020 7946 0958', uk, '+442079460958'],
    ['(020) 7946-0958', uk, '+442079460958'],
    ['020 7946 0958', { region: 'GB', e164: false }, '02079460958'],
    ['020 7946 0958', undefined, '02079460958'],
    ['+44 20 7946 0958', undefined, '+442079460958'],
    ['+44 20 7946 0958', { e164: false }, '+442079460958'],
    ['9 020 7946 0958', pbx, '+442079460958'],
    ['0033 1 23 45 67 89', pbx, '+33123456789'],
    ['*72', uk, '*72'],
    ['#31#0207', uk, '#31#0207'],
    ['14155550100', us, '+14155550100'],
    ['415 555 0100', { region: 'US' }, '+14155550100'],
    ['  5551234  ', undefined, '5551234'],
  ];
  for (const [typed, plan, want] of table) {
    const r = applyDialPlan(typed, plan);
    assert.ok(r.ok, `${typed}: ${JSON.stringify(r)}`);
    assert.equal(r.data, want, typed);
  }
});

test('applyDialPlan: bad input is INVALID_ARGS with the reason', () => {
  const table: Array<[typed: string, plan: DialPlanInput | undefined, pattern: RegExp]> = [
    ['', undefined, /Enter a number/],
    ['   ', undefined, /Enter a number/],
    ['12a 34', undefined, /not a number, a name or a SIP address/],
    ['bob smith', undefined, /not a number, a name or a SIP address/],
    ['1+2', undefined, /\+ that is not at the start/],
    ['+999 1', undefined, /not a possible international number/],
    ['+44 1', undefined, /not a possible international number/],
    ['()-', undefined, /no digits/],
    ['9', { rules: [{ prefix: '9', strip: 1 }] }, /leaves nothing/],
  ];
  for (const [typed, plan, pattern] of table) {
    const r = applyDialPlan(typed, plan);
    assert.equal(r.ok, false, typed);
    if (!r.ok) {
      assert.equal(r.error.code, 'INVALID_ARGS', typed);
      assert.match(r.error.message, pattern, typed);
    }
  }
});

test('DialPlanSchema: regions and rules are validated', () => {
  assert.equal(DialPlanSchema.safeParse({ region: 'GB' }).success, true);
  assert.equal(DialPlanSchema.safeParse({ region: 'gb' }).success, false);
  assert.equal(DialPlanSchema.safeParse({ region: 'XX' }).success, false);
  assert.equal(DialPlanSchema.safeParse({ rules: [{ prefix: 'ab' }] }).success, false);
  assert.equal(DialPlanSchema.safeParse({ rules: [{ prefix: '9', strip: 99 }] }).success, false);
  assert.deepEqual(DialPlanSchema.parse({ rules: [{ prefix: '9' }] }).rules, [{ prefix: '9', strip: 0, prepend: '' }]);
  const bad = applyDialPlan('123', { region: 'XX' });
  assert.equal(bad.ok, false);
  assert.equal(!bad.ok && bad.error.code, 'INVALID_CONFIG');
});
