import assert from 'node:assert/strict';
import { test } from 'node:test';
import { answerOffer, type LocalAnswer } from './answer-offer';
import type { LocalMediaCapabilities } from './local-capabilities';
import type { ActiveAudioSession } from './negotiated-session';
import type { SdpError } from './sdp-result';

const sdp = (...lines: string[]): string => `${lines.join('\r\n')}\r\n`;
const ORIGIN = { sessionId: '2890844526', sessionVersion: 1 };
const OUR_KEY = 'J9suulOLKt+tQK4tIUcsBE74CIO/yLRkw7Dgplzd';
const OUR_KEY_32 = 'shmEHYEN8KuTVAvQk46FvDrSy03Fer9jPgl85+fM';
const LOCAL: LocalMediaCapabilities = { address: '192.0.2.10', rtpPort: 40000, codecs: ['opus', 'g722', 'pcmu', 'pcma'], srtp: 'off' };
const SRTP_LOCAL: LocalMediaCapabilities = {
  ...LOCAL,
  srtp: 'optional',
  sdesKeys: [
    { suite: 'AES_CM_128_HMAC_SHA1_80', key: OUR_KEY },
    { suite: 'AES_CM_128_HMAC_SHA1_32', key: OUR_KEY_32 },
  ],
};

// ---- Offers as these user agents usually write them -------------------------

/** baresip 1.0.0, default audio modules (opus, g722, g711), no SRTP. */
const BARESIP_OFFER = sdp(
  'v=0',
  'o=- 1956289574 1467563306 IN IP4 192.168.1.20',
  's=-',
  'c=IN IP4 192.168.1.20',
  't=0 0',
  'a=tool:baresip 1.0.0',
  'm=audio 10880 RTP/AVP 96 9 0 8 101',
  'b=AS:102',
  'a=rtpmap:96 opus/48000/2',
  'a=fmtp:96 stereo=1;sprop-stereo=1',
  'a=rtpmap:9 G722/8000',
  'a=rtpmap:0 PCMU/8000',
  'a=rtpmap:8 PCMA/8000',
  'a=rtpmap:101 telephone-event/8000',
  'a=fmtp:101 0-15',
  'a=sendrecv',
  'a=label:1',
  'a=ssrc:1350836437 cname:sip:alice@example.com',
  'a=rtcp-rsize',
  'a=ptime:20',
);

/** baresip 1.0.0 with `mediaenc srtp-mand`: RTP/SAVP, GCM and AES-256 suites first. */
const BARESIP_SRTP_MAND_OFFER = sdp(
  'v=0',
  'o=- 2034412351 1780021394 IN IP4 192.168.1.20',
  's=-',
  'c=IN IP4 192.168.1.20',
  't=0 0',
  'm=audio 10884 RTP/SAVP 96 0 8 101',
  'a=rtpmap:96 opus/48000/2',
  'a=fmtp:96 stereo=1;sprop-stereo=1',
  'a=rtpmap:0 PCMU/8000',
  'a=rtpmap:8 PCMA/8000',
  'a=rtpmap:101 telephone-event/8000',
  'a=fmtp:101 0-15',
  'a=sendrecv',
  'a=crypto:1 AEAD_AES_256_GCM inline:oXrv3fRGgptMLF+h6fgsTsxQ37DmBCpWhdZI2sxYx7gK12glfn3TqDC/qwE=',
  'a=crypto:2 AEAD_AES_128_GCM inline:ZWewOUrDhxTGzkbd4nhDbjKvIzwbEyETW69WfA==',
  'a=crypto:3 AES_256_CM_HMAC_SHA1_80 inline:8kZMnsx9TzEnb/+ScIru+h79bg+OymehOhBVWv7ELQktRkIWZ7oLpJB4rbtHwg==',
  'a=crypto:4 AES_CM_128_HMAC_SHA1_32 inline:AmFORTLWu98Nalx0hvd/d7JnLlA6tHBL+CyNtqxh',
  'a=crypto:5 AES_CM_128_HMAC_SHA1_80 inline:g8lLd3ph7OR0BHirSXjiLS41Eba1bkoqx5n0RnEh',
  'a=ptime:20',
);

