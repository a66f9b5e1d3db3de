import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parse } from 'sdp-transform';
import { createOffer, type LocalOffer } from './create-offer';
import type { LocalMediaCapabilities } from './local-capabilities';
import type { SdpErrorKind } from './sdp-result';

const sdp = (...lines: string[]): string => `${lines.join('\r\n')}\r\n`;
const K80 = 'AwrI3QuZbv6XeB3EFq3KNc8nd7328LhpNHqmqdAY';
const K32 = 'Oau9QOOfxaDYe52GBqAveLopOMcl3lvgB1gbwAl9';
const ORIGIN = { sessionId: '3876201938', sessionVersion: 7 };

const base: LocalMediaCapabilities = { address: '192.0.2.10', rtpPort: 40000, codecs: ['opus', 'g722', 'pcmu', 'pcma'], srtp: 'off' };

function offer(caps: LocalMediaCapabilities, origin = ORIGIN): LocalOffer {
  const result = createOffer(caps, origin);
  assert.ok(result.ok, result.ok ? '' : result.error.message);
  return result.data;
}

function failure(caps: LocalMediaCapabilities, origin = ORIGIN): { kind: SdpErrorKind; message: string } {
  const result = createOffer(caps, origin);
  assert.ok(!result.ok, 'expected a failure');
  return result.error;
}

test('the default offer: all codecs in the user order, telephone-event at 8000 and 48000, ptime 20, sendrecv', () => {
  assert.equal(
    offer(base).sdp,
    sdp(
      'v=0',
      'o=- 3876201938 7 IN IP4 192.0.2.10',
      's=Dialtone',
      'c=IN IP4 192.0.2.10',
      't=0 0',
      'm=audio 40000 RTP/AVP 111 9 0 8 101 110',
      'a=rtpmap:111 opus/48000/2',
      'a=rtpmap:9 G722/8000',
      'a=rtpmap:0 PCMU/8000',
      'a=rtpmap:8 PCMA/8000',
      'a=rtpmap:101 telephone-event/8000',
      'a=rtpmap:110 telephone-event/48000',
      'a=fmtp:111 useinbandfec=1;minptime=10',
      'a=fmtp:101 0-16',
      'a=fmtp:110 0-16',
      'a=ptime:20',
      'a=sendrecv',
    ),
  );
});

test('SRTP required: RTP/SAVP with one crypto line per key, tags in order', () => {
  const o = offer({
    ...base,
    codecs: ['pcma', 'pcmu'],
    srtp: 'required',
    sdesKeys: [
      { suite: 'AES_CM_128_HMAC_SHA1_80', key: K80 },
      { suite: 'AES_CM_128_HMAC_SHA1_32', key: K32 },
    ],
  });
  assert.equal(o.profile, 'RTP/SAVP');
  assert.match(o.sdp, /\r\nm=audio 40000 RTP\/SAVP 8 0 101\r\n/);
  assert.match(o.sdp, new RegExp(`\r\na=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:${K80.replace(/\+/g, '\\+')}\r\na=crypto:2 AES_CM_128_HMAC_SHA1_32 inline:${K32}\r\n`));
  assert.doesNotMatch(o.sdp, /telephone-event\/48000/, 'no 48 kHz events without Opus');
  assert.deepEqual(o.crypto, [
    { tag: 1, suite: 'AES_CM_128_HMAC_SHA1_80', key: K80 },
    { tag: 2, suite: 'AES_CM_128_HMAC_SHA1_32', key: K32 },
  ]);
});

test('SRTP optional: best-effort crypto lines on RTP/AVP; off: no crypto even with keys', () => {
  const keys = [{ suite: 'AES_CM_128_HMAC_SHA1_32', key: K32 }] as const;
  const optional = offer({ ...base, srtp: 'optional', sdesKeys: keys });
  assert.equal(optional.profile, 'RTP/AVP');
  assert.match(optional.sdp, /m=audio 40000 RTP\/AVP /);
  assert.match(optional.sdp, /\r\na=crypto:1 AES_CM_128_HMAC_SHA1_32 inline:/);
  const off = offer({ ...base, srtp: 'off', sdesKeys: keys });
  assert.doesNotMatch(off.sdp, /a=crypto/);
  assert.deepEqual(off.crypto, []);
});

