/**
 * SRTP/SRTCP for SDES-keyed calls: AES_CM_128_HMAC_SHA1_80 and _32
 * (RFC 3711, RFC 4568) with a replay window and RFC 3711 rollover-counter
 * estimation, as pure processors over `node:crypto`. See `srtp-context.ts`
 * for why this is ours rather than werift-rtp's `SrtpSession`.
 *
 * Typical use: `parseSdesKey` the peer's `inline:` value, `generateSdesKey`
 * ours, then `createSrtpContext({ suite, local, remote })` and run every
 * outgoing RTP/RTCP packet through `protect*` and every incoming one through
 * `unprotect*`, dropping (and counting) the failures.
 */
export {
  type SrtpSuite,
  type SrtpMasterKey,
  type SrtpErrorCode,
  type SrtpError,
  type SrtpResult,
  type SrtpStats,
  type SrtpFlowStats,
  SRTP_SUITES,
  MASTER_KEY_LENGTH,
  MASTER_SALT_LENGTH,
  isSrtpSuite,
} from './srtp-types';
export { createSrtpContext, type SrtpContext, type SrtpContextOptions } from './srtp-context';
export { parseSdesKey, generateSdesKey, type SdesInlineKey, type SdesKeyErrorCode, MIN_KEY_LIFETIME_LOG2, MAX_KEY_LIFETIME_LOG2 } from './sdes-key';
export { suiteParams, type SuiteParams } from './suites';
export { DEFAULT_REPLAY_WINDOW } from './replay-window';