/** Linphone 5.1 desktop: audio with speex/G.729/telephone-event per clock rate, and video. */
const LINPHONE_OFFER = sdp(
  'v=0',
  'o=alice 2043 1632 IN IP4 192.168.1.30',
  's=Talk',
  'c=IN IP4 192.168.1.30',
  't=0 0',
  'a=rtcp-xr:rcvr-rtt=all:10000 stat-summary=loss,dup,jitt,TTL voip-metrics',
  'a=record:off',
  'm=audio 7078 RTP/AVP 96 97 98 0 8 18 101 99 100',
  'a=rtpmap:96 opus/48000/2',
  'a=fmtp:96 useinbandfec=1',
  'a=rtpmap:97 speex/16000',
  'a=fmtp:97 vbr=on',
  'a=rtpmap:98 speex/8000',
  'a=fmtp:98 vbr=on',
  'a=fmtp:18 annexb=yes',
  'a=rtpmap:101 telephone-event/48000',
  'a=rtpmap:99 telephone-event/16000',
  'a=rtpmap:100 telephone-event/8000',
  'a=rtcp:7079',
  'a=rtcp-fb:* trr-int 1000',
  'a=rtcp-fb:* ccm tmmbr',
  'm=video 9078 RTP/AVP 96 97',
  'a=rtpmap:96 VP8/90000',
  'a=rtpmap:97 H264/90000',
  'a=fmtp:97 profile-level-id=42801F',
  'a=rtcp:9079',
  'a=rtcp-fb:* trr-int 1000',
  'a=rtcp-fb:* ccm tmmbr',
  'a=rtcp-fb:96 nack pli',
  'a=rtcp-fb:97 nack pli',
);

/** Linphone 5.1 over IPv6 with mandatory SRTP (AES-256 suites listed too). */
const LINPHONE_IPV6_SRTP_OFFER = sdp(
  'v=0',
  'o=bob 3141 926 IN IP6 2001:db8:0:1::30',
  's=Talk',
  'c=IN IP6 2001:db8:0:1::30',
  't=0 0',
  'm=audio 7078 RTP/SAVP 96 0 8 101 100',
  'a=rtpmap:96 opus/48000/2',
  'a=fmtp:96 useinbandfec=1',
  'a=rtpmap:101 telephone-event/48000',
  'a=rtpmap:100 telephone-event/8000',
  'a=crypto:1 AES_256_CM_HMAC_SHA1_80 inline:9ZdEj2c7376l1gEREenO/ZX3+Nc3XmdLmxxkV4m4WX+PlrD7FmCDZiwSXmkAiQ==',
  'a=crypto:2 AES_CM_128_HMAC_SHA1_32 inline:Ikqfa4dFMXKGva3l3r/dRaZ/CmyJdIQzkZ1oSkvd',
  'a=crypto:3 AES_CM_128_HMAC_SHA1_80 inline:JSJJsP86tUXzh1/6BC6tzKiJTUc/zsVdzW5O3WyG',
  'a=rtcp:7079',
  'a=rtcp-fb:* trr-int 1000',
);

/** Asterisk 18 (chan_pjsip), allow=ulaw,alaw,g722,opus. */
const ASTERISK_OFFER = sdp(
  'v=0',
  'o=- 1702384212 1702384214 IN IP4 203.0.113.10',
  's=Asterisk',
  'c=IN IP4 203.0.113.10',
  't=0 0',
  'm=audio 17412 RTP/AVP 0 8 9 111 101',
  'a=rtpmap:0 PCMU/8000',
  'a=rtpmap:8 PCMA/8000',
  'a=rtpmap:9 G722/8000',
  'a=rtpmap:111 opus/48000/2',
  'a=fmtp:111 useinbandfec=1',
  'a=rtpmap:101 telephone-event/8000',
  'a=fmtp:101 0-16',
  'a=ptime:20',
  'a=maxptime:150',
  'a=sendrecv',
);

/** Asterisk 18 with media_encryption=sdes: RTP/SAVP, one crypto line. */
const ASTERISK_SDES_OFFER = sdp(
  'v=0',
  'o=- 1702390001 1702390001 IN IP4 203.0.113.10',
  's=Asterisk',
  'c=IN IP4 203.0.113.10',
  't=0 0',
  'm=audio 17520 RTP/SAVP 8 101',
  'a=rtpmap:8 PCMA/8000',
  'a=rtpmap:101 telephone-event/8000',
  'a=fmtp:101 0-16',
  'a=ptime:20',
  'a=maxptime:150',
  'a=sendrecv',
  'a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:dPdbZgyQc697QDC+l0p830MiktWQ9AQZjgjfbuAR',
);

/** Asterisk re-INVITE putting us on hold (moh_passthrough): a=sendonly. */
const ASTERISK_HOLD_REINVITE = sdp(
  'v=0',
  'o=- 1702384212 1702384215 IN IP4 203.0.113.10',
  's=Asterisk',
  'c=IN IP4 203.0.113.10',
  't=0 0',
  'm=audio 17412 RTP/AVP 0 101',
  'a=rtpmap:0 PCMU/8000',
  'a=rtpmap:101 telephone-event/8000',
  'a=fmtp:101 0-16',
  'a=ptime:20',
  'a=maxptime:150',
  'a=sendonly',
);

