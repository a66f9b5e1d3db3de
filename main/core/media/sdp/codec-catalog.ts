/**
 * The audio formats Dialtone can negotiate, and how a payload type of a
 * remote m-line is recognised as one of them.
 *
 * Static payload types (RFC 3551) are recognised without `a=rtpmap`; dynamic
 * ones only by their rtpmap (encoding name case-insensitive, clock rate,
 * channels). Remote payload type numbers are kept as they are: the PT in an
 * SDP is the one its author wants to receive.
 */

/** A codec the media engine implements, as the user orders them in settings. */
export type AudioCodecName = 'opus' | 'g722' | 'pcmu' | 'pcma';

/** Every codec name, in Dialtone's default order of preference. */
export const AUDIO_CODEC_NAMES: readonly AudioCodecName[] = ['opus', 'g722', 'pcmu', 'pcma'];

/** What we write and expect for one codec. */
export interface CodecSpec {
  readonly name: AudioCodecName;
  /** The encoding name of `a=rtpmap`, spelled as the RFCs do. */
  readonly encodingName: string;
  /** The payload type we offer: static for G.711 and G.722, dynamic for Opus. */
  readonly payloadType: number;
  /**
   * The RTP clock rate. 8000 for G.722 even though it samples at 16 kHz: an
   * erratum kept for compatibility (RFC 3551 §4.5.2).
   */
  readonly clockRate: number;
  /** The channel count of `a=rtpmap` (Opus is always `/2`, RFC 7587 §7). */
  readonly channels: number;
}

/** The codec table. Opus uses PT 111, the value most UAs and browsers use. */
export const CODECS: Readonly<Record<AudioCodecName, CodecSpec>> = {
  opus: { name: 'opus', encodingName: 'opus', payloadType: 111, clockRate: 48000, channels: 2 },
  g722: { name: 'g722', encodingName: 'G722', payloadType: 9, clockRate: 8000, channels: 1 },
  pcmu: { name: 'pcmu', encodingName: 'PCMU', payloadType: 0, clockRate: 8000, channels: 1 },
  pcma: { name: 'pcma', encodingName: 'PCMA', payloadType: 8, clockRate: 8000, channels: 1 },
};

/** The encoding name of RFC 4733 events. */
export const TELEPHONE_EVENT = 'telephone-event';

/** The events we send and accept: DTMF 0-9, *, #, A-D and flash (RFC 4733 §3.2). */
export const TELEPHONE_EVENT_RANGE = '0-16';

/**
 * Payload types of our telephone-event entries, by clock rate. 8000 matches
 * G.711 and G.722; 48000 matches Opus, whose RTP clock the events share.
 */
export const TELEPHONE_EVENT_PAYLOAD_TYPES: Readonly<Record<8000 | 48000, number>> = { 8000: 101, 48000: 110 };

/** The fmtp we want for the Opus we receive: in-band FEC on, 10 ms frames allowed (RFC 7587 §6.1). */
export const OPUS_RECEIVE_FMTP = 'useinbandfec=1;minptime=10';

/** One `a=rtpmap` as read from a remote SDP. */
export interface RtpMap {
  readonly encodingName: string;
  readonly clockRate: number | undefined;
  readonly channels: number | undefined;
}

/** How one payload type of a remote m-line was understood. */
export type RemoteFormat =
  | {
      readonly kind: 'codec';
      readonly codec: AudioCodecName;
      readonly payloadType: number;
      readonly clockRate: number;
      readonly channels: number;
      /** The remote fmtp as key/value pairs (what the peer wants to receive). */
      readonly fmtp: Readonly<Record<string, string>>;
    }
  | {
      readonly kind: 'telephone-event';
      readonly payloadType: number;
      readonly clockRate: number;
      /** The event list of the fmtp (`0-16`, `0-15`...), or the RFC 4733 default `0-15`. */
      readonly events: string;
    }
  | {
      readonly kind: 'unknown';
      readonly payloadType: number;
      /** A readable name for messages: `GSM`, `speex/16000`, `PT 96`. */
      readonly label: string;
      /** Not a voice codec: comfort noise, redundancy, FEC, or telephone-event at a clock rate we do not use. */
      readonly auxiliary: boolean;
    };

/** RFC 3551 static audio payload types, for naming what a peer offered. */
const STATIC_NAMES: Readonly<Record<number, string>> = {
  0: 'PCMU',
  3: 'GSM',
  4: 'G723',
  5: 'DVI4/8000',
  6: 'DVI4/16000',
  7: 'LPC',
  8: 'PCMA',
  9: 'G722',
  10: 'L16/44100/2',
  11: 'L16/44100',
  12: 'QCELP',
  13: 'CN',
  14: 'MPA',
  15: 'G728',
  16: 'DVI4/11025',
  17: 'DVI4/22050',
  18: 'G729',
};

