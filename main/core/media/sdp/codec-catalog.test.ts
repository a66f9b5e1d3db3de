import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatLabel, identifyFormat, isVoiceFormat, parseFmtpParameters } from './codec-catalog';

test('static payload types are recognised without an rtpmap, unknown ones are named', () => {
  assert.deepEqual(identifyFormat(0, undefined, undefined), { kind: 'codec', codec: 'pcmu', payloadType: 0, clockRate: 8000, channels: 1, fmtp: {} });
  assert.deepEqual(identifyFormat(8, undefined, 'x=1'), { kind: 'codec', codec: 'pcma', payloadType: 8, clockRate: 8000, channels: 1, fmtp: { x: '1' } });
  const g722 = identifyFormat(9, undefined, undefined);
  assert.equal(g722.kind === 'codec' ? `${g722.codec}/${g722.clockRate}` : g722.kind, 'g722/8000');
  assert.equal(formatLabel(identifyFormat(18, undefined, undefined)), 'G729');
  assert.equal(formatLabel(identifyFormat(3, undefined, undefined)), 'GSM');
  assert.equal(formatLabel(identifyFormat(96, undefined, undefined)), 'PT 96');
});

test('dynamic payload types are recognised by rtpmap, case-insensitively, with the RFC clock rules', () => {
  const opus = identifyFormat(96, { encodingName: 'OPUS', clockRate: 48000, channels: 2 }, 'useinbandfec=1; stereo=1');
  assert.deepEqual(opus, { kind: 'codec', codec: 'opus', payloadType: 96, clockRate: 48000, channels: 2, fmtp: { useinbandfec: '1', stereo: '1' } });
  // A missing channel count is tolerated; opus/48000/1 and opus/16000 are not opus as RFC 7587 defines it.
  assert.equal(identifyFormat(97, { encodingName: 'opus', clockRate: 48000, channels: undefined }, undefined).kind, 'codec');
  assert.equal(identifyFormat(97, { encodingName: 'opus', clockRate: 48000, channels: 1 }, undefined).kind, 'unknown');
  assert.equal(identifyFormat(97, { encodingName: 'opus', clockRate: 16000, channels: 2 }, undefined).kind, 'unknown');
  // G.722 written with its sampling rate by some UAs: still G.722 at RTP clock 8000.
  const g722 = identifyFormat(9, { encodingName: 'G722', clockRate: 16000, channels: undefined }, undefined);
  assert.equal(g722.kind === 'codec' ? g722.clockRate : 0, 8000);
  // PCMU under a dynamic number is PCMU; PCMU at 16000 is not.
  assert.equal(identifyFormat(100, { encodingName: 'pcmu', clockRate: 8000, channels: undefined }, undefined).kind, 'codec');
  assert.equal(identifyFormat(100, { encodingName: 'PCMU', clockRate: 16000, channels: undefined }, undefined).kind, 'unknown');
  // An rtpmap on a static number overrides the static meaning.
  assert.equal(formatLabel(identifyFormat(0, { encodingName: 'speex', clockRate: 16000, channels: undefined }, undefined)), 'speex/16000');
});

test('telephone-event is recognised at 8000 and 48000 Hz with its event list', () => {
  assert.deepEqual(identifyFormat(101, { encodingName: 'telephone-event', clockRate: 8000, channels: undefined }, '0-16'), {
    kind: 'telephone-event',
    payloadType: 101,
    clockRate: 8000,
    events: '0-16',
  });
  const noFmtp = identifyFormat(110, { encodingName: 'Telephone-Event', clockRate: 48000, channels: undefined }, undefined);
  assert.deepEqual(noFmtp, { kind: 'telephone-event', payloadType: 110, clockRate: 48000, events: '0-15' });
  assert.equal(formatLabel(identifyFormat(99, { encodingName: 'telephone-event', clockRate: 16000, channels: undefined }, '0-15')), 'telephone-event/16000');
});

test('fmtp parameters: FreeSWITCH spacing, lower-case keys, flags without value', () => {
  assert.deepEqual(parseFmtpParameters('useinbandfec=1; maxaveragebitrate=30000; maxplaybackrate=48000; ptime=20; minptime=10; maxptime=40'), {
    useinbandfec: '1',
    maxaveragebitrate: '30000',
    maxplaybackrate: '48000',
    ptime: '20',
    minptime: '10',
    maxptime: '40',
  });
  assert.deepEqual(parseFmtpParameters('Stereo=1;;annexb ; =x'), { stereo: '1', annexb: '' });
});

test('voice codecs are told apart from events, comfort noise and redundancy (for 488 messages)', () => {
  assert.equal(isVoiceFormat(identifyFormat(13, undefined, undefined)), false);
  assert.equal(isVoiceFormat(identifyFormat(13, { encodingName: 'CN', clockRate: 8000, channels: undefined }, undefined)), false);
  assert.equal(isVoiceFormat(identifyFormat(99, { encodingName: 'telephone-event', clockRate: 16000, channels: undefined }, undefined)), false);
  assert.equal(isVoiceFormat(identifyFormat(101, { encodingName: 'telephone-event', clockRate: 8000, channels: undefined }, undefined)), false);
  assert.equal(isVoiceFormat(identifyFormat(18, undefined, undefined)), true);
  assert.equal(isVoiceFormat(identifyFormat(0, undefined, undefined)), true);
});