/** FreeSWITCH 1.10: Opus fmtp with spaces, CN, a=rtcp with address, a video m-line. */
const FREESWITCH_OFFER = sdp(
  'v=0',
  'o=FreeSWITCH 1702370000 1702370001 IN IP4 198.51.100.7',
  's=FreeSWITCH',
  'c=IN IP4 198.51.100.7',
  't=0 0',
  'm=audio 24560 RTP/AVP 102 9 0 8 101 13',
  'a=rtpmap:102 opus/48000/2',
  'a=fmtp:102 useinbandfec=1; maxaveragebitrate=30000; maxplaybackrate=48000; ptime=20; minptime=10; maxptime=40',
  'a=rtpmap:9 G722/8000',
  'a=rtpmap:0 PCMU/8000',
  'a=rtpmap:8 PCMA/8000',
  'a=rtpmap:101 telephone-event/8000',
  'a=fmtp:101 0-16',
  'a=rtpmap:13 CN/8000',
  'a=ptime:20',
  'a=sendrecv',
  'a=rtcp:24561 IN IP4 198.51.100.7',
  'm=video 26124 RTP/AVP 96 103',
  'b=AS:1024',
  'a=rtpmap:96 VP8/90000',
  'a=rtpmap:103 H264/90000',
  'a=fmtp:103 profile-level-id=42e01f;packetization-mode=1',
  'a=sendrecv',
  'a=rtcp:26125 IN IP4 198.51.100.7',
);

/** FreeSWITCH with rtp_secure_media=optional: RTP/AVP with six crypto lines. */
const FREESWITCH_OPTIONAL_SRTP_OFFER = sdp(
  'v=0',
  'o=FreeSWITCH 1702371000 1702371001 IN IP4 198.51.100.7',
  's=FreeSWITCH',
  'c=IN IP4 198.51.100.7',
  't=0 0',
  'm=audio 24590 RTP/AVP 9 0 101',
  'a=rtpmap:9 G722/8000',
  'a=rtpmap:0 PCMU/8000',
  'a=rtpmap:101 telephone-event/8000',
  'a=fmtp:101 0-16',
  'a=ptime:20',
  'a=sendrecv',
  'a=crypto:1 AEAD_AES_256_GCM_8 inline:oXrv3fRGgptMLF+h6fgsTsxQ37DmBCpWhdZI2sxYx7gK12glfn3TqDC/qwE=',
  'a=crypto:2 AEAD_AES_128_GCM_8 inline:ZWewOUrDhxTGzkbd4nhDbjKvIzwbEyETW69WfA==',
  'a=crypto:3 AES_256_CM_HMAC_SHA1_80 inline:8kZMnsx9TzEnb/+ScIru+h79bg+OymehOhBVWv7ELQktRkIWZ7oLpJB4rbtHwg==',
  'a=crypto:4 AES_256_CM_HMAC_SHA1_32 inline:9ZdEj2c7376l1gEREenO/ZX3+Nc3XmdLmxxkV4m4WX+PlrD7FmCDZiwSXmkAiQ==',
  'a=crypto:5 AES_CM_128_HMAC_SHA1_80 inline:Ikqfa4dFMXKGva3l3r/dRaZ/CmyJdIQzkZ1oSkvd|2^31',
  'a=crypto:6 AES_CM_128_HMAC_SHA1_32 inline:JSJJsP86tUXzh1/6BC6tzKiJTUc/zsVdzW5O3WyG|2^31',
  'a=rtcp:24591 IN IP4 198.51.100.7',
);

/** A gateway holding the RFC 2543 way: c=0.0.0.0 at both levels, no direction attribute. */
const LEGACY_HOLD_OFFER = sdp(
  'v=0',
  'o=CiscoSystemsSIP-GW-UserAgent 9527 2045 IN IP4 198.51.100.20',
  's=SIP Call',
  'c=IN IP4 0.0.0.0',
  't=0 0',
  'm=audio 19426 RTP/AVP 0 101',
  'c=IN IP4 0.0.0.0',
  'a=rtpmap:0 PCMU/8000',
  'a=rtpmap:101 telephone-event/8000',
  'a=fmtp:101 0-15',
  'a=ptime:20',
);

/** A WebRTC gateway offering DTLS-SRTP only. */
const DTLS_OFFER = sdp(
  'v=0',
  'o=- 4611731400430051336 2 IN IP4 127.0.0.1',
  's=-',
  't=0 0',
  'a=group:BUNDLE 0',
  'm=audio 9 UDP/TLS/RTP/SAVPF 111 0 8 126',
  'c=IN IP4 0.0.0.0',
  'a=rtcp:9 IN IP4 0.0.0.0',
  'a=ice-ufrag:F7gI',
  'a=ice-pwd:x9cml/YzichV2+XlhiMu8g',
  'a=fingerprint:sha-256 49:66:12:17:0D:1C:91:AE:57:4C:C6:36:DD:D5:97:D2:7D:62:C9:9A:7F:B9:A3:F7:70:03:AF:1F:19:7E:EF:EA',
  'a=setup:actpass',
  'a=mid:0',
  'a=rtcp-mux',
  'a=rtpmap:111 opus/48000/2',
  'a=rtpmap:0 PCMU/8000',
  'a=rtpmap:8 PCMA/8000',
  'a=rtpmap:126 telephone-event/8000',
);

