import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseAudioDebug } from './jitter-baresip';

// What baresip 1.0.0 (Debian, libre 1.1.0) printed for `audio_debug` during a bench call, trimmed.
const SAMPLE = [
  '',
  '--- Audio stream ---',
  ' tx:   encode: PCMU 8000Hz/1ch ptime=20ms S16LE',
  '       aubuf: wish_sz=1920 cur_sz=0 filling=0 (cur 0.00ms, max 600.00ms, or 0, ur 0)',
  '       source: aufile,/tmp/t.wav S16LE',
  ' rx:   decode: PCMU 8000Hz/1ch S16LE',
  '       aubuf: wish_sz=320 cur_sz=1600 filling=0 (cur 100.00ms, max 160.00ms, or 15, ur 2)',
  '       player: pulse,labsink S16LE',
  '       n_discard:0',
  '--- jitter buffer debug---',
  ' running=1 min=5 cur=6 max=10 [frames]',
  ' seq_put=221',
  '',
].join('\n');

test('reads the receive side: the rx aubuf (not the tx one) and the jitter buffer fill', () => {
  assert.deepEqual(parseAudioDebug(SAMPLE), { jbufFrames: 6, aubufMs: 100, overruns: 15, underruns: 2 });
});

test('no call or no jitter buffer: undefined, not zeros', () => {
  assert.equal(parseAudioDebug(''), undefined);
  assert.equal(parseAudioDebug(SAMPLE.replace(/--- jitter buffer debug---[\s\S]*/, '')), undefined);
});
