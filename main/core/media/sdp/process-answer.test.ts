import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createOffer, type LocalOffer } from './create-offer';
import type { LocalMediaCapabilities } from './local-capabilities';
import type { ActiveAudioSession, NegotiatedSession } from './negotiated-session';
import { processAnswer } from './process-answer';
import type { SdpError } from './sdp-result';

const sdp = (...lines: string[]): string => `${lines.join('\r\n')}\r\n`;
const K80 = 'AwrI3QuZbv6XeB3EFq3KNc8nd7328LhpNHqmqdAY';
const K32 = 'Oau9QOOfxaDYe52GBqAveLopOMcl3lvgB1gbwAl9';
const LOCAL: LocalMediaCapabilities = { address: '192.0.2.10', rtpPort: 40000, codecs: ['opus', 'g722', 'pcmu', 'pcma'], srtp: 'off' };
const KEYS = [
  { suite: 'AES_CM_128_HMAC_SHA1_80', key: K80 },
  { suite: 'AES_CM_128_HMAC_SHA1_32', key: K32 },
] as const;

function offer(local: LocalMediaCapabilities = LOCAL): LocalOffer {
  const result = createOffer(local, { sessionId: '42', sessionVersion: 1 });
  assert.ok(result.ok, result.ok ? '' : result.error.message);
  return result.data;
}

function negotiated(o: LocalOffer, answer: string): NegotiatedSession {
  const result = processAnswer(o, answer);
  assert.ok(result.ok, result.ok ? '' : `${result.error.kind}: ${result.error.message}`);
  return result.data;
}

function active(o: LocalOffer, answer: string): ActiveAudioSession {
  const s = negotiated(o, answer);
  assert.ok(!s.disabled, 'expected an active stream');
  return s;
}

function failure(o: LocalOffer, answer: string): SdpError {
  const result = processAnswer(o, answer);
  assert.ok(!result.ok, 'expected a failure');
  return result.error;
}

// ---- Answers to our offer, as these user agents usually write them ----------

/** Asterisk 18 (allow=g722,ulaw): one codec and telephone-event, ptime and maxptime. */
const ASTERISK_ANSWER = sdp(
  'v=0',
  'o=- 1702384300 1702384300 IN IP4 203.0.113.10',
  's=Asterisk',
  'c=IN IP4 203.0.113.10',
  't=0 0',
  'm=audio 17436 RTP/AVP 9 101',
  'a=rtpmap:9 G722/8000',
  'a=rtpmap:101 telephone-event/8000',
  'a=fmtp:101 0-16',
  'a=ptime:20',
  'a=maxptime:150',
  'a=sendrecv',
);

/** baresip 1.0.0: every common codec in its own order (libre answers with all matches). */
const BARESIP_ANSWER = sdp(
  'v=0',
  'o=- 1467563306 1956289574 IN IP4 192.168.1.20',
  's=-',
  'c=IN IP4 192.168.1.20',
  't=0 0',
  'm=audio 10880 RTP/AVP 111 9 0 8 101',
  'b=AS:102',
  'a=rtpmap:111 opus/48000/2',
  'a=fmtp:111 stereo=1;sprop-stereo=1',
  'a=rtpmap:9 G722/8000',
  'a=rtpmap:0 PCMU/8000',
  'a=rtpmap:8 PCMA/8000',
  'a=rtpmap:101 telephone-event/8000',
  'a=fmtp:101 0-15',
  'a=sendrecv',
  'a=label:1',
  'a=rtcp-rsize',
  'a=ptime:20',
);

/** FreeSWITCH 1.10 with mandatory SRTP: RTP/SAVP, Opus, tag 1, a=rtcp with address. */
const FREESWITCH_SRTP_ANSWER = sdp(
  'v=0',
  'o=FreeSWITCH 1702372000 1702372001 IN IP4 198.51.100.7',
  's=FreeSWITCH',
  'c=IN IP4 198.51.100.7',
  't=0 0',
  'm=audio 24600 RTP/SAVP 111 110',
  'a=rtpmap:111 opus/48000/2',
  'a=fmtp:111 useinbandfec=1; maxaveragebitrate=30000; maxplaybackrate=48000; ptime=20; minptime=10; maxptime=40',
  'a=rtpmap:110 telephone-event/48000',
  'a=fmtp:110 0-16',
  'a=ptime:20',
  'a=sendrecv',
  'a=rtcp:24601 IN IP4 198.51.100.7',
  'a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:g8lLd3ph7OR0BHirSXjiLS41Eba1bkoqx5n0RnEh',
);

/** Linphone 5.1 over IPv6 answering best-effort SRTP with the 32-bit suite. */
const LINPHONE_IPV6_ANSWER = sdp(
  'v=0',
  'o=bob 3141 927 IN IP6 2001:db8:0:1::30',
  's=Talk',
  'c=IN IP6 2001:db8:0:1::30',
  't=0 0',
  'm=audio 7078 RTP/AVP 111 101',
  'a=rtpmap:111 opus/48000/2',
  'a=fmtp:111 useinbandfec=1',
  'a=rtpmap:101 telephone-event/8000',
  'a=crypto:2 AES_CM_128_HMAC_SHA1_32 inline:Ikqfa4dFMXKGva3l3r/dRaZ/CmyJdIQzkZ1oSkvd',
  'a=rtcp:7079',
  'a=rtcp-fb:* trr-int 1000',
);

