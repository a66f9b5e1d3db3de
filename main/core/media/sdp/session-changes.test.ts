import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ActiveAudioSession, DisabledAudioSession } from './negotiated-session';
import { compareSessions, type SessionChanges } from './session-changes';

const BASE: ActiveAudioSession = {
  disabled: false,
  role: 'answerer',
  mediaIndex: 0,
  profile: 'RTP/SAVP',
  remoteRtp: { family: 'IP4', address: '203.0.113.10', port: 17412 },
  remoteRtcp: { family: 'IP4', address: '203.0.113.10', port: 17413 },
  sendCodec: { name: 'opus', encodingName: 'opus', payloadType: 96, clockRate: 48000, channels: 2, fmtp: { useinbandfec: '1' } },
  receiveCodecs: [{ name: 'opus', encodingName: 'opus', payloadType: 96, clockRate: 48000, channels: 2, fmtp: { useinbandfec: '1', minptime: '10' } }],
  telephoneEvent: { payloadType: 101, clockRate: 48000, events: '0-16' },
  receiveTelephoneEvents: [{ payloadType: 101, clockRate: 48000, events: '0-16' }],
  ptime: 20,
  direction: 'sendrecv',
  send: true,
  receive: true,
  remoteHold: { onHold: false, method: undefined },
  srtp: { suite: 'AES_CM_128_HMAC_SHA1_80', tag: 1, localKey: 'AwrI3QuZbv6XeB3EFq3KNc8nd7328LhpNHqmqdAY', remoteKey: 'Oau9QOOfxaDYe52GBqAveLopOMcl3lvgB1gbwAl9' },
  remoteOrigin: { username: '-', sessionId: '1', version: '1', address: '203.0.113.10' },
};

const DISABLED: DisabledAudioSession = { disabled: true, role: 'answerer', mediaIndex: 0, remoteOrigin: undefined };

/** The names of the aspects that changed. */
function changed(c: SessionChanges): string[] {
  return (['remoteAddress', 'codec', 'telephoneEvent', 'ptime', 'direction', 'srtp'] as const).filter((k) => c[k]);
}

test('an identical re-offer (session refresh, new o= version only) changes nothing', () => {
  const refresh = { ...BASE, remoteOrigin: { username: '-', sessionId: '1', version: '2', address: '203.0.113.10' }, role: 'offerer' as const };
  const c = compareSessions(BASE, refresh);
  assert.equal(c.changed, false);
  assert.equal(c.stream, 'unchanged');
  assert.deepEqual(changed(c), []);
  // Same fmtp in another key order is the same.
  const reordered = { ...BASE, sendCodec: { ...BASE.sendCodec, fmtp: { useinbandfec: '1' } } };
  assert.equal(compareSessions(BASE, reordered).changed, false);
});

test('each aspect is reported alone', () => {
  const cases: readonly [Partial<ActiveAudioSession>, string][] = [
    [{ remoteRtp: { ...BASE.remoteRtp, port: 17500 } }, 'remoteAddress'],
    [{ remoteRtcp: { ...BASE.remoteRtcp, address: '203.0.113.11' } }, 'remoteAddress'],
    [{ sendCodec: { ...BASE.sendCodec, payloadType: 111 } }, 'codec'],
    [{ sendCodec: { ...BASE.sendCodec, fmtp: { useinbandfec: '0' } } }, 'codec'],
    [{ sendCodec: { ...BASE.sendCodec, fmtp: { useinbandfec: '1', stereo: '1' } } }, 'codec'],
    [{ receiveCodecs: [] }, 'codec'],
    [{ telephoneEvent: undefined }, 'telephoneEvent'],
    [{ receiveTelephoneEvents: [{ payloadType: 100, clockRate: 8000, events: '0-16' }] }, 'telephoneEvent'],
    [{ ptime: 40 }, 'ptime'],
    [{ direction: 'recvonly', send: false, remoteHold: { onHold: true, method: 'sendonly' } }, 'direction'],
    [{ remoteHold: { onHold: true, method: 'connection-zero' } }, 'direction'],
    [{ srtp: undefined }, 'srtp'],
    [{ srtp: { ...BASE.srtp!, remoteKey: 'iKfMPqEFhu7Q1tpxephWd2xo25s/WeLuLHUixqKD' } }, 'srtp'],
    [{ srtp: { ...BASE.srtp!, suite: 'AES_CM_128_HMAC_SHA1_32' } }, 'srtp'],
  ];
  for (const [patch, aspect] of cases) {
    const c = compareSessions(BASE, { ...BASE, ...patch });
    assert.equal(c.changed, true, JSON.stringify(patch));
    assert.deepEqual(changed(c), [aspect], JSON.stringify(patch));
  }
  const several = compareSessions(BASE, { ...BASE, ptime: 40, remoteRtp: { ...BASE.remoteRtp, address: '203.0.113.12' } });
  assert.deepEqual(changed(several), ['remoteAddress', 'ptime']);
});

test('starting and stopping the stream', () => {
  const all = ['remoteAddress', 'codec', 'telephoneEvent', 'ptime', 'direction', 'srtp'];
  const first = compareSessions(undefined, BASE);
  assert.deepEqual([first.stream, first.changed, changed(first)], ['started', true, all]);
  const resumed = compareSessions(DISABLED, BASE);
  assert.equal(resumed.stream, 'started');
  const stopped = compareSessions(BASE, DISABLED);
  assert.deepEqual([stopped.stream, stopped.changed], ['stopped', true]);
  const stillOff = compareSessions(DISABLED, DISABLED);
  assert.deepEqual([stillOff.stream, stillOff.changed], ['unchanged', false]);
  assert.equal(compareSessions(undefined, DISABLED).changed, false);
});
