/**
 * Our own payload descriptions: the codecs and telephone-event entries we
 * list in offers and answers, with the fmtp that says what we want to receive.
 */
import { CODECS, OPUS_RECEIVE_FMTP, parseFmtpParameters, TELEPHONE_EVENT, TELEPHONE_EVENT_RANGE, type AudioCodecName } from './codec-catalog';
import type { ResolvedCapabilities } from './local-capabilities';
import type { NegotiatedCodec, NegotiatedTelephoneEvent } from './negotiated-session';
import type { LocalFormat } from './sdp-writer';

/** Our fmtp for a codec: Opus gets in-band FEC, 10 ms minimum and the optional bitrate cap. */
export function localFmtp(codec: AudioCodecName, caps: ResolvedCapabilities): string | undefined {
  if (codec !== 'opus') return undefined;
  return caps.opusMaxAverageBitrate === undefined ? OPUS_RECEIVE_FMTP : `${OPUS_RECEIVE_FMTP};maxaveragebitrate=${caps.opusMaxAverageBitrate}`;
}

/** A codec as we receive it, under `payloadType` (ours in an offer, the peer's in an answer). */
export function localCodec(codec: AudioCodecName, payloadType: number, caps: ResolvedCapabilities): NegotiatedCodec {
  const spec = CODECS[codec];
  const fmtp = localFmtp(codec, caps);
  return {
    name: codec,
    encodingName: spec.encodingName,
    payloadType,
    clockRate: spec.clockRate,
    channels: spec.channels,
    fmtp: fmtp === undefined ? {} : parseFmtpParameters(fmtp),
  };
}

/** A telephone-event entry as we receive it: events 0-16. */
export function localTelephoneEvent(payloadType: number, clockRate: number): NegotiatedTelephoneEvent {
  return { payloadType, clockRate, events: TELEPHONE_EVENT_RANGE };
}

/** The m-line entry of one of our codecs. */
export function codecFormat(codec: NegotiatedCodec, caps: ResolvedCapabilities): LocalFormat {
  return {
    payloadType: codec.payloadType,
    encodingName: codec.encodingName,
    clockRate: codec.clockRate,
    channels: codec.channels,
    fmtp: localFmtp(codec.name, caps),
  };
}

/** The m-line entry of one of our telephone-event payload types. */
export function telephoneEventFormat(event: NegotiatedTelephoneEvent): LocalFormat {
  return { payloadType: event.payloadType, encodingName: TELEPHONE_EVENT, clockRate: event.clockRate, channels: 1, fmtp: event.events };
}
