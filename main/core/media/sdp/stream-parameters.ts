/**
 * Choices shared by answering an offer and processing an answer: where to
 * send, which telephone-event entry to use, and the packetization.
 */
import { isIPv4, isIPv6 } from 'node:net';
import type { AudioCodecName, RemoteFormat } from './codec-catalog';
import type { NegotiatedTelephoneEvent, TransportAddress } from './negotiated-session';
import type { RemoteMedia } from './remote-description';
import { sdpFail, sdpOk, type SdpResult } from './sdp-result';

/** The peer's RTP and RTCP destinations. */
export interface RemoteTransport {
  readonly rtp: TransportAddress;
  readonly rtcp: TransportAddress;
}

function checkAddress(family: 'IP4' | 'IP6', address: string, where: string): SdpResult<void> {
  const valid = family === 'IP4' ? isIPv4(address) : isIPv6(address);
  if (valid) return sdpOk(undefined);
  return sdpFail('malformed', `The ${where} address ${JSON.stringify(address)} is not an IP${family === 'IP4' ? 'v4' : 'v6'} literal (host names in c= are not supported).`);
}

/**
 * The RTP destination (m= port, media-level `c=` else session-level) and the
 * RTCP one (`a=rtcp:` port and optional address, else RTP port + 1 at the RTP
 * address). Fails when the stream has no `c=` at either level or an address
 * is not an IP literal of its family.
 */
export function resolveRemoteTransport(media: RemoteMedia): SdpResult<RemoteTransport> {
  const connection = media.connection;
  if (!connection) return sdpFail('malformed', `The ${media.type} stream has no c= line at media or session level.`);
  const rtpCheck = checkAddress(connection.family, connection.address, 'c=');
  if (!rtpCheck.ok) return rtpCheck;
  const rtp: TransportAddress = { family: connection.family, address: connection.address, port: media.port };
  const rtcpConnection = media.rtcp?.connection ?? connection;
  if (media.rtcp?.connection) {
    const rtcpCheck = checkAddress(rtcpConnection.family, rtcpConnection.address, 'a=rtcp');
    if (!rtcpCheck.ok) return rtcpCheck;
  }
  const rtcpPort = media.rtcp?.port ?? (media.port < 65535 ? media.port + 1 : media.port);
  return sdpOk({ rtp, rtcp: { family: rtcpConnection.family, address: rtcpConnection.address, port: rtcpPort } });
}

/** Frame durations each codec can send, in ms. */
const PACKET_TIMES: Readonly<Record<AudioCodecName, readonly number[]>> = {
  opus: [10, 20, 40, 60],
  g722: [10, 20, 30, 40, 50, 60],
  pcmu: [10, 20, 30, 40, 50, 60],
  pcma: [10, 20, 30, 40, 50, 60],
};

/**
 * The packetization to send: the peer's `a=ptime` (what it prefers to
 * receive), else our own default, never above its `a=maxptime`, rounded down
 * to a duration the codec can frame (RFC 4566 §6: ptime is a preference).
 */
export function chooseSendPtime(codec: AudioCodecName, remotePtime: number | undefined, remoteMaxptime: number | undefined, fallback: number): number {
  const allowed = PACKET_TIMES[codec];
  const wanted = Math.min(remotePtime ?? fallback, remoteMaxptime ?? Number.POSITIVE_INFINITY);
  let best: number | undefined;
  for (const t of allowed) if (t <= wanted) best = t;
  return best ?? allowed[0] ?? 20;
}

/**
 * The telephone-event entry to pair with a codec: the one with the codec's RTP
 * clock rate (events share the audio stream's timestamps), else the 8000 Hz
 * one, else none.
 */
export function chooseTelephoneEvent(formats: readonly RemoteFormat[], clockRate: number): NegotiatedTelephoneEvent | undefined {
  const events = formats.filter((f) => f.kind === 'telephone-event');
  const pick = events.find((f) => f.clockRate === clockRate) ?? events.find((f) => f.clockRate === 8000);
  return pick ? { payloadType: pick.payloadType, clockRate: pick.clockRate, events: pick.events } : undefined;
}

/** The profile of an m-line if it is one we speak. */
export function rtpProfileOf(protocol: string): 'RTP/AVP' | 'RTP/SAVP' | undefined {
  const upper = protocol.toUpperCase();
  return upper === 'RTP/AVP' || upper === 'RTP/SAVP' ? upper : undefined;
}
