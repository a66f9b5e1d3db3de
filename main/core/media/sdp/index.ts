/**
 * RFC 3264 SDP offer/answer for Dialtone's audio stream, as pure functions
 * over text (no sip.js, no sockets): what the rest of the core imports from
 * `main/core/media/sdp`. See README.md in this folder for the flows and choices.
 */
export { answerOffer, type LocalAnswer } from './answer-offer';
export { AUDIO_CODEC_NAMES, CODECS, type AudioCodecName } from './codec-catalog';
export { createOffer, type LocalOffer, type OfferedCrypto } from './create-offer';
export type { LocalMediaCapabilities, SrtpPolicy } from './local-capabilities';
export { answerDirection, detectHold, type HoldMethod, type HoldState, type MediaDirection } from './media-direction';
export type {
  ActiveAudioSession,
  DisabledAudioSession,
  NegotiatedCodec,
  NegotiatedSession,
  NegotiatedSrtp,
  NegotiatedTelephoneEvent,
  RtpProfile,
  TransportAddress,
} from './negotiated-session';
export {
  OfferAnswerSession,
  type AnswerOutcome,
  type NegotiationOutcome,
  type NegotiationState,
  type OfferAnswerSessionOptions,
} from './offer-answer-session';
export { processAnswer } from './process-answer';
export { detectRemoteHold } from './remote-hold';
export { decodeSdesKey, isValidSdesKey, SRTP_SUITES, type SdesKey, type SrtpSuite } from './sdes-crypto';
export type { SdpError, SdpErrorKind, SdpResult, SdpSipStatus } from './sdp-result';
export { compareSessions, type SessionChanges } from './session-changes';
export { SessionOrigin } from './session-origin';
export { SESSION_NAME, type LocalOrigin } from './sdp-writer';
