import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { LocalMediaCapabilities } from './local-capabilities';
import { OfferAnswerSession } from './offer-answer-session';
import { sdpOk } from './sdp-result';
import { SessionOrigin } from './session-origin';

const sdp = (...lines: string[]): string => `${lines.join('\r\n')}\r\n`;
const LOCAL: LocalMediaCapabilities = { address: '192.0.2.10', rtpPort: 40000, codecs: ['pcmu', 'pcma'], srtp: 'off' };

/** Asterisk answering or offering PCMU with the given direction and port. */
function asterisk(version: number, direction = 'sendrecv', port = 17412): string {
  return sdp(
    'v=0',
    `o=- 1702384212 ${version} IN IP4 203.0.113.10`,
    's=Asterisk',
    'c=IN IP4 203.0.113.10',
    't=0 0',
    `m=audio ${port} RTP/AVP 0 101`,
    'a=rtpmap:0 PCMU/8000',
    'a=rtpmap:101 telephone-event/8000',
    'a=fmtp:101 0-16',
    'a=ptime:20',
    `a=${direction}`,
  );
}

function originLine(text: string): string | undefined {
  return text.split('\r\n').find((l) => l.startsWith('o='));
}

test('outgoing call, then hold and resume by re-INVITE: o= version +1 per change, changes name the direction', () => {
  const s = new OfferAnswerSession({ sessionId: '7001', initialVersion: 3 });
  assert.equal(s.state, 'stable');
  const first = s.createOffer(LOCAL);
  assert.ok(first.ok);
  assert.equal(originLine(first.data.sdp), 'o=- 7001 3 IN IP4 192.0.2.10');
  assert.equal(s.state, 'have-local-offer');
  const established = s.acceptAnswer(asterisk(1));
  assert.ok(established.ok);
  assert.equal(established.data.changes.stream, 'started');
  assert.equal(s.state, 'stable');

  const hold = s.createOffer({ ...LOCAL, direction: 'sendonly' });
  assert.ok(hold.ok);
  assert.equal(originLine(hold.data.sdp), 'o=- 7001 4 IN IP4 192.0.2.10');
  const held = s.acceptAnswer(asterisk(2, 'recvonly'));
  assert.ok(held.ok);
  assert.deepEqual([held.data.changes.changed, held.data.changes.direction, held.data.changes.codec, held.data.changes.remoteAddress], [true, true, false, false]);
  assert.equal(s.current?.disabled === false && s.current.send, true);
  assert.equal(s.current?.disabled === false && s.current.receive, false);

  const resume = s.createOffer(LOCAL);
  assert.ok(resume.ok);
  assert.equal(originLine(resume.data.sdp), 'o=- 7001 5 IN IP4 192.0.2.10');
  assert.equal(s.version, 5);
});

test('a session refresh with identical SDP keeps the o= version and changes nothing', () => {
  const s = new OfferAnswerSession({ sessionId: '7002' });
  const a = s.createOffer(LOCAL);
  assert.ok(a.ok);
  assert.equal(s.acceptAnswer(asterisk(1)).ok, true);
  const refresh = s.createOffer(LOCAL);
  assert.ok(refresh.ok);
  assert.equal(refresh.data.sdp, a.data.sdp);
  assert.equal(s.version, 0);
  const same = s.acceptAnswer(asterisk(1));
  assert.ok(same.ok);
  assert.equal(same.data.changes.changed, false);
});

test('late offer: INVITE without SDP → our offer in the 200 OK → their answer in the ACK', () => {
  const s = new OfferAnswerSession({ sessionId: '7003' });
  // sip.js asks for a description to put in the 200 OK: there is no remote offer, so it is an offer.
  const offer = s.createOffer(LOCAL);
  assert.ok(offer.ok);
  assert.match(offer.data.sdp, /m=audio 40000 RTP\/AVP 0 8 101/);
  // The ACK carries the answer.
  const ack = s.acceptAnswer(asterisk(1702384212, 'sendrecv', 17600));
  assert.ok(ack.ok);
  assert.ok(!ack.data.session.disabled);
  assert.equal(ack.data.session.role, 'offerer');
  assert.equal(ack.data.session.remoteRtp.port, 17600);
});

