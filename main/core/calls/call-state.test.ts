import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CallMachine, CallState } from './call-state';

test('outgoing and incoming paths are legal; ended is final', () => {
  const refused: string[] = [];
  const out = new CallMachine(CallState.Dialing, (f, t) => refused.push(`${f}->${t}`));
  for (const s of [CallState.Early, CallState.Active, CallState.Held, CallState.Active, CallState.Ended]) assert.equal(out.transition(s), true, s);
  const inc = new CallMachine(CallState.Ringing, (f, t) => refused.push(`${f}->${t}`));
  assert.equal(inc.transition(CallState.Active), true);
  assert.equal(inc.transition(CallState.Ended), true);
  assert.equal(inc.transition(CallState.Active), false);
  assert.deepEqual(refused, ['ended->active']);
});

test('a call cannot be held before it is answered, nor go back to dialing', () => {
  const refused: string[] = [];
  const m = new CallMachine(CallState.Ringing, (f, t) => refused.push(`${f}->${t}`));
  assert.equal(m.transition(CallState.Held), false);
  assert.equal(m.transition(CallState.Dialing), false);
  assert.equal(m.state, CallState.Ringing);
  assert.deepEqual(refused, ['ringing->held', 'ringing->dialing']);
});
