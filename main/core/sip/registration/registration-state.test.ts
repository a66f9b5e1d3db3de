import assert from 'node:assert/strict';
import { test } from 'node:test';
import { canTransition, RegistrationMachine, RegState } from './registration-state';

test('the happy path and the background-retry path are legal', () => {
  const refused: string[] = [];
  const m = new RegistrationMachine((from, to) => refused.push(`${from}->${to}`));
  for (const to of [RegState.Registering, RegState.Registered, RegState.Failed, RegState.Registered, RegState.Registering, RegState.Registered, RegState.Unregistered]) {
    assert.equal(m.transition(to), true, `to ${to}`);
  }
  assert.deepEqual(refused, []);
});

test('illegal moves are refused, reported and not applied; staying put is no move', () => {
  const refused: string[] = [];
  const m = new RegistrationMachine((from, to) => refused.push(`${from}->${to}`));
  assert.equal(m.transition(RegState.Registered), false);
  assert.equal(m.transition(RegState.Failed), false);
  assert.equal(m.state, RegState.Unregistered);
  assert.deepEqual(refused, ['unregistered->registered', 'unregistered->failed']);
  assert.equal(m.transition(RegState.Unregistered), false);
  assert.equal(refused.length, 2);
  assert.equal(canTransition(RegState.Unregistered, RegState.Registering), true);
});
