/**
 * Our answer to the peer's offer (RFC 3264 §6) and the session it sets up.
 *
 * - Codec: the first payload type of the offer's m-line that is one of our
 *   enabled codecs, answered under the peer's payload type number; only that
 *   codec is answered, so the peer cannot switch codecs mid-call.
 * - telephone-event: answered (with the peer's PT) when offered, preferring
 *   the entry whose clock rate matches the codec.
 * - Profile: mirrored. RTP/SAVP needs SRTP allowed and a usable crypto line;
 *   RTP/AVP with crypto lines gets SRTP unless our policy is `off`; plain
 *   RTP/AVP is refused when our policy is `required`. One crypto line is
 *   answered: the first usable one of the offer, same tag, our key.
 * - Direction: the intersection of the offer's (minus "receive" at c=0.0.0.0)
 *   and ours, which gives sendonly → recvonly, recvonly → sendonly,
 *   inactive → inactive and keeps our own hold.
 * - Streams: the first acceptable audio m-line is answered; every other m-line
 *   (video, a second audio, image, unknown) is answered with port 0, keeping
 *   count, order, media, protocol and formats.
 */
import type { MediaDescription } from 'sdp-transform';
import { formatLabel, isVoiceFormat, type AudioCodecName } from './codec-catalog';
import { resolveCapabilities, type LocalMediaCapabilities, type ResolvedCapabilities } from './local-capabilities';
import { codecFormat, localCodec, localTelephoneEvent, telephoneEventFormat } from './local-formats';
import { detectHold, directionOf, effectiveRemoteDirection, negotiateFlags } from './media-direction';
import type { ActiveAudioSession, NegotiatedSession, RtpProfile } from './negotiated-session';
import { parseRemoteDescription, remoteFormats, type RemoteDescription, type RemoteMedia } from './remote-description';
import { cryptoAttribute, type RemoteCrypto, type SdesKey } from './sdes-crypto';
import { guardSdp, sdpFail, sdpOk, type SdpResult } from './sdp-result';
import { audioMedia, checkOrigin, rejectedMedia, writeSdp, type LocalOrigin } from './sdp-writer';
import { chooseSendPtime, chooseTelephoneEvent, resolveRemoteTransport, rtpProfileOf } from './stream-parameters';

/** Our answer and what it negotiated. */
export interface LocalAnswer {
  /** The SDP text to send (200 OK, or 183 for early media). */
  readonly sdp: string;
  readonly origin: LocalOrigin;
  readonly session: NegotiatedSession;
}

type UsableCrypto = Extract<RemoteCrypto, { usable: true }>;

interface AcceptedAudio {
  readonly session: ActiveAudioSession;
  readonly media: MediaDescription;
}

const CODEC_LABELS: Readonly<Record<AudioCodecName, string>> = { opus: 'Opus', g722: 'G.722', pcmu: 'PCMU', pcma: 'PCMA' };

function cryptoReasons(lines: readonly RemoteCrypto[]): string {
  return lines.map((c) => (c.usable ? `${c.tag} ${c.suite}` : `${c.tag} ${c.suite}: ${c.reason}`)).join('; ');
}

/** Decides SRTP for one offered audio m-line: the crypto line to answer, none, or a failure. */
function chooseOfferedCrypto(media: RemoteMedia, profile: RtpProfile, caps: ResolvedCapabilities): SdpResult<UsableCrypto | undefined> {
  const usable = media.crypto.find((c): c is UsableCrypto => c.usable);
  if (profile === 'RTP/SAVP') {
    if (caps.srtp === 'off') return sdpFail('srtp-refused-locally', 'The peer requires SRTP (RTP/SAVP) and SRTP is off in the account settings.');
    if (media.crypto.length === 0) return sdpFail('no-acceptable-crypto', 'The peer offered RTP/SAVP without a=crypto lines (DTLS-SRTP and MIKEY keying are not supported).');
    if (!usable) return sdpFail('no-acceptable-crypto', `None of the offered SRTP crypto lines is usable (${cryptoReasons(media.crypto)}).`);
    return sdpOk(usable);
  }
  if (caps.srtp === 'off') return sdpOk(undefined);
  if (usable) return sdpOk(usable);
  if (caps.srtp === 'required') {
    if (media.crypto.length > 0) return sdpFail('no-acceptable-crypto', `SRTP is required and none of the offered crypto lines is usable (${cryptoReasons(media.crypto)}).`);
    return sdpFail('srtp-required-locally', 'The peer offered plain RTP and SRTP is required in the account settings.');
  }
  return sdpOk(undefined);
}

function ourKeyFor(crypto: UsableCrypto, keys: readonly SdesKey[]): string | undefined {
  return (keys.find((k) => k.suite === crypto.suite) ?? keys[0])?.key;
}