/** An old PBX offering only G.729 and GSM. */
const G729_ONLY_OFFER = sdp(
  'v=0',
  'o=root 31589 31589 IN IP4 198.51.100.30',
  's=session',
  'c=IN IP4 198.51.100.30',
  't=0 0',
  'm=audio 12000 RTP/AVP 18 3 101 13',
  'a=rtpmap:18 G729/8000',
  'a=fmtp:18 annexb=no',
  'a=rtpmap:3 GSM/8000',
  'a=rtpmap:101 telephone-event/8000',
  'a=fmtp:101 0-16',
  'a=rtpmap:13 CN/8000',
  'a=silenceSupp:off - - - -',
  'a=ptime:20',
  'a=sendrecv',
);

// ---- helpers ---------------------------------------------------------------

function answer(offer: string, local: LocalMediaCapabilities = LOCAL): LocalAnswer {
  const result = answerOffer(offer, local, ORIGIN);
  assert.ok(result.ok, result.ok ? '' : `${result.error.kind}: ${result.error.message}`);
  return result.data;
}

function active(a: LocalAnswer): ActiveAudioSession {
  assert.equal(a.session.disabled, false);
  assert.ok(!a.session.disabled);
  return a.session;
}

function refusal(offer: string, local: LocalMediaCapabilities = LOCAL): SdpError {
  const result = answerOffer(offer, local, ORIGIN);
  assert.ok(!result.ok, 'expected the offer to be refused');
  return result.error;
}

function mLines(text: string): string[] {
  return text.split('\r\n').filter((l) => l.startsWith('m='));
}

// ---- tests -----------------------------------------------------------------

test('Asterisk: the first codec of the offer wins (PCMU), one codec and telephone-event answered', () => {
  const a = answer(ASTERISK_OFFER);
  assert.equal(
    a.sdp,
    sdp(
      'v=0',
      'o=- 2890844526 1 IN IP4 192.0.2.10',
      's=Dialtone',
      'c=IN IP4 192.0.2.10',
      't=0 0',
      'm=audio 40000 RTP/AVP 0 101',
      'a=rtpmap:0 PCMU/8000',
      'a=rtpmap:101 telephone-event/8000',
      'a=fmtp:101 0-16',
      'a=ptime:20',
      'a=sendrecv',
    ),
  );
  const s = active(a);
  assert.deepEqual(s.remoteRtp, { family: 'IP4', address: '203.0.113.10', port: 17412 });
  assert.deepEqual(s.remoteRtcp, { family: 'IP4', address: '203.0.113.10', port: 17413 });
  assert.deepEqual(s.sendCodec, { name: 'pcmu', encodingName: 'PCMU', payloadType: 0, clockRate: 8000, channels: 1, fmtp: {} });
  assert.deepEqual(s.telephoneEvent, { payloadType: 101, clockRate: 8000, events: '0-16' });
  assert.equal(s.ptime, 20);
  assert.equal(s.role, 'answerer');
  assert.equal(s.srtp, undefined);
  assert.deepEqual([s.direction, s.send, s.receive, s.remoteHold.onHold], ['sendrecv', true, true, false]);
  assert.deepEqual(s.remoteOrigin, { username: '-', sessionId: '1702384212', version: '1702384214', address: '203.0.113.10' });
});

test('codecs the user disabled are skipped: Asterisk offer with only Opus and PCMA enabled gives PCMA', () => {
  const s = active(answer(ASTERISK_OFFER, { ...LOCAL, codecs: ['opus', 'pcma'] }));
  assert.equal(s.sendCodec.name, 'pcma');
  assert.equal(s.sendCodec.payloadType, 8);
});

test('baresip: Opus under its dynamic PT 96 is answered with 96, its fmtp is what we send with', () => {
  const a = answer(BARESIP_OFFER);
  assert.deepEqual(mLines(a.sdp), ['m=audio 40000 RTP/AVP 96 101']);
  assert.match(a.sdp, /\r\na=rtpmap:96 opus\/48000\/2\r\n/);
  assert.match(a.sdp, /\r\na=fmtp:96 useinbandfec=1;minptime=10\r\n/);
  const s = active(a);
  assert.deepEqual(s.sendCodec, { name: 'opus', encodingName: 'opus', payloadType: 96, clockRate: 48000, channels: 2, fmtp: { stereo: '1', 'sprop-stereo': '1' } });
  assert.deepEqual(s.receiveCodecs.map((c) => `${c.name}:${c.payloadType}`), ['opus:96']);
  // Only telephone-event/8000 offered: kept for Opus too (events then use the 8000 clock).
  assert.deepEqual(s.telephoneEvent, { payloadType: 101, clockRate: 8000, events: '0-15' });
  assert.deepEqual(s.receiveTelephoneEvents, [{ payloadType: 101, clockRate: 8000, events: '0-16' }]);
});