test('IPv6, a=rtcp when RTCP is not RTP+1, hold direction, ptime, no telephone-event, Opus bitrate cap', () => {
  const o = offer({
    address: '2001:db8::10',
    rtpPort: 50000,
    rtcpPort: 50011,
    codecs: ['opus'],
    telephoneEvent: false,
    ptime: 40,
    direction: 'sendonly',
    srtp: 'off',
    opusMaxAverageBitrate: 24000,
  });
  assert.equal(
    o.sdp,
    sdp(
      'v=0',
      'o=- 3876201938 7 IN IP6 2001:db8::10',
      's=Dialtone',
      'c=IN IP6 2001:db8::10',
      't=0 0',
      'm=audio 50000 RTP/AVP 111',
      'a=rtpmap:111 opus/48000/2',
      'a=fmtp:111 useinbandfec=1;minptime=10;maxaveragebitrate=24000',
      'a=rtcp:50011',
      'a=ptime:40',
      'a=sendonly',
    ),
  );
  assert.doesNotMatch(offer({ ...base, rtcpPort: 40001 }).sdp, /a=rtcp:/);
});

test('the offer reads back through sdp-transform as written', () => {
  const o = offer({ ...base, direction: 'inactive', srtp: 'required', sdesKeys: [{ suite: 'AES_CM_128_HMAC_SHA1_80', key: K80 }] });
  const back = parse(o.sdp);
  const media = back.media[0];
  assert.equal(back.name, 'Dialtone');
  assert.equal(back.origin.sessionVersion, 7);
  assert.equal(media?.protocol, 'RTP/SAVP');
  assert.equal(media?.direction, 'inactive');
  assert.deepEqual(media?.crypto, [{ id: 1, suite: 'AES_CM_128_HMAC_SHA1_80', config: `inline:${K80}` }]);
  assert.deepEqual(o.codecs.map((c) => `${c.encodingName}:${c.payloadType}`), ['opus:111', 'G722:9', 'PCMU:0', 'PCMA:8']);
  assert.deepEqual(o.telephoneEvents.map((e) => `${e.payloadType}/${e.clockRate}`), ['101/8000', '110/48000']);
});

test('invalid local settings are typed failures (a bug on our side), never a throw', () => {
  const cases: readonly [LocalMediaCapabilities, RegExp][] = [
    [{ ...base, address: 'pc.local' }, /not an IP literal/],
    [{ ...base, rtpPort: 40001 }, /not an even port/],
    [{ ...base, rtpPort: 70000 }, /not an even port/],
    [{ ...base, rtcpPort: 40000 }, /RTCP port 40000/],
    [{ ...base, codecs: [] }, /no codec/],
    [{ ...base, codecs: ['pcmu', 'pcmu'] }, /listed twice/],
    [{ ...base, codecs: ['gsm' as 'pcmu'] }, /codec gsm is not supported/],
    [{ ...base, ptime: 25 }, /ptime 25/],
    [{ ...base, srtp: 'required' }, /no SDES key/],
    [{ ...base, srtp: 'optional', sdesKeys: [{ suite: 'AES_CM_128_HMAC_SHA1_80', key: 'c2hvcnQ=' }] }, /not base64 of 30 bytes/],
    [{ ...base, srtp: 'optional', sdesKeys: [{ suite: 'AES_CM_128_HMAC_SHA1_80', key: K80 }, { suite: 'AES_CM_128_HMAC_SHA1_80', key: K32 }] }, /two keys/],
    [{ ...base, opusMaxAverageBitrate: 1000 }, /maxaveragebitrate/],
  ];
  for (const [caps, message] of cases) {
    const error = failure(caps);
    assert.equal(error.kind, 'invalid-local-config');
    assert.match(error.message, message);
  }
  assert.match(failure(base, { sessionId: '12ab', sessionVersion: 1 }).message, /session id/);
  assert.match(failure(base, { sessionId: '1', sessionVersion: -1 }).message, /session version/);
  // Even a caller that breaks the types gets a result, not an exception.
  const broken = createOffer(null as unknown as LocalMediaCapabilities, ORIGIN);
  assert.equal(broken.ok, false);
  assert.equal(broken.ok ? '' : broken.error.kind, 'internal');
});
