/**
 * Writes our SDP (offers and answers) through sdp-transform: session lines,
 * the audio m-line, and port-0 m-lines for streams we reject.
 */
import { write, type MediaDescription, type SessionDescription } from 'sdp-transform';
import type { ResolvedCapabilities } from './local-capabilities';
import type { MediaDirection } from './media-direction';
import type { RtpProfile } from './negotiated-session';
import type { RemoteMedia } from './remote-description';
import type { CryptoAttribute } from './sdes-crypto';
import { sdpFail, sdpOk, type SdpResult } from './sdp-result';

/** The `s=` line of every SDP we write. */
export const SESSION_NAME = 'Dialtone';

/**
 * The `o=` values of our SDP. The session id stays for the whole dialog; the
 * version goes up by one whenever our SDP changes (RFC 3264 §8), which
 * `SessionOrigin` tracks.
 */
export interface LocalOrigin {
  /** Digits only (1-20), chosen once per dialog by the caller. */
  readonly sessionId: string;
  /** A non-negative integer. */
  readonly sessionVersion: number;
}

/** One payload type we list on our audio m-line. */
export interface LocalFormat {
  readonly payloadType: number;
  readonly encodingName: string;
  readonly clockRate: number;
  /** Written only when above 1 (`opus/48000/2`). */
  readonly channels: number;
  readonly fmtp: string | undefined;
}

/** Our audio m-line. */
export interface LocalAudioSection {
  readonly profile: RtpProfile;
  readonly formats: readonly LocalFormat[];
  readonly crypto: readonly CryptoAttribute[];
  readonly direction: MediaDirection;
}

/** Checks the `o=` values given by the caller. */
export function checkOrigin(origin: LocalOrigin): SdpResult<LocalOrigin> {
  if (!/^\d{1,20}$/.test(origin.sessionId)) return sdpFail('invalid-local-config', `The SDP session id ${JSON.stringify(origin.sessionId)} is not 1-20 digits.`);
  if (!Number.isSafeInteger(origin.sessionVersion) || origin.sessionVersion < 0) {
    return sdpFail('invalid-local-config', `The SDP session version ${origin.sessionVersion} is not a non-negative integer.`);
  }
  return sdpOk(origin);
}

/** Our audio m-line with rtpmap for every payload type (static ones too, as most UAs do). */
export function audioMedia(caps: ResolvedCapabilities, section: LocalAudioSection): MediaDescription {
  const media: MediaDescription = {
    type: 'audio',
    port: caps.rtpPort,
    protocol: section.profile,
    payloads: section.formats.map((f) => f.payloadType).join(' '),
    rtp: section.formats.map((f) =>
      f.channels > 1
        ? { payload: f.payloadType, codec: f.encodingName, rate: f.clockRate, encoding: f.channels }
        : { payload: f.payloadType, codec: f.encodingName, rate: f.clockRate },
    ),
    fmtp: section.formats.flatMap((f) => (f.fmtp === undefined ? [] : [{ payload: f.payloadType, config: f.fmtp }])),
    ptime: caps.ptime,
    direction: section.direction,
  };
  if (caps.rtcpPort !== caps.rtpPort + 1) media.rtcp = { port: caps.rtcpPort };
  if (section.crypto.length > 0) media.crypto = section.crypto.map((c) => ({ ...c }));
  return media;
}

/** A port-0 m-line that rejects (or keeps disabled) one of the peer's streams, same media, protocol and formats. */
export function rejectedMedia(remote: RemoteMedia): MediaDescription {
  return {
    type: remote.type,
    port: 0,
    protocol: remote.protocol,
    payloads: remote.formats.length > 0 ? remote.formats.join(' ') : '0',
    rtp: [],
    fmtp: [],
  };
}

/** The full SDP text: `v=`, `o=`, `s=Dialtone`, session `c=`, `t=0 0`, then the m-lines. */
export function writeSdp(caps: ResolvedCapabilities, origin: LocalOrigin, media: readonly MediaDescription[]): string {
  const ipVer = caps.family === 'IP4' ? 4 : 6;
  const session: SessionDescription = {
    version: 0,
    origin: { username: '-', sessionId: origin.sessionId, sessionVersion: origin.sessionVersion, netType: 'IN', ipVer, address: caps.address },
    name: SESSION_NAME,
    connection: { version: ipVer, ip: caps.address },
    timing: { start: 0, stop: 0 },
    media: [...media],
  };
  return write(session);
}
