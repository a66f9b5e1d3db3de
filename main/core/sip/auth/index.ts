/**
 * Digest authentication for sip.js: what the rest of `main/core/sip` uses.
 * sip.js 0.21.2 does MD5 only and answers whichever challenge comes last;
 * this folder adds SHA-256 and SHA-512-256 (RFC 7616, RFC 8760), picks the
 * strongest challenge, and keeps digest secrets out of logs and traces.
 */
export { selectStrongestChallenge, hasSupportedChallenge, offeredChallengeAlgorithms } from './challenge-selection';
export { redactSipMessage } from './redact-sip-message';
export { createDigestAuthenticationFactory, installDigestAuthentication, type DigestAuthenticationOptions, type SipJsAuthenticationFactory } from './authentication-factory';
export { DigestAuthenticator, type DigestCredentials, type DigestAuthenticatorOptions, type AuthenticatedRequest } from './digest-authenticator';
export { computeDigestResponse, type DigestInput } from './digest-response';
export { findDigestAlgorithm, type DigestAlgorithm, type DigestAlgorithmSpec } from './digest-algorithms';
export { NonceCounter } from './nonce-counter';
