import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseRemoteDescription, remoteFormats, type RemoteDescription } from './remote-description';

const sdp = (...lines: string[]): string => `${lines.join('\r\n')}\r\n`;

function parsed(text: string): RemoteDescription {
  const result = parseRemoteDescription(text);
  assert.ok(result.ok, result.ok ? '' : result.error.message);
  return result.data;
}

function malformed(text: string): string {
  const result = parseRemoteDescription(text);
  assert.equal(result.ok, false, 'expected a failure');
  assert.ok(!result.ok);
  assert.equal(result.error.kind, 'malformed');
  assert.equal(result.error.sipStatus, 400);
  return result.error.message;
}

test('media-level c=, direction and ptime override session-level ones; session ones fill the gaps', () => {
  const d = parsed(
    sdp(
      'v=0',
      'o=- 3 4 IN IP4 192.0.2.1',
      's=-',
      'c=IN IP4 192.0.2.1',
      't=0 0',
      'a=sendonly',
      'a=ptime:30',
      'm=audio 4000 RTP/AVP 0',
      'c=IN IP4 192.0.2.99',
      'a=inactive',
      'a=ptime:40',
      'a=maxptime:60',
      'm=audio 4002 RTP/AVP 8',
    ),
  );
  const [first, second] = d.media;
  assert.deepEqual(first?.connection, { family: 'IP4', address: '192.0.2.99' });
  assert.equal(first?.direction, 'inactive');
  assert.equal(first?.ptime, 40);
  assert.equal(first?.maxptime, 60);
  assert.deepEqual(second?.connection, { family: 'IP4', address: '192.0.2.1' });
  assert.equal(second?.direction, 'sendonly');
  assert.equal(second?.ptime, 30);
  assert.equal(second?.maxptime, undefined);
  assert.deepEqual(d.origin, { username: '-', sessionId: '3', version: '4', address: '192.0.2.1' });
});

test('defaults: sendrecv, no c= is undefined, a single payload type and the port-count form parse', () => {
  const d = parsed(sdp('v=0', 's=-', 't=0 0', 'm=audio 49170/2 RTP/AVP 0', 'm=video 0 RTP/AVP 31'));
  assert.equal(d.origin, undefined);
  assert.equal(d.media[0]?.direction, 'sendrecv');
  assert.equal(d.media[0]?.connection, undefined);
  assert.equal(d.media[0]?.port, 49170);
  assert.deepEqual(d.media[0]?.formats, ['0']);
  assert.equal(d.media[1]?.type, 'video');
  assert.equal(d.media[1]?.port, 0);
});

test('a=rtcp with and without address (RFC 3605), rtcp-mux, IPv6 and big origin versions', () => {
  const d = parsed(
    sdp(
      'v=0',
      'o=FreeSWITCH 1702370000 18446744073709551615 IN IP6 2001:db8::7',
      's=FreeSWITCH',
      'c=IN IP6 2001:db8::7',
      't=0 0',
      'm=audio 24560 RTP/AVP 0',
      'a=rtcp:24571 IN IP6 2001:db8::8',
      'a=rtcp-mux',
      'm=audio 24562 RTP/AVP 0',
      'a=rtcp:24599',
    ),
  );
  assert.deepEqual(d.media[0]?.rtcp, { port: 24571, connection: { family: 'IP6', address: '2001:db8::8' } });
  assert.equal(d.media[0]?.rtcpMux, true);
  assert.deepEqual(d.media[1]?.rtcp, { port: 24599, connection: undefined });
  assert.equal(d.media[1]?.rtcpMux, false);
  assert.equal(d.origin?.version, '18446744073709551615');
});