test('Linphone: Opus with telephone-event/48000 (its PT 101), video rejected with port 0 in place', () => {
  const a = answer(LINPHONE_OFFER);
  assert.deepEqual(mLines(a.sdp), ['m=audio 40000 RTP/AVP 96 101', 'm=video 0 RTP/AVP 96 97']);
  assert.match(a.sdp, /\r\na=rtpmap:101 telephone-event\/48000\r\n/);
  const s = active(a);
  assert.deepEqual(s.telephoneEvent, { payloadType: 101, clockRate: 48000, events: '0-15' });
  assert.deepEqual(s.remoteRtcp, { family: 'IP4', address: '192.168.1.30', port: 7079 });
  assert.equal(s.mediaIndex, 0);
  // With Opus disabled, PCMU is next and telephone-event/8000 (PT 100) goes with it.
  const g711 = active(answer(LINPHONE_OFFER, { ...LOCAL, codecs: ['pcma', 'pcmu'] }));
  assert.equal(g711.sendCodec.name, 'pcmu');
  assert.deepEqual(g711.telephoneEvent, { payloadType: 100, clockRate: 8000, events: '0-15' });
});

test('FreeSWITCH: Opus fmtp with spaces, a=rtcp with address, CN ignored, video rejected', () => {
  const a = answer(FREESWITCH_OFFER);
  assert.deepEqual(mLines(a.sdp), ['m=audio 40000 RTP/AVP 102 101', 'm=video 0 RTP/AVP 96 103']);
  const s = active(a);
  assert.equal(s.sendCodec.payloadType, 102);
  assert.equal(s.sendCodec.fmtp.maxaveragebitrate, '30000');
  assert.equal(s.sendCodec.fmtp.useinbandfec, '1');
  assert.deepEqual(s.remoteRtcp, { family: 'IP4', address: '198.51.100.7', port: 24561 });
});

test('FreeSWITCH best-effort SRTP (RTP/AVP + crypto): the first supported suite, its tag, our key for that suite', () => {
  const a = answer(FREESWITCH_OPTIONAL_SRTP_OFFER, SRTP_LOCAL);
  assert.deepEqual(mLines(a.sdp), ['m=audio 40000 RTP/AVP 9 101']);
  assert.match(a.sdp, new RegExp(`\r\na=crypto:5 AES_CM_128_HMAC_SHA1_80 inline:${OUR_KEY.replace(/[+/]/g, '\\$&')}\r\n`));
  assert.equal(a.sdp.match(/a=crypto/g)?.length, 1);
  const s = active(a);
  assert.equal(s.profile, 'RTP/AVP');
  assert.deepEqual(s.srtp, { suite: 'AES_CM_128_HMAC_SHA1_80', tag: 5, localKey: OUR_KEY, remoteKey: 'Ikqfa4dFMXKGva3l3r/dRaZ/CmyJdIQzkZ1oSkvd' });
  // SRTP off: the crypto lines are ignored and plain RTP is answered.
  const plain = answer(FREESWITCH_OPTIONAL_SRTP_OFFER, LOCAL);
  assert.doesNotMatch(plain.sdp, /a=crypto/);
  assert.equal(active(plain).srtp, undefined);
  // SRTP required: a usable crypto line on RTP/AVP is enough.
  assert.equal(active(answer(FREESWITCH_OPTIONAL_SRTP_OFFER, { ...SRTP_LOCAL, srtp: 'required' })).srtp?.tag, 5);
});

test('baresip srtp-mand (RTP/SAVP): GCM and AES-256 lines skipped, the 32-bit suite (first usable) taken', () => {
  const a = answer(BARESIP_SRTP_MAND_OFFER, SRTP_LOCAL);
  assert.deepEqual(mLines(a.sdp), ['m=audio 40000 RTP/SAVP 96 101']);
  assert.match(a.sdp, new RegExp(`\r\na=crypto:4 AES_CM_128_HMAC_SHA1_32 inline:${OUR_KEY_32.replace(/[+/]/g, '\\$&')}\r\n`));
  const s = active(a);
  assert.equal(s.profile, 'RTP/SAVP');
  assert.deepEqual(s.srtp, { suite: 'AES_CM_128_HMAC_SHA1_32', tag: 4, localKey: OUR_KEY_32, remoteKey: 'AmFORTLWu98Nalx0hvd/d7JnLlA6tHBL+CyNtqxh' });
  // With a key for the 80-bit suite only, that key serves the 32-bit suite too (same key format).
  const only80 = active(answer(BARESIP_SRTP_MAND_OFFER, { ...SRTP_LOCAL, sdesKeys: [{ suite: 'AES_CM_128_HMAC_SHA1_80', key: OUR_KEY }] }));
  assert.equal(only80.srtp?.localKey, OUR_KEY);
  assert.equal(only80.srtp?.suite, 'AES_CM_128_HMAC_SHA1_32');
});