/** Tries to accept one offered audio m-line. */
function acceptAudio(media: RemoteMedia, caps: ResolvedCapabilities, remote: RemoteDescription): SdpResult<AcceptedAudio> {
  const profile = rtpProfileOf(media.protocol);
  if (!profile) return sdpFail('unsupported-transport', `The audio stream uses ${media.protocol}; Dialtone speaks RTP/AVP and RTP/SAVP.`);
  const crypto = chooseOfferedCrypto(media, profile, caps);
  if (!crypto.ok) return crypto;
  const transport = resolveRemoteTransport(media);
  if (!transport.ok) return transport;

  const formats = remoteFormats(media);
  const chosen = formats.find((f) => f.kind === 'codec' && caps.codecs.includes(f.codec));
  if (!chosen || chosen.kind !== 'codec') {
    const offered = formats.filter(isVoiceFormat).map(formatLabel);
    const list = offered.length > 0 ? offered.join(', ') : 'none';
    const ours = caps.codecs.map((c) => CODEC_LABELS[c]).join(', ');
    return sdpFail('no-common-codec', `No codec in common: the peer offered ${list}; Dialtone has ${ours} enabled.`, offered);
  }
  const event = caps.telephoneEvent ? chooseTelephoneEvent(formats, chosen.clockRate) : undefined;

  let srtp: ActiveAudioSession['srtp'];
  if (crypto.data) {
    const localKey = ourKeyFor(crypto.data, caps.sdesKeys);
    if (localKey === undefined) return sdpFail('invalid-local-config', 'SRTP was negotiated but no SDES key was given.');
    srtp = { suite: crypto.data.suite, tag: crypto.data.tag, localKey, remoteKey: crypto.data.key };
  }

  const remoteDirection = effectiveRemoteDirection(media.direction, transport.data.rtp.address);
  const flags = negotiateFlags(caps.direction, remoteDirection);
  const direction = directionOf(flags);
  const receiveCodec = localCodec(chosen.codec, chosen.payloadType, caps);
  const receiveEvent = event ? localTelephoneEvent(event.payloadType, event.clockRate) : undefined;
  const session: ActiveAudioSession = {
    disabled: false,
    role: 'answerer',
    mediaIndex: media.index,
    profile,
    remoteRtp: transport.data.rtp,
    remoteRtcp: transport.data.rtcp,
    sendCodec: {
      name: chosen.codec,
      encodingName: receiveCodec.encodingName,
      payloadType: chosen.payloadType,
      clockRate: chosen.clockRate,
      channels: chosen.channels,
      fmtp: chosen.fmtp,
    },
    receiveCodecs: [receiveCodec],
    telephoneEvent: event,
    receiveTelephoneEvents: receiveEvent ? [receiveEvent] : [],
    ptime: chooseSendPtime(chosen.codec, media.ptime, media.maxptime, caps.ptime),
    direction,
    send: flags.send,
    receive: flags.receive,
    remoteHold: detectHold(media.direction, transport.data.rtp.address),
    srtp,
    remoteOrigin: remote.origin,
  };
  const answerMedia = audioMedia(caps, {
    profile,
    formats: [codecFormat(receiveCodec, caps), ...(receiveEvent ? [telephoneEventFormat(receiveEvent)] : [])],
    crypto: srtp ? [cryptoAttribute(srtp.tag, srtp.suite, srtp.localKey)] : [],
    direction,
  });
  return sdpOk({ session, media: answerMedia });
}

/**
 * Answers the peer's offer. Fails with `no-common-codec` (naming what was
 * offered), `srtp-required-locally`, `srtp-refused-locally`,
 * `no-acceptable-crypto`, `unsupported-transport` or `no-audio` (488), or
 * `malformed` (400); nothing is sent in that case and `origin` is unused.
 *
 * An offer whose only audio m-lines have port 0 (a peer removing audio, e.g.
 * to switch to T.38) is answered with every stream at port 0 and a
 * {@link NegotiatedSession} with `disabled: true`.
 */
export function answerOffer(offerSdp: string, local: LocalMediaCapabilities, origin: LocalOrigin): SdpResult<LocalAnswer> {
  return guardSdp('Answering the SDP offer', () => {
    const resolved = resolveCapabilities(local);
    if (!resolved.ok) return resolved;
    const checked = checkOrigin(origin);
    if (!checked.ok) return checked;
    const parsed = parseRemoteDescription(offerSdp);
    if (!parsed.ok) return parsed;
    const caps = resolved.data;
    const remote = parsed.data;

    let accepted: AcceptedAudio | undefined;
    let firstFailure: SdpResult<never> | undefined;
    const answerMedia: MediaDescription[] = [];
    for (const media of remote.media) {
      if (!accepted && media.type === 'audio' && media.port !== 0) {
        const attempt = acceptAudio(media, caps, remote);
        if (attempt.ok) {
          accepted = attempt.data;
          answerMedia.push(attempt.data.media);
          continue;
        }
        firstFailure ??= attempt;
      }
      answerMedia.push(rejectedMedia(media));
    }

    if (accepted) return sdpOk({ sdp: writeSdp(caps, origin, answerMedia), origin, session: accepted.session });
    if (firstFailure) return firstFailure;
    const disabledAudio = remote.media.find((m) => m.type === 'audio');
    if (disabledAudio) {
      const session: NegotiatedSession = { disabled: true, role: 'answerer', mediaIndex: disabledAudio.index, remoteOrigin: remote.origin };
      return sdpOk({ sdp: writeSdp(caps, origin, answerMedia), origin, session });
    }
    const types = [...new Set(remote.media.map((m) => m.type))].join(', ');
    return sdpFail('no-audio', `The offer has no audio stream (it offers ${types}).`);
  });
}
