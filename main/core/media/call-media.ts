/**
 * What the SIP layer needs from one call's media, whatever implements it: the
 * local transport to put in SDP, the SDES keys to offer, applying a negotiated
 * session (and re-INVITE changes), DTMF, and closing. The sip.js
 * SessionDescriptionHandler adapter in `sip/call` talks only to this.
 */
import type { Result } from '../../common/result';
import type { NegotiatedSession, SdesKey, SessionChanges } from './sdp';

/** Our media transport as SDP advertises it. */
export interface LocalMediaTransport {
  readonly address: string;
  readonly rtpPort: number;
  readonly rtcpPort: number;
}

/** One call's media. */
export interface CallMedia {
  /** Opens the RTP/RTCP sockets (once) and returns where the peer should send. */
  prepare(): Promise<Result<LocalMediaTransport>>;
  /** Our SDES keys, one per suite, in order of preference (fresh per call). */
  readonly sdesKeys: readonly SdesKey[];
  /** Starts or updates the streams for a completed offer/answer. */
  apply(session: NegotiatedSession, changes: SessionChanges): Promise<Result<void>>;
  /** Sends DTMF in-band as RFC 4733 events; false when none was negotiated (the caller falls back to SIP INFO). */
  sendDtmf(digits: string): boolean;
  /** Stops sending and receiving and releases the sockets. Idempotent. */
  close(): Promise<void>;
}
