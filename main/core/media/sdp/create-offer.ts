/**
 * Our offer (RFC 3264 §5): one audio m-line with the user's codecs in order,
 * telephone-event, ptime, direction and, unless SRTP is off, SDES crypto lines.
 *
 * Also used for a late offer: when an INVITE arrives without SDP, the offer
 * goes in our 200 OK and the answer comes in the ACK (`processAnswer`).
 */
import { CODECS, TELEPHONE_EVENT_PAYLOAD_TYPES } from './codec-catalog';
import { resolveCapabilities, type LocalMediaCapabilities, type ResolvedCapabilities } from './local-capabilities';
import { codecFormat, localCodec, localTelephoneEvent, telephoneEventFormat } from './local-formats';
import type { NegotiatedCodec, NegotiatedTelephoneEvent, RtpProfile } from './negotiated-session';
import { cryptoAttribute, type SdesKey } from './sdes-crypto';
import { guardSdp, sdpOk, type SdpResult } from './sdp-result';
import { audioMedia, checkOrigin, writeSdp, type LocalOrigin } from './sdp-writer';

/** One `a=crypto` line we offered. */
export interface OfferedCrypto extends SdesKey {
  readonly tag: number;
}

/** An offer we sent, kept until its answer arrives (`processAnswer` needs it). */
export interface LocalOffer {
  /** The SDP text to send. */
  readonly sdp: string;
  readonly origin: LocalOrigin;
  readonly capabilities: ResolvedCapabilities;
  /** `RTP/SAVP` when SRTP is required, else `RTP/AVP`. */
  readonly profile: RtpProfile;
  /** The codecs offered, in order, with our payload types and fmtp. */
  readonly codecs: readonly NegotiatedCodec[];
  /** The telephone-event entries offered (8000 Hz, plus 48000 Hz alongside Opus). */
  readonly telephoneEvents: readonly NegotiatedTelephoneEvent[];
  /** The crypto lines offered, tags 1..n in the order of `sdesKeys`. */
  readonly crypto: readonly OfferedCrypto[];
}

/**
 * Writes our offer.
 *
 * Payload types: Opus 111 (`opus/48000/2`, fmtp `useinbandfec=1;minptime=10`
 * plus `maxaveragebitrate` when set), G.722 9 (`G722/8000`), PCMU 0, PCMA 8,
 * telephone-event/8000 101 (fmtp `0-16`) and, when Opus is offered,
 * telephone-event/48000 110, because RFC 4733 events share the RTP clock of
 * the audio they accompany and Opus runs at 48 kHz (Linphone and browsers do
 * the same). Profile: `RTP/SAVP` for SRTP `required`, else `RTP/AVP`, with one
 * crypto line per key unless SRTP is `off`. `a=rtcp:` only when the RTCP
 * port is not RTP + 1.
 */
export function createOffer(local: LocalMediaCapabilities, origin: LocalOrigin): SdpResult<LocalOffer> {
  return guardSdp('Writing the SDP offer', () => {
    const resolved = resolveCapabilities(local);
    if (!resolved.ok) return resolved;
    const checked = checkOrigin(origin);
    if (!checked.ok) return checked;
    const caps = resolved.data;
    const codecs = caps.codecs.map((name) => localCodec(name, CODECS[name].payloadType, caps));
    const telephoneEvents: NegotiatedTelephoneEvent[] = [];
    if (caps.telephoneEvent) {
      telephoneEvents.push(localTelephoneEvent(TELEPHONE_EVENT_PAYLOAD_TYPES[8000], 8000));
      if (caps.codecs.includes('opus')) telephoneEvents.push(localTelephoneEvent(TELEPHONE_EVENT_PAYLOAD_TYPES[48000], 48000));
    }
    const crypto = caps.sdesKeys.map((k, i) => ({ tag: i + 1, suite: k.suite, key: k.key }));
    const profile: RtpProfile = caps.srtp === 'required' ? 'RTP/SAVP' : 'RTP/AVP';
    const media = audioMedia(caps, {
      profile,
      formats: [...codecs.map((c) => codecFormat(c, caps)), ...telephoneEvents.map(telephoneEventFormat)],
      crypto: crypto.map((c) => cryptoAttribute(c.tag, c.suite, c.key)),
      direction: caps.direction,
    });
    const sdp = writeSdp(caps, origin, [media]);
    return sdpOk({ sdp, origin, capabilities: caps, profile, codecs, telephoneEvents, crypto });
  });
}
