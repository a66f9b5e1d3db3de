/**
 * The peer's answer to our offer (RFC 3264 §5, §7) turned into the negotiated
 * session. Works the same for a late offer, where our offer went in a 200 OK
 * and this answer arrives in the ACK.
 */
import { formatLabel, isVoiceFormat } from './codec-catalog';
import type { LocalOffer, OfferedCrypto } from './create-offer';
import { detectHold, directionOf, effectiveRemoteDirection, negotiateFlags } from './media-direction';
import type { ActiveAudioSession, NegotiatedCodec, NegotiatedSession } from './negotiated-session';
import { parseRemoteDescription, remoteFormats, type RemoteMedia } from './remote-description';
import type { RemoteCrypto } from './sdes-crypto';
import { guardSdp, sdpFail, sdpOk, type SdpResult } from './sdp-result';
import { chooseSendPtime, chooseTelephoneEvent, resolveRemoteTransport, rtpProfileOf } from './stream-parameters';

type UsableCrypto = Extract<RemoteCrypto, { usable: true }>;

/** The answered crypto line that matches one we offered (same tag and suite). */
function matchCrypto(media: RemoteMedia, offered: readonly OfferedCrypto[]): { readonly ours: OfferedCrypto; readonly theirs: UsableCrypto } | undefined {
  for (const line of media.crypto) {
    if (!line.usable) continue;
    const ours = offered.find((o) => o.tag === line.tag && o.suite === line.suite);
    if (ours) return { ours, theirs: line };
  }
  return undefined;
}

/**
 * Processes the answer to `offer`.
 *
 * - The answer must have as many m-lines as the offer (one, audio); port 0
 *   gives a session with `disabled: true` (the peer rejected audio).
 * - Send codec: the first payload type of the answer that is a codec we
 *   offered, with the answer's PT and fmtp. We receive the offered codecs the
 *   answer kept, under our own PTs (the PTs of an SDP are what its author receives).
 * - SRTP: in use when the answer has a usable crypto line with the tag and
 *   suite of one we offered. Required but missing → `srtp-required-locally`;
 *   crypto lines that match nothing we offered → `no-acceptable-crypto`.
 *   An RTP/SAVP answer to our RTP/AVP best-effort offer is accepted when its
 *   crypto matches.
 * - Direction: our offered direction intersected with the answer's (and its
 *   c=0.0.0.0), so an answer cannot make us send while we hold.
 */
export function processAnswer(offer: LocalOffer, answerSdp: string): SdpResult<NegotiatedSession> {
  return guardSdp('Processing the SDP answer', () => {
    const parsed = parseRemoteDescription(answerSdp);
    if (!parsed.ok) return parsed;
    const remote = parsed.data;
    const caps = offer.capabilities;
    if (remote.media.length !== 1) return sdpFail('offer-answer-mismatch', `The answer has ${remote.media.length} m-lines; the offer had 1.`);
    const media = remote.media[0];
    if (!media || media.type !== 'audio') return sdpFail('offer-answer-mismatch', `The answer's m-line is ${media?.type ?? 'missing'}; the offer's was audio.`);
    if (media.port === 0) return sdpOk({ disabled: true, role: 'offerer', mediaIndex: 0, remoteOrigin: remote.origin });

    const profile = rtpProfileOf(media.protocol);
    if (!profile) return sdpFail('unsupported-transport', `The answer uses ${media.protocol}; the offer was ${offer.profile}.`);
    const crypto = offer.crypto.length > 0 ? matchCrypto(media, offer.crypto) : undefined;
    if (!crypto) {
      if (offer.crypto.length > 0 && media.crypto.length > 0) {
        return sdpFail('no-acceptable-crypto', 'The answer\'s a=crypto lines match none of the offered tags and suites.');
      }
      if (profile === 'RTP/SAVP' && offer.crypto.length === 0) {
        return sdpFail('srtp-refused-locally', 'The peer answered RTP/SAVP although SRTP is off in the account settings.');
      }
      if (profile === 'RTP/SAVP') return sdpFail('no-acceptable-crypto', 'The peer answered RTP/SAVP without an a=crypto line.');
      if (caps.srtp === 'required') {
        return sdpFail('srtp-required-locally', 'The peer answered without SRTP keys and SRTP is required in the account settings.');
      }
    }
    const transport = resolveRemoteTransport(media);
    if (!transport.ok) return transport;

    const formats = remoteFormats(media);
    const offeredNames = new Set(offer.codecs.map((c) => c.name));
    const chosen = formats.find((f) => f.kind === 'codec' && offeredNames.has(f.codec));
    if (!chosen || chosen.kind !== 'codec') {
      const answered = formats.filter(isVoiceFormat).map(formatLabel);
      return sdpFail('no-common-codec', `The answer lists no codec of the offer (it lists ${answered.join(', ') || 'none'}).`, answered);
    }
    const answeredNames = new Set(formats.flatMap((f) => (f.kind === 'codec' ? [f.codec] : [])));
    const receiveCodecs: NegotiatedCodec[] = offer.codecs.filter((c) => answeredNames.has(c.name));
    const sendSpec = offer.codecs.find((c) => c.name === chosen.codec);
    const answeredEventRates = new Set(formats.flatMap((f) => (f.kind === 'telephone-event' ? [f.clockRate] : [])));
    const event = offer.telephoneEvents.length > 0 ? chooseTelephoneEvent(formats, chosen.clockRate) : undefined;

    const remoteDirection = effectiveRemoteDirection(media.direction, transport.data.rtp.address);
    const flags = negotiateFlags(caps.direction, remoteDirection);
    const session: ActiveAudioSession = {
      disabled: false,
      role: 'offerer',
      mediaIndex: 0,
      profile,
      remoteRtp: transport.data.rtp,
      remoteRtcp: transport.data.rtcp,
      sendCodec: {
        name: chosen.codec,
        encodingName: sendSpec?.encodingName ?? chosen.codec,
        payloadType: chosen.payloadType,
        clockRate: chosen.clockRate,
        channels: chosen.channels,
        fmtp: chosen.fmtp,
      },
      receiveCodecs,
      telephoneEvent: event,
      receiveTelephoneEvents: offer.telephoneEvents.filter((e) => answeredEventRates.has(e.clockRate)),
      ptime: chooseSendPtime(chosen.codec, media.ptime, media.maxptime, caps.ptime),
      direction: directionOf(flags),
      send: flags.send,
      receive: flags.receive,
      remoteHold: detectHold(media.direction, transport.data.rtp.address),
      srtp: crypto ? { suite: crypto.ours.suite, tag: crypto.ours.tag, localKey: crypto.ours.key, remoteKey: crypto.theirs.key } : undefined,
      remoteOrigin: remote.origin,
    };
    return sdpOk(session);
  });
}