test('formats are read in m-line order with rtpmap and fmtp; rtpmaps of unlisted payload types are ignored', () => {
  const d = parsed(
    sdp(
      'v=0',
      'o=- 1 1 IN IP4 192.0.2.1',
      's=-',
      'c=IN IP4 192.0.2.1',
      't=0 0',
      'm=audio 4000 RTP/AVP 18 96 0 0 101 abc',
      'a=rtpmap:96 opus/48000/2',
      'a=fmtp:96 useinbandfec=1',
      'a=rtpmap:101 telephone-event/8000',
      'a=fmtp:101 0-16',
      'a=rtpmap:97 speex/16000',
    ),
  );
  const media = d.media[0];
  assert.ok(media);
  assert.deepEqual(
    remoteFormats(media).map((f) => `${f.kind}:${f.payloadType}`),
    ['unknown:18', 'codec:96', 'codec:0', 'telephone-event:101'],
  );
});

test('a=crypto lines are kept per m-line, judged, and session-level ones are ignored', () => {
  const key = 'AwrI3QuZbv6XeB3EFq3KNc8nd7328LhpNHqmqdAY';
  const d = parsed(
    sdp(
      'v=0',
      'o=- 1 1 IN IP4 192.0.2.1',
      's=-',
      'c=IN IP4 192.0.2.1',
      't=0 0',
      `a=crypto:9 AES_CM_128_HMAC_SHA1_80 inline:${key}`,
      'm=audio 4000 RTP/SAVP 0',
      `a=crypto:1 AES_256_CM_HMAC_SHA1_80 inline:${key}`,
      `a=crypto:2 AES_CM_128_HMAC_SHA1_80 inline:${key}`,
      'm=audio 4002 RTP/AVP 0',
    ),
  );
  assert.deepEqual(
    d.media[0]?.crypto.map((c) => `${c.tag}:${c.usable}`),
    ['1:false', '2:true'],
  );
  assert.deepEqual(d.media[1]?.crypto, []);
});

test('garbage, missing m= and broken m= lines are typed failures, not exceptions', () => {
  assert.match(malformed(''), /empty/);
  assert.match(malformed('   \r\n'), /empty/);
  assert.match(malformed('hello world'), /does not start with v=0/);
  assert.match(malformed('<html><body>502 Bad Gateway</body></html>'), /does not start with v=0/);
  assert.match(malformed(sdp('o=- 1 1 IN IP4 192.0.2.1', 'v=0', 'm=audio 4000 RTP/AVP 0')), /does not start with v=0/);
  assert.match(malformed(sdp('v=0', 'o=- 1 1 IN IP4 192.0.2.1', 's=-', 'c=IN IP4 192.0.2.1', 't=0 0')), /no m= line/);
  assert.match(malformed(sdp('v=0', 's=-', 'c=IN IP4 192.0.2.1', 't=0 0', 'm=audio abc RTP/AVP 0')), /"m=audio abc RTP\/AVP 0" cannot be read/);
  assert.match(malformed(sdp('v=0', 's=-', 'c=IN IP4 192.0.2.1', 't=0 0', 'm=audio 70000 RTP/AVP 0')), /port 70000, above 65535/);
  assert.match(malformed(sdp('v=0', 's=-', 't=0 0', 'm=audio -1 RTP/AVP 0')), /cannot be read/);
  assert.match(malformed(sdp('v=0', 's=-', 't=0 0', 'm=audio')), /cannot be read/);
  assert.match(malformed(`v=0\r\n${'a=x\r\n'.repeat(20000)}`), /more than 65536/);
  // Not a string at all (a caller bug through an untyped boundary).
  assert.match(malformed(undefined as unknown as string), /empty/);
});

test('a tolerant reader: LF line ends, stray lines, unknown attributes and a bad c= do not stop the parse', () => {
  const d = parsed(['v=0', 'this is not sdp', 'c=IN IP4', 's=', 't=0 0', 'a=x-unknown:1', 'm=audio 4000 RTP/AVP 8', ''].join('\n'));
  assert.equal(d.media.length, 1);
  assert.equal(d.media[0]?.connection, undefined);
  assert.deepEqual(d.media[0]?.formats, ['8']);
});