test('incoming call and re-INVITEs from the peer: answers reuse the version until they change', () => {
  const s = new OfferAnswerSession({ sessionId: '7004', initialVersion: 10 });
  const first = s.answerOffer(asterisk(1), LOCAL);
  assert.ok(first.ok);
  assert.equal(originLine(first.data.sdp), 'o=- 7004 10 IN IP4 192.0.2.10');
  assert.equal(first.data.changes.stream, 'started');
  // The same offer again (RFC 3264 §8: a no-op): the same answer, same version, no change.
  const again = s.answerOffer(asterisk(1), LOCAL);
  assert.ok(again.ok);
  assert.equal(again.data.sdp, first.data.sdp);
  assert.equal(again.data.changes.changed, false);
  // The peer holds: our answer becomes recvonly, version 11.
  const held = s.answerOffer(asterisk(2, 'sendonly'), LOCAL);
  assert.ok(held.ok);
  assert.equal(originLine(held.data.sdp), 'o=- 7004 11 IN IP4 192.0.2.10');
  assert.match(held.data.sdp, /a=recvonly/);
  assert.equal(held.data.changes.direction, true);
  // The peer moves its media: only the address changed.
  const moved = s.answerOffer(asterisk(3, 'sendonly', 17800), LOCAL);
  assert.ok(moved.ok);
  assert.deepEqual([moved.data.changes.remoteAddress, moved.data.changes.direction, moved.data.changes.codec], [true, false, false]);
  assert.equal(s.version, 11);
});

test('glare, answers without offers, failed exchanges and rollback', () => {
  const s = new OfferAnswerSession({ sessionId: '7005' });
  const noOffer = s.acceptAnswer(asterisk(1));
  assert.deepEqual(noOffer.ok ? undefined : [noOffer.error.kind, noOffer.error.sipStatus], ['no-pending-offer', 500]);

  assert.ok(s.answerOffer(asterisk(1), LOCAL).ok);
  const before = s.current;
  assert.ok(s.createOffer({ ...LOCAL, direction: 'sendonly' }).ok);
  const glare = s.answerOffer(asterisk(2), LOCAL);
  assert.deepEqual(glare.ok ? undefined : [glare.error.kind, glare.error.sipStatus], ['glare', 491]);
  s.rollback();
  assert.equal(s.state, 'stable');
  assert.equal(s.current, before);

  // A bad answer ends the exchange; the session in force stays.
  assert.ok(s.createOffer(LOCAL).ok);
  const bad = s.acceptAnswer(asterisk(3).replace('m=audio 17412 RTP/AVP 0 101', 'm=audio 17412 RTP/AVP 18'));
  assert.equal(bad.ok ? '' : bad.error.kind, 'no-common-codec');
  assert.equal(s.state, 'stable');
  assert.equal(s.current, before);

  // A refused offer (488) issues no SDP, so it uses no version.
  const version = s.version;
  const refused = s.answerOffer(asterisk(4).replace('RTP/AVP 0 101', 'RTP/AVP 18'), LOCAL);
  assert.equal(refused.ok ? 0 : refused.error.sipStatus, 488);
  assert.equal(s.version, version);
  assert.equal(s.current, before);
});

test('SessionOrigin: first SDP at the initial version, +1 only when the text changes, failures use nothing', () => {
  const origin = new SessionOrigin('99', 41);
  const render = (text: string) => (o: { sessionVersion: number }) => sdpOk({ sdp: `${text}@${o.sessionVersion}` });
  assert.deepEqual(origin.issue(render('a')), sdpOk({ sdp: 'a@41' }));
  assert.deepEqual(origin.issue(render('a')), sdpOk({ sdp: 'a@41' }));
  assert.deepEqual(origin.issue(render('b')), sdpOk({ sdp: 'b@42' }));
  const failed = origin.issue(() => ({ ok: false, error: { kind: 'no-common-codec', message: 'x', sipStatus: 488 } }));
  assert.equal(failed.ok, false);
  assert.equal(origin.version, 42);
  assert.deepEqual(origin.issue(render('a')), sdpOk({ sdp: 'a@43' }));
});
