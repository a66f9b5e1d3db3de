/**
 * The result of an offer/answer exchange for the audio stream: everything the
 * media engine needs to send and receive, and nothing of SDP syntax.
 *
 * Produced by `answerOffer` (we answered the peer's offer) and
 * `processAnswer` (the peer answered ours). Compare two of them with
 * `compareSessions` to restart only what a re-INVITE changed.
 */
import type { AudioCodecName } from './codec-catalog';
import type { HoldState, MediaDirection } from './media-direction';
import type { RemoteOrigin } from './remote-description';
import type { SrtpSuite } from './sdes-crypto';

/** Where to send RTP or RTCP. */
export interface TransportAddress {
  readonly family: 'IP4' | 'IP6';
  /** An IP literal; `0.0.0.0` (or `::`) when the peer holds RFC 2543 style. */
  readonly address: string;
  readonly port: number;
}

/** The RTP profiles we speak. */
export type RtpProfile = 'RTP/AVP' | 'RTP/SAVP';

/** A codec with the payload type and parameters agreed for one direction. */
export interface NegotiatedCodec {
  readonly name: AudioCodecName;
  /** As written in `a=rtpmap` (`opus`, `G722`, `PCMU`, `PCMA`). */
  readonly encodingName: string;
  readonly payloadType: number;
  /** The RTP clock rate (8000 for G.722, 48000 for Opus). */
  readonly clockRate: number;
  readonly channels: number;
  /**
   * For the send codec: the peer's fmtp for it, lower-case keys (for Opus e.g.
   * `useinbandfec`, `maxaveragebitrate`, `maxplaybackrate`, `stereo`), i.e.
   * what the peer wants to receive. For receive codecs: our own fmtp.
   */
  readonly fmtp: Readonly<Record<string, string>>;
}

/** RFC 4733 events with their payload type and clock rate. */
export interface NegotiatedTelephoneEvent {
  readonly payloadType: number;
  readonly clockRate: number;
  /** The events the receiving side declared (`0-16`, `0-15`...). */
  readonly events: string;
}

/** The SDES-SRTP contexts of the stream. */
export interface NegotiatedSrtp {
  readonly suite: SrtpSuite;
  /** The crypto tag both sides used. */
  readonly tag: number;
  /** Our key (we protect what we send with it), base64 of 30 bytes. */
  readonly localKey: string;
  /** The peer's key (we unprotect what we receive with it). */
  readonly remoteKey: string;
}

/** An audio stream in use (it may still be on hold in either or both directions). */
export interface ActiveAudioSession {
  readonly disabled: false;
  /** Whether we made the offer or the answer of this exchange. */
  readonly role: 'offerer' | 'answerer';
  /** The position of the audio m-line in the SDP. */
  readonly mediaIndex: number;
  /** The profile of the peer's m-line. SRTP is in use exactly when `srtp` is set (RTP/AVP may carry best-effort SRTP). */
  readonly profile: RtpProfile;
  readonly remoteRtp: TransportAddress;
  /** From `a=rtcp:` (RFC 3605) when present, else the RTP address and port + 1. */
  readonly remoteRtcp: TransportAddress;
  /** The codec to encode with: the first common one in the order of whoever answered. */
  readonly sendCodec: NegotiatedCodec;
  /** The payload types we may receive and how to decode each. */
  readonly receiveCodecs: readonly NegotiatedCodec[];
  /** The telephone-event entry to send DTMF with, or undefined (fall back to SIP INFO). */
  readonly telephoneEvent: NegotiatedTelephoneEvent | undefined;
  /** The telephone-event payload types we may receive. */
  readonly receiveTelephoneEvents: readonly NegotiatedTelephoneEvent[];
  /** The packetization to send, in ms. */
  readonly ptime: number;
  /** Our direction, from our point of view. */
  readonly direction: MediaDirection;
  /** Whether we send RTP (false on hold either way, or to 0.0.0.0). */
  readonly send: boolean;
  /** Whether we expect RTP. */
  readonly receive: boolean;
  /** Whether the peer's SDP holds the stream. */
  readonly remoteHold: HoldState;
  /** SDES-SRTP keys, or undefined for plain RTP. */
  readonly srtp: NegotiatedSrtp | undefined;
  /** The peer's `o=` line. */
  readonly remoteOrigin: RemoteOrigin | undefined;
}

/**
 * An audio stream with port 0: the peer rejected it in its answer, or removed
 * it in an offer (a switch to T.38 fax does this). No RTP flows.
 */
export interface DisabledAudioSession {
  readonly disabled: true;
  readonly role: 'offerer' | 'answerer';
  readonly mediaIndex: number;
  readonly remoteOrigin: RemoteOrigin | undefined;
}

/** The negotiated audio stream. Branch on `disabled`. */
export type NegotiatedSession = ActiveAudioSession | DisabledAudioSession;