test('Linphone over IPv6 with SRTP: c=IN IP6, a=rtcp, our IPv6 answer', () => {
  const a = answer(LINPHONE_IPV6_SRTP_OFFER, { ...SRTP_LOCAL, address: '2001:db8::10', srtp: 'required' });
  assert.match(a.sdp, /\r\nc=IN IP6 2001:db8::10\r\n/);
  assert.match(a.sdp, /\r\no=- 2890844526 1 IN IP6 2001:db8::10\r\n/);
  assert.deepEqual(mLines(a.sdp), ['m=audio 40000 RTP/SAVP 96 101']);
  const s = active(a);
  assert.deepEqual(s.remoteRtp, { family: 'IP6', address: '2001:db8:0:1::30', port: 7078 });
  assert.deepEqual(s.remoteRtcp, { family: 'IP6', address: '2001:db8:0:1::30', port: 7079 });
  assert.equal(s.srtp?.tag, 2);
  assert.deepEqual(s.telephoneEvent, { payloadType: 101, clockRate: 48000, events: '0-15' });
});

test('hold offers: a=sendonly → recvonly, a=inactive → inactive, c=0.0.0.0 → recvonly; our own hold combines', () => {
  const held = answer(ASTERISK_HOLD_REINVITE);
  assert.match(held.sdp, /\r\na=recvonly\r\n/);
  assert.deepEqual(
    [active(held).send, active(held).receive, active(held).remoteHold],
    [false, true, { onHold: true, method: 'sendonly' }],
  );

  const inactive = answer(ASTERISK_OFFER.replace('a=sendrecv', 'a=inactive'));
  assert.match(inactive.sdp, /\r\na=inactive\r\n/);
  assert.deepEqual(active(inactive).remoteHold, { onHold: true, method: 'inactive' });

  const legacy = answer(LEGACY_HOLD_OFFER);
  assert.match(legacy.sdp, /\r\na=recvonly\r\n/);
  const s = active(legacy);
  assert.deepEqual(s.remoteRtp, { family: 'IP4', address: '0.0.0.0', port: 19426 });
  assert.deepEqual([s.send, s.receive, s.remoteHold.method], [false, true, 'connection-zero']);

  // We hold (sendonly) and they hold us (sendonly): nothing flows.
  const both = answer(ASTERISK_HOLD_REINVITE, { ...LOCAL, direction: 'sendonly' });
  assert.match(both.sdp, /\r\na=inactive\r\n/);
  // We hold, they offer sendrecv: we answer sendonly.
  assert.match(answer(ASTERISK_OFFER, { ...LOCAL, direction: 'sendonly' }).sdp, /\r\na=sendonly\r\n/);
  // They offer recvonly (they hold the other way): we answer sendonly.
  assert.equal(active(answer(ASTERISK_OFFER.replace('a=sendrecv', 'a=recvonly'))).direction, 'sendonly');
});

test('session-level direction applies when the m-line has none; media-level wins', () => {
  const sessionLevel = ASTERISK_OFFER.replace('t=0 0\r\n', 't=0 0\r\na=sendonly\r\n').replace('a=sendrecv\r\n', '');
  assert.equal(active(answer(sessionLevel)).direction, 'recvonly');
  const both = ASTERISK_OFFER.replace('t=0 0\r\n', 't=0 0\r\na=inactive\r\n');
  assert.equal(active(answer(both)).direction, 'sendrecv');
});

test('ptime: we send at the peer\'s a=ptime within its maxptime, framed for the codec', () => {
  const ptime = (offer: string, codecs: LocalMediaCapabilities['codecs']): number => active(answer(offer, { ...LOCAL, codecs })).ptime;
  assert.equal(ptime(ASTERISK_OFFER.replace('a=ptime:20', 'a=ptime:30'), ['pcmu']), 30);
  assert.equal(ptime(ASTERISK_OFFER.replace('a=ptime:20', 'a=ptime:30'), ['opus']), 20);
  assert.equal(ptime(ASTERISK_OFFER.replace('a=ptime:20', 'a=ptime:60').replace('a=maxptime:150', 'a=maxptime:40'), ['pcmu']), 40);
  assert.equal(ptime(ASTERISK_OFFER.replace('a=ptime:20\r\n', '').replace('a=maxptime:150\r\n', ''), ['pcmu']), 20);
  assert.equal(active(answer(ASTERISK_OFFER.replace('a=ptime:20\r\n', ''), { ...LOCAL, ptime: 40 })).ptime, 40);
});