// ---- tests -----------------------------------------------------------------

test('Asterisk answer: G.722 under PT 9, telephone-event/8000, RTCP at port + 1', () => {
  const s = active(offer(), ASTERISK_ANSWER);
  assert.equal(s.role, 'offerer');
  assert.deepEqual(s.remoteRtp, { family: 'IP4', address: '203.0.113.10', port: 17436 });
  assert.deepEqual(s.remoteRtcp, { family: 'IP4', address: '203.0.113.10', port: 17437 });
  assert.deepEqual(s.sendCodec, { name: 'g722', encodingName: 'G722', payloadType: 9, clockRate: 8000, channels: 1, fmtp: {} });
  assert.deepEqual(s.receiveCodecs.map((c) => `${c.name}:${c.payloadType}`), ['g722:9']);
  assert.deepEqual(s.telephoneEvent, { payloadType: 101, clockRate: 8000, events: '0-16' });
  assert.deepEqual(s.receiveTelephoneEvents, [{ payloadType: 101, clockRate: 8000, events: '0-16' }]);
  assert.deepEqual([s.direction, s.send, s.receive, s.ptime, s.srtp, s.profile], ['sendrecv', true, true, 20, undefined, 'RTP/AVP']);
});

test('baresip answer with several codecs: the answer\'s first is sent, all common ones may be received', () => {
  const s = active(offer({ ...LOCAL, codecs: ['pcmu', 'opus', 'pcma'] }), BARESIP_ANSWER);
  assert.equal(s.sendCodec.name, 'opus');
  assert.deepEqual(s.sendCodec.fmtp, { stereo: '1', 'sprop-stereo': '1' });
  // Receive codecs keep our offer's order and payload types; G.722 was not offered.
  assert.deepEqual(s.receiveCodecs.map((c) => `${c.name}:${c.payloadType}`), ['pcmu:0', 'opus:111', 'pcma:8']);
  assert.deepEqual(s.receiveCodecs[1]?.fmtp, { useinbandfec: '1', minptime: '10' });
  // Only telephone-event/8000 answered: used even with Opus; the 48 kHz entry is not received.
  assert.deepEqual(s.telephoneEvent, { payloadType: 101, clockRate: 8000, events: '0-15' });
  assert.deepEqual(s.receiveTelephoneEvents.map((e) => e.payloadType), [101]);
});

test('FreeSWITCH SRTP answer: the tag picks our key, theirs is taken, RTCP from a=rtcp', () => {
  const o = offer({ ...LOCAL, srtp: 'required', sdesKeys: KEYS });
  const s = active(o, FREESWITCH_SRTP_ANSWER);
  assert.equal(s.profile, 'RTP/SAVP');
  assert.deepEqual(s.srtp, { suite: 'AES_CM_128_HMAC_SHA1_80', tag: 1, localKey: K80, remoteKey: 'g8lLd3ph7OR0BHirSXjiLS41Eba1bkoqx5n0RnEh' });
  assert.deepEqual(s.remoteRtcp, { family: 'IP4', address: '198.51.100.7', port: 24601 });
  assert.deepEqual(s.telephoneEvent, { payloadType: 110, clockRate: 48000, events: '0-16' });
  assert.equal(s.sendCodec.fmtp.maxaveragebitrate, '30000');
});

test('Linphone IPv6 answer to best-effort SRTP: tag 2 = the 32-bit suite and our second key', () => {
  const s = active(offer({ ...LOCAL, srtp: 'optional', sdesKeys: KEYS }), LINPHONE_IPV6_ANSWER);
  assert.deepEqual(s.remoteRtp, { family: 'IP6', address: '2001:db8:0:1::30', port: 7078 });
  assert.deepEqual(s.remoteRtcp, { family: 'IP6', address: '2001:db8:0:1::30', port: 7079 });
  assert.deepEqual(s.srtp, { suite: 'AES_CM_128_HMAC_SHA1_32', tag: 2, localKey: K32, remoteKey: 'Ikqfa4dFMXKGva3l3r/dRaZ/CmyJdIQzkZ1oSkvd' });
  assert.equal(s.profile, 'RTP/AVP');
  // A plain answer to the same best-effort offer is plain RTP.
  assert.equal(active(offer({ ...LOCAL, srtp: 'optional', sdesKeys: KEYS }), ASTERISK_ANSWER).srtp, undefined);
});

