import assert from 'node:assert/strict';
import { test } from 'node:test';
import { requestedAutoAnswer } from './call-manager';

const call = (headers: Record<string, string>): { requestHeader(name: string): string | undefined } => ({ requestHeader: (name) => headers[name.toLowerCase()] });

test('requestedAutoAnswer: Call-Info answer-after, Alert-Info intercom/auto-answer, else nothing', () => {
  assert.equal(requestedAutoAnswer(call({ 'call-info': '<sip:pbx>;answer-after=3' })), 3);
  assert.equal(requestedAutoAnswer(call({ 'call-info': '<sip:pbx>; Answer-After = 0' })), 0);
  assert.equal(requestedAutoAnswer(call({ 'call-info': '<sip:pbx>;answer-after=999' })), 60, 'capped');
  assert.equal(requestedAutoAnswer(call({ 'alert-info': '<http://x/>;info=alert-autoanswer' })), 0);
  assert.equal(requestedAutoAnswer(call({ 'alert-info': '<http://x/intercom>' })), 0);
  assert.equal(requestedAutoAnswer(call({ 'alert-info': 'Auto Answer' })), undefined);
  assert.equal(requestedAutoAnswer(call({ 'alert-info': '<http://x/ring2>', 'call-info': '<http://x/photo.jpg>;purpose=icon' })), undefined);
  assert.equal(requestedAutoAnswer(call({})), undefined);
});