test('no common codec: 488 naming what was offered (telephone-event and CN left out)', () => {
  const error = refusal(G729_ONLY_OFFER);
  assert.equal(error.kind, 'no-common-codec');
  assert.equal(error.sipStatus, 488);
  assert.deepEqual(error.offeredCodecs, ['G729', 'GSM']);
  assert.equal(error.message, 'No codec in common: the peer offered G729, GSM; Dialtone has Opus, G.722, PCMU, PCMA enabled.');
  // Linphone offering only speex when we have only G.722.
  const speex = refusal(LINPHONE_OFFER, { ...LOCAL, codecs: ['g722'] });
  assert.deepEqual(speex.offeredCodecs, ['opus', 'speex/16000', 'speex/8000', 'PCMU', 'PCMA', 'G729']);
});

test('SRTP mismatches are 488 with the reason', () => {
  const refused = refusal(ASTERISK_SDES_OFFER, LOCAL);
  assert.deepEqual([refused.kind, refused.sipStatus], ['srtp-refused-locally', 488]);
  const required = refusal(ASTERISK_OFFER, { ...SRTP_LOCAL, srtp: 'required' });
  assert.equal(required.kind, 'srtp-required-locally');
  const noKeys = refusal(ASTERISK_SDES_OFFER.replace(/a=crypto:.*\r\n/, ''), SRTP_LOCAL);
  assert.equal(noKeys.kind, 'no-acceptable-crypto');
  assert.match(noKeys.message, /without a=crypto/);
  const onlyAes256 = refusal(
    ASTERISK_SDES_OFFER.replace(/a=crypto:.*\r\n/, 'a=crypto:1 AES_256_CM_HMAC_SHA1_80 inline:8kZMnsx9TzEnb/+ScIru+h79bg+OymehOhBVWv7ELQktRkIWZ7oLpJB4rbtHwg==\r\n'),
    SRTP_LOCAL,
  );
  assert.equal(onlyAes256.kind, 'no-acceptable-crypto');
  assert.match(onlyAes256.message, /AES_256_CM_HMAC_SHA1_80 is not supported/);
  // Asterisk SDES accepted when SRTP is allowed.
  const ok = active(answer(ASTERISK_SDES_OFFER, SRTP_LOCAL));
  assert.deepEqual([ok.profile, ok.srtp?.tag, ok.srtp?.remoteKey], ['RTP/SAVP', 1, 'dPdbZgyQc697QDC+l0p830MiktWQ9AQZjgjfbuAR']);
});

test('DTLS-SRTP (UDP/TLS/RTP/SAVPF) is refused as an unsupported transport', () => {
  const error = refusal(DTLS_OFFER, SRTP_LOCAL);
  assert.equal(error.kind, 'unsupported-transport');
  assert.match(error.message, /UDP\/TLS\/RTP\/SAVPF/);
});

test('a second audio m-line is rejected in place; a first unusable one falls back to the next', () => {
  const two = ASTERISK_OFFER + 'm=audio 17414 RTP/AVP 8\r\na=rtpmap:8 PCMA/8000\r\n';
  const a = answer(two);
  assert.deepEqual(mLines(a.sdp), ['m=audio 40000 RTP/AVP 0 101', 'm=audio 0 RTP/AVP 8']);
  // Capability negotiation the old way: RTP/SAVP first, RTP/AVP second. With SRTP off, the second is used.
  const savpThenAvp = sdp(
    'v=0',
    'o=- 5 5 IN IP4 198.51.100.40',
    's=-',
    'c=IN IP4 198.51.100.40',
    't=0 0',
    'm=audio 5004 RTP/SAVP 0',
    'a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:g8lLd3ph7OR0BHirSXjiLS41Eba1bkoqx5n0RnEh',
    'm=audio 5006 RTP/AVP 0',
  );
  const fallback = answer(savpThenAvp);
  assert.deepEqual(mLines(fallback.sdp), ['m=audio 0 RTP/SAVP 0', 'm=audio 40000 RTP/AVP 0']);
  assert.equal(active(fallback).mediaIndex, 1);
  assert.equal(active(fallback).remoteRtp.port, 5006);
});

test('an offer with audio at port 0 (switch to T.38) is answered all-zero as a disabled session', () => {
  const t38 = sdp(
    'v=0',
    'o=- 1702384212 1702384216 IN IP4 203.0.113.10',
    's=Asterisk',
    'c=IN IP4 203.0.113.10',
    't=0 0',
    'm=audio 0 RTP/AVP 0',
    'm=image 17418 udptl t38',
    'a=T38FaxVersion:0',
    'a=T38MaxBitRate:14400',
  );
  const a = answer(t38);
  assert.deepEqual(mLines(a.sdp), ['m=audio 0 RTP/AVP 0', 'm=image 0 udptl t38']);
  assert.deepEqual(a.session, {
    disabled: true,
    role: 'answerer',
    mediaIndex: 0,
    remoteOrigin: { username: '-', sessionId: '1702384212', version: '1702384216', address: '203.0.113.10' },
  });
});