test('SRTP failures: plain answer to a required offer, crypto matching nothing we offered, SAVP while off', () => {
  const required = offer({ ...LOCAL, srtp: 'required', sdesKeys: KEYS });
  assert.equal(failure(required, ASTERISK_ANSWER).kind, 'srtp-required-locally');
  const wrongTag = FREESWITCH_SRTP_ANSWER.replace('a=crypto:1 AES_CM_128_HMAC_SHA1_80', 'a=crypto:2 AES_CM_128_HMAC_SHA1_80');
  assert.equal(failure(required, wrongTag).kind, 'no-acceptable-crypto');
  const onlyKeys80 = offer({ ...LOCAL, srtp: 'optional', sdesKeys: [{ suite: 'AES_CM_128_HMAC_SHA1_80', key: K80 }] });
  assert.equal(failure(onlyKeys80, LINPHONE_IPV6_ANSWER).kind, 'no-acceptable-crypto');
  assert.equal(failure(offer(), FREESWITCH_SRTP_ANSWER).kind, 'srtp-refused-locally');
  const savpWithoutCrypto = FREESWITCH_SRTP_ANSWER.replace(/a=crypto:.*\r\n/, '');
  assert.equal(failure(offer({ ...LOCAL, srtp: 'optional', sdesKeys: KEYS }), savpWithoutCrypto).kind, 'no-acceptable-crypto');
});

test('the peer rejects audio with port 0: a disabled session, not a failure', () => {
  const rejected = sdp('v=0', 'o=- 9 9 IN IP4 203.0.113.10', 's=Asterisk', 'c=IN IP4 203.0.113.10', 't=0 0', 'm=audio 0 RTP/AVP 111');
  assert.deepEqual(negotiated(offer(), rejected), {
    disabled: true,
    role: 'offerer',
    mediaIndex: 0,
    remoteOrigin: { username: '-', sessionId: '9', version: '9', address: '203.0.113.10' },
  });
});

test('answers that do not fit the offer are refused', () => {
  const two = ASTERISK_ANSWER + 'm=video 0 RTP/AVP 96\r\n';
  assert.equal(failure(offer(), two).kind, 'offer-answer-mismatch');
  assert.equal(failure(offer(), ASTERISK_ANSWER.replace('m=audio', 'm=video')).kind, 'offer-answer-mismatch');
  const g729 = ASTERISK_ANSWER.replace('m=audio 17436 RTP/AVP 9 101', 'm=audio 17436 RTP/AVP 18 101');
  const codec = failure(offer(), g729);
  assert.equal(codec.kind, 'no-common-codec');
  assert.deepEqual(codec.offeredCodecs, ['G729']);
  // G.722 answered although we offered only PCMA.
  assert.equal(failure(offer({ ...LOCAL, codecs: ['pcma'] }), ASTERISK_ANSWER).kind, 'no-common-codec');
  assert.equal(failure(offer(), ASTERISK_ANSWER.replace('RTP/AVP', 'RTP/AVPF')).kind, 'unsupported-transport');
  assert.equal(failure(offer(), 'SIP/2.0 200 OK').kind, 'malformed');
  assert.equal(failure(offer(), ASTERISK_ANSWER.replace('c=IN IP4 203.0.113.10\r\n', '')).kind, 'malformed');
});

test('directions: our hold stays a hold whatever the answer says; their hold and c=0.0.0.0 stop our sending', () => {
  const holding = offer({ ...LOCAL, direction: 'sendonly' });
  assert.match(holding.sdp, /a=sendonly/);
  const recvonly = active(holding, ASTERISK_ANSWER.replace('a=sendrecv', 'a=recvonly'));
  assert.deepEqual([recvonly.direction, recvonly.send, recvonly.receive], ['sendonly', true, false]);
  // A non-compliant sendrecv answer to our sendonly cannot make us receive.
  assert.equal(active(holding, ASTERISK_ANSWER).direction, 'sendonly');
  const inactive = active(offer(), ASTERISK_ANSWER.replace('a=sendrecv', 'a=inactive'));
  assert.deepEqual([inactive.direction, inactive.remoteHold], ['inactive', { onHold: true, method: 'inactive' }]);
  const zero = active(offer(), ASTERISK_ANSWER.replace('c=IN IP4 203.0.113.10', 'c=IN IP4 0.0.0.0'));
  assert.deepEqual([zero.direction, zero.send, zero.receive, zero.remoteHold.method], ['recvonly', false, true, 'connection-zero']);
});

test('ptime of the answer within its maxptime', () => {
  const s = active(offer(), ASTERISK_ANSWER.replace('a=ptime:20', 'a=ptime:30'));
  assert.equal(s.ptime, 30);
  const capped = active(offer(), ASTERISK_ANSWER.replace('a=ptime:20', 'a=ptime:60').replace('a=maxptime:150', 'a=maxptime:20'));
  assert.equal(capped.ptime, 20);
});

test('no telephone-event offered: none negotiated even if the answer lists one', () => {
  const s = active(offer({ ...LOCAL, telephoneEvent: false }), ASTERISK_ANSWER);
  assert.equal(s.telephoneEvent, undefined);
  assert.deepEqual(s.receiveTelephoneEvents, []);
});
