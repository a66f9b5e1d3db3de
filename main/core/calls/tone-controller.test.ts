import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AppEvent, CallView } from '../../common/ipc/contract';
import type { MediaEngine } from '../media/engine';
import { startToneController } from './tone-controller';

function harness() {
  const played: string[] = [];
  const stopped: string[] = [];
  const engine = {
    playTone(tone: unknown, where: string) {
      const name = `${String(tone)}@${where}`;
      played.push(name);
      return () => stopped.push(name);
    },
  } as unknown as MediaEngine;
  let listener: ((e: AppEvent) => void) | undefined;
  const stop = startToneController((l) => ((listener = l), () => (listener = undefined)), engine);
  let seq = 0;
  const update = (c: Partial<CallView> & Pick<CallView, 'callId' | 'state' | 'direction'>): void =>
    listener?.({ event: 'call.updated', seq: ++seq, data: { accountId: 'a', remoteUri: 'sip:x@h', srtp: false, remoteHold: false, muted: false, startedAt: 0, ...c } });
  const ended = (callId: string): void => listener?.({ event: 'call.ended', seq: ++seq, data: { callId, endedBy: 'remote' } });
  return { played, stopped, update, ended, stop };
}

test('ringback while an outgoing call rings (180), silence for early media (183) and once answered', () => {
  const h = harness();
  h.update({ callId: 'o', direction: 'outgoing', state: 'dialing' });
  assert.deepEqual(h.played, []);
  h.update({ callId: 'o', direction: 'outgoing', state: 'ringing' });
  h.update({ callId: 'o', direction: 'outgoing', state: 'ringing' });
  assert.deepEqual(h.played, ['ringback@calls'], 'started once');
  h.update({ callId: 'o', direction: 'outgoing', state: 'early' });
  assert.deepEqual(h.stopped, ['ringback@calls'], 'the far end\'s early media replaces our ringback');
  h.update({ callId: 'o', direction: 'outgoing', state: 'active' });
  assert.equal(h.played.length, 1);
});

test('an incoming call rings on the ringer, a second one while talking only beeps, and both stop', () => {
  const h = harness();
  h.update({ callId: 'i1', direction: 'incoming', state: 'ringing' });
  assert.deepEqual(h.played, ['ringtone@ringer']);
  h.update({ callId: 'i1', direction: 'incoming', state: 'active' });
  assert.deepEqual(h.stopped, ['ringtone@ringer']);
  h.update({ callId: 'i2', direction: 'incoming', state: 'ringing' });
  assert.deepEqual(h.played, ['ringtone@ringer', 'call-waiting@calls']);
  h.ended('i2');
  assert.deepEqual(h.stopped, ['ringtone@ringer', 'call-waiting@calls']);
  h.update({ callId: 'i3', direction: 'incoming', state: 'ringing' });
  h.stop();
  assert.equal(h.stopped.at(-1), 'call-waiting@calls', 'stopping the controller silences what rings');
});

test('an ignored (silenced) incoming call stops ringing and does not start again while it keeps ringing', () => {
  const h = harness();
  h.update({ callId: 'i', direction: 'incoming', state: 'ringing' });
  h.update({ callId: 'i', direction: 'incoming', state: 'ringing', silenced: true });
  assert.deepEqual(h.stopped, ['ringtone@ringer']);
  h.update({ callId: 'i', direction: 'incoming', state: 'ringing', silenced: true });
  assert.deepEqual(h.played, ['ringtone@ringer'], 'not restarted');
  h.update({ callId: 'j', direction: 'incoming', state: 'ringing' });
  assert.deepEqual(h.played, ['ringtone@ringer', 'ringtone@ringer'], 'another call still rings');
});