test('no audio at all is 488 no-audio; a missing or bad c= is 400 malformed', () => {
  const video = refusal(sdp('v=0', 'o=- 1 1 IN IP4 192.0.2.5', 's=-', 'c=IN IP4 192.0.2.5', 't=0 0', 'm=video 5000 RTP/AVP 96', 'a=rtpmap:96 VP8/90000'));
  assert.deepEqual([video.kind, video.sipStatus], ['no-audio', 488]);
  assert.match(video.message, /offers video/);
  const noC = refusal(ASTERISK_OFFER.replace('c=IN IP4 203.0.113.10\r\n', ''));
  assert.deepEqual([noC.kind, noC.sipStatus], ['malformed', 400]);
  assert.match(noC.message, /no c= line/);
  const fqdn = refusal(ASTERISK_OFFER.replace('c=IN IP4 203.0.113.10', 'c=IN IP4 pbx.example.com'));
  assert.match(fqdn.message, /not an IPv4 literal/);
  const wrongFamily = refusal(ASTERISK_OFFER.replace('c=IN IP4 203.0.113.10', 'c=IN IP4 2001:db8::1'));
  assert.equal(wrongFamily.kind, 'malformed');
  const badRtcp = refusal(ASTERISK_OFFER.replace('a=sendrecv', 'a=rtcp:17413 IN IP4 pbx'));
  assert.match(badRtcp.message, /a=rtcp address/);
});

test('the media-level c= wins over the session-level one', () => {
  const offer = ASTERISK_OFFER.replace('m=audio 17412 RTP/AVP 0 8 9 111 101\r\n', 'm=audio 17412 RTP/AVP 0 8 9 111 101\r\nc=IN IP4 203.0.113.77\r\n');
  assert.equal(active(answer(offer)).remoteRtp.address, '203.0.113.77');
});

test('telephone-event is left out when we disable it or the peer does not offer it', () => {
  const noEvents = answer(ASTERISK_OFFER, { ...LOCAL, telephoneEvent: false });
  assert.deepEqual(mLines(noEvents.sdp), ['m=audio 40000 RTP/AVP 0']);
  assert.equal(active(noEvents).telephoneEvent, undefined);
  const notOffered = answer(G729_ONLY_OFFER.replace('18 3 101 13', '18 0'));
  assert.deepEqual(mLines(notOffered.sdp), ['m=audio 40000 RTP/AVP 0']);
  assert.deepEqual(active(notOffered).receiveTelephoneEvents, []);
});

test('malformed offers and bad local settings come back as typed failures', () => {
  assert.equal(refusal('INVITE sip:bob@example.com SIP/2.0').kind, 'malformed');
  assert.equal(refusal(sdp('v=0', 'o=- 1 1 IN IP4 192.0.2.5', 's=-', 't=0 0')).kind, 'malformed');
  assert.equal(refusal(ASTERISK_OFFER, { ...LOCAL, rtpPort: 3 }).kind, 'invalid-local-config');
  const badOrigin = answerOffer(ASTERISK_OFFER, LOCAL, { sessionId: 'x', sessionVersion: 0 });
  assert.equal(badOrigin.ok ? '' : badOrigin.error.kind, 'invalid-local-config');
});

test('fuzzing: mangled fixtures never throw and always give a result', () => {
  let seed = 42;
  const random = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const fixtures = [ASTERISK_OFFER, BARESIP_SRTP_MAND_OFFER, LINPHONE_OFFER, FREESWITCH_OFFER, LEGACY_HOLD_OFFER, DTLS_OFFER];
  const junk = ['', ' ', '=', ':', '/', '0', '-1', '99999999999999999999', 'IN IP6', '\u0000', 'é', 'a=', 'm=', 'c=IN IP4 ', '\r\n'];
  let outcomes = 0;
  for (let i = 0; i < 3000; i++) {
    const fixture = fixtures[random(fixtures.length)] ?? '';
    const chars = [...fixture];
    for (let j = 0; j < 1 + random(6); j++) {
      const at = random(chars.length);
      const op = random(3);
      if (op === 0) chars.splice(at, 1 + random(8));
      else if (op === 1) chars.splice(at, 0, junk[random(junk.length)] ?? '');
      else chars[at] = String.fromCharCode(32 + random(95));
    }
    const result = answerOffer(chars.join(''), SRTP_LOCAL, ORIGIN);
    assert.equal(typeof result.ok, 'boolean');
    if (!result.ok) assert.notEqual(result.error.kind, 'internal', result.error.message);
    outcomes++;
  }
  assert.equal(outcomes, 3000);
});