/** Encoding names that accompany a voice codec rather than being one. */
const AUXILIARY = new Set(['cn', 'telephone-event', 'red', 'ulpfec', 'rtx']);

/** Static payload types we decode without an rtpmap. */
const STATIC_CODECS: Readonly<Record<number, AudioCodecName>> = { 0: 'pcmu', 8: 'pcma', 9: 'g722' };

/**
 * Parses an fmtp parameter string (`useinbandfec=1; maxaveragebitrate=30000`)
 * into key/value pairs. Keys are lower-cased (RFC 7587 and RFC 4733 names are
 * case-insensitive); a key without `=` gets the empty string.
 */
export function parseFmtpParameters(config: string): Readonly<Record<string, string>> {
  const params: Record<string, string> = {};
  for (const part of config.split(';')) {
    const item = part.trim();
    if (item === '') continue;
    const eq = item.indexOf('=');
    const key = (eq < 0 ? item : item.slice(0, eq)).trim().toLowerCase();
    if (key === '') continue;
    params[key] = eq < 0 ? '' : item.slice(eq + 1).trim();
  }
  return params;
}

function matchCodec(map: RtpMap): AudioCodecName | undefined {
  const name = map.encodingName.toLowerCase();
  const channels = map.channels ?? 1;
  switch (name) {
    case 'opus':
      // RFC 7587 requires opus/48000/2; a missing channel count is tolerated.
      return map.clockRate === 48000 && (map.channels === undefined || map.channels === 2) ? 'opus' : undefined;
    case 'g722':
      // Some UAs write the sampling rate (16000) instead of the RTP clock rate.
      return (map.clockRate === 8000 || map.clockRate === 16000) && channels === 1 ? 'g722' : undefined;
    case 'pcmu':
      return map.clockRate === 8000 && channels === 1 ? 'pcmu' : undefined;
    case 'pcma':
      return map.clockRate === 8000 && channels === 1 ? 'pcma' : undefined;
    default:
      return undefined;
  }
}

function labelOf(payloadType: number, map: RtpMap | undefined): string {
  const known = STATIC_NAMES[payloadType];
  if (!map) return known ?? `PT ${payloadType}`;
  // A static payload type with its usual rtpmap reads best as the short name.
  if (known !== undefined && known.split('/')[0]?.toLowerCase() === map.encodingName.toLowerCase()) return known;
  const rate = map.clockRate === undefined ? '' : `/${map.clockRate}`;
  const channels = map.channels !== undefined && map.channels > 1 ? `/${map.channels}` : '';
  return `${map.encodingName}${rate}${channels}`;
}

/**
 * Recognises one payload type of a remote m-line from its rtpmap (or the
 * static table when there is none) and its fmtp.
 */
export function identifyFormat(payloadType: number, map: RtpMap | undefined, fmtp: string | undefined): RemoteFormat {
  if (map) {
    if (map.encodingName.toLowerCase() === TELEPHONE_EVENT && (map.clockRate === 8000 || map.clockRate === 48000)) {
      const events = fmtp?.trim() ? fmtp.trim().replace(/\s+/g, '') : '0-15';
      return { kind: 'telephone-event', payloadType, clockRate: map.clockRate, events };
    }
    const codec = matchCodec(map);
    if (codec) return codecFormat(codec, payloadType, fmtp);
    return { kind: 'unknown', payloadType, label: labelOf(payloadType, map), auxiliary: AUXILIARY.has(map.encodingName.toLowerCase()) };
  }
  const codec = STATIC_CODECS[payloadType];
  if (codec) return codecFormat(codec, payloadType, fmtp);
  return { kind: 'unknown', payloadType, label: labelOf(payloadType, undefined), auxiliary: payloadType === 13 };
}

function codecFormat(codec: AudioCodecName, payloadType: number, fmtp: string | undefined): RemoteFormat {
  const spec = CODECS[codec];
  return {
    kind: 'codec',
    codec,
    payloadType,
    clockRate: spec.clockRate,
    channels: spec.channels,
    fmtp: fmtp === undefined ? {} : parseFmtpParameters(fmtp),
  };
}

/** Whether a format is a voice codec (ours or not), as opposed to events, comfort noise or redundancy. */
export function isVoiceFormat(format: RemoteFormat): boolean {
  return format.kind === 'codec' || (format.kind === 'unknown' && !format.auxiliary);
}

/** A readable name of a recognised or unknown format, for failure messages. */
export function formatLabel(format: RemoteFormat): string {
  switch (format.kind) {
    case 'codec':
      return CODECS[format.codec].encodingName;
    case 'telephone-event':
      return `${TELEPHONE_EVENT}/${format.clockRate}`;
    case 'unknown':
      return format.label;
  }
}
