/** The echo test's status line in Settings > Audio, and the reducer keeping the processing state and echo test steps. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { echoTestLine } from '../../renderer/src/features/settings/AudioProcessingControls';
import { initialState, reduce } from '../../renderer/src/store/reducer';

test('the echo test line tells the user what to do now, and what the microphone gave', () => {
  assert.equal(echoTestLine(false, undefined, undefined), undefined);
  assert.equal(echoTestLine(true, undefined, undefined), 'Starting the echo test…');
  assert.equal(echoTestLine(true, { phase: 'recording', secondsLeft: 3 }, undefined), 'Recording: speak now (3 s left)');
  assert.equal(echoTestLine(true, { phase: 'playing', secondsLeft: 1 }, undefined), 'Playing back: listen (1 s left)');
  assert.match(echoTestLine(false, { phase: 'finished', secondsLeft: 0 }, { inputDb: -120, peakDb: -120, silent: true }) ?? '', /microphone gave no sound/);
  assert.equal(echoTestLine(false, { phase: 'finished', secondsLeft: 0 }, { inputDb: -23.4, peakDb: -6.2, silent: false }), 'Done: your microphone level was -23 dB (peak -6 dB).');
});

test('the reducer keeps the last processing state and echo test step beside the snapshot', () => {
  const snapshot = { seq: 1, app: { name: 'Dialtone', version: '0', mode: 'headless' as const }, accounts: [], calls: [] };
  let s = reduce(initialState, { type: 'snapshot', snapshot });
  const view = { echoCancellation: true, noiseSuppression: false, problems: [{ processor: 'echoCancellation' as const, message: 'Echo cancellation could not start (x); calls go on without it.' }] };
  s = reduce(s, { type: 'event', event: { event: 'audio.processingChanged', seq: 2, data: view } });
  assert.deepEqual(s.audioProcessing, view);
  s = reduce(s, { type: 'event', event: { event: 'audio.echoTestProgressed', seq: 3, data: { phase: 'playing', secondsLeft: 2 } } });
  assert.deepEqual(s.echoTest, { phase: 'playing', secondsLeft: 2 });
  assert.equal(s.snapshot?.seq, 3);
});
