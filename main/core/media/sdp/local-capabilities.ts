/**
 * What we can do, as the media engine and the user's settings describe it,
 * and its validation. Every offer and answer we write starts from here.
 */
import { isIPv4, isIPv6 } from 'node:net';
import { AUDIO_CODEC_NAMES, type AudioCodecName } from './codec-catalog';
import { isMediaDirection, type MediaDirection } from './media-direction';
import { isSrtpSuite, isValidSdesKey, type SdesKey } from './sdes-crypto';
import { sdpFail, sdpOk, type SdpResult } from './sdp-result';

/**
 * How much we insist on SRTP:
 * - `off`: plain RTP only; an RTP/SAVP offer is refused, crypto lines in an
 *   RTP/AVP offer are ignored.
 * - `optional`: best effort, as baresip (`mediaenc=srtp`), FreeSWITCH and
 *   Linphone do: we offer RTP/AVP *with* `a=crypto` lines, so a peer without
 *   SRTP still answers plain RTP while one with SRTP encrypts; we accept RTP/SAVP.
 * - `required`: we offer RTP/SAVP; a peer that answers or offers without a
 *   usable crypto line gets a failure. An RTP/AVP offer that carries a usable
 *   crypto line is accepted (with SRTP), since the media is encrypted either way.
 */
export type SrtpPolicy = 'off' | 'optional' | 'required';

/** Our side of the audio stream, as the caller knows it now. */
export interface LocalMediaCapabilities {
  /** The address the peer sends RTP to (IPv4 or IPv6 literal), for `c=` and `o=`. */
  readonly address: string;
  /** Our RTP port; even (RFC 3550 §11). */
  readonly rtpPort: number;
  /** Our RTCP port; default `rtpPort + 1`. Any other value is written as `a=rtcp:` (RFC 3605). */
  readonly rtcpPort?: number | undefined;
  /** The enabled codecs in the user's order; at least one, no repeats. */
  readonly codecs: readonly AudioCodecName[];
  /** Offer and accept RFC 4733 telephone-event (default true). */
  readonly telephoneEvent?: boolean | undefined;
  /** The packetization we want to receive, in ms (default 20). */
  readonly ptime?: number | undefined;
  /**
   * Our wish for the stream (default `sendrecv`). Hold is `sendonly` (we keep
   * receiving music on hold), or `inactive` when the peer holds us too.
   */
  readonly direction?: MediaDirection | undefined;
  readonly srtp: SrtpPolicy;
  /**
   * Our SDES keys in order of preference, one per suite (needed unless `srtp`
   * is `off`). An offer lists one crypto line per key; an answer uses the key
   * of the suite it picks, or the first key (both suites take 30-byte keys).
   */
  readonly sdesKeys?: readonly SdesKey[] | undefined;
  /** Adds `maxaveragebitrate` to our Opus fmtp (6000-510000 b/s, RFC 7587 §6.1). */
  readonly opusMaxAverageBitrate?: number | undefined;
}

/** {@link LocalMediaCapabilities} checked and with defaults filled in. */
export interface ResolvedCapabilities {
  readonly address: string;
  readonly family: 'IP4' | 'IP6';
  readonly rtpPort: number;
  readonly rtcpPort: number;
  readonly codecs: readonly AudioCodecName[];
  readonly telephoneEvent: boolean;
  readonly ptime: number;
  readonly direction: MediaDirection;
  readonly srtp: SrtpPolicy;
  /** Empty when `srtp` is `off`. */
  readonly sdesKeys: readonly SdesKey[];
  readonly opusMaxAverageBitrate: number | undefined;
}

function isPort(value: number): boolean {
  return Number.isInteger(value) && value > 0 && value <= 65535;
}

/** Checks the caller's capabilities; a failure here is a bug on our side (`invalid-local-config`). */
export function resolveCapabilities(caps: LocalMediaCapabilities): SdpResult<ResolvedCapabilities> {
  const bad = (what: string): SdpResult<ResolvedCapabilities> => sdpFail('invalid-local-config', `Local media settings are invalid: ${what}.`);
  const family = isIPv4(caps.address) ? 'IP4' : isIPv6(caps.address) ? 'IP6' : undefined;
  if (!family) return bad(`address ${JSON.stringify(caps.address)} is not an IP literal`);
  if (!isPort(caps.rtpPort) || caps.rtpPort % 2 !== 0) return bad(`RTP port ${caps.rtpPort} is not an even port number`);
  const rtcpPort = caps.rtcpPort ?? caps.rtpPort + 1;
  if (!isPort(rtcpPort) || rtcpPort === caps.rtpPort) return bad(`RTCP port ${rtcpPort} is not valid`);
  if (caps.codecs.length === 0) return bad('no codec is enabled');
  const unknown = caps.codecs.find((c) => !AUDIO_CODEC_NAMES.includes(c));
  if (unknown !== undefined) return bad(`codec ${String(unknown)} is not supported`);
  if (new Set(caps.codecs).size !== caps.codecs.length) return bad('a codec is listed twice');
  const ptime = caps.ptime ?? 20;
  if (!Number.isInteger(ptime) || ptime < 10 || ptime > 120 || ptime % 10 !== 0) return bad(`ptime ${ptime} is not a multiple of 10 between 10 and 120`);
  const direction = caps.direction ?? 'sendrecv';
  if (!isMediaDirection(direction)) return bad(`direction ${String(direction)} is not valid`);
  if (caps.srtp !== 'off' && caps.srtp !== 'optional' && caps.srtp !== 'required') return bad(`SRTP policy ${String(caps.srtp)} is not valid`);
  const keys = caps.srtp === 'off' ? [] : (caps.sdesKeys ?? []);
  if (caps.srtp !== 'off' && keys.length === 0) return bad(`SRTP is ${caps.srtp} but no SDES key was given`);
  for (const k of keys) {
    if (!isSrtpSuite(k.suite)) return bad(`SRTP suite ${String(k.suite)} is not supported`);
    if (!isValidSdesKey(k.key)) return bad(`the ${k.suite} key is not base64 of 30 bytes`);
  }
  if (new Set(keys.map((k) => k.suite)).size !== keys.length) return bad('an SRTP suite has two keys');
  const rate = caps.opusMaxAverageBitrate;
  if (rate !== undefined && (!Number.isInteger(rate) || rate < 6000 || rate > 510000)) return bad(`Opus maxaveragebitrate ${rate} is outside 6000-510000`);
  return sdpOk({
    address: caps.address,
    family,
    rtpPort: caps.rtpPort,
    rtcpPort,
    codecs: [...caps.codecs],
    telephoneEvent: caps.telephoneEvent ?? true,
    ptime,
    direction,
    srtp: caps.srtp,
    sdesKeys: [...keys],
    opusMaxAverageBitrate: rate,
  });
}
