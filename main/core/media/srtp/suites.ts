/**
 * What differs between the two SDES suites: only tag lengths (RFC 4568
 * §6.2.1, §6.2.2). Cipher (AES-128-CM), MAC (HMAC-SHA1), key and salt sizes,
 * key derivation and lifetimes are the same.
 */
import type { SrtpSuite } from './srtp-types';

/** The parameters of one suite. */
export interface SuiteParams {
  /** SRTP authentication tag: the first 10 or 4 bytes of HMAC-SHA1. */
  readonly rtpTagLength: 10 | 4;
  /**
   * SRTCP authentication tag: 80 bits for both suites. RFC 4568 §6.2.2 keeps
   * the 80-bit tag on SRTCP for AES_CM_128_HMAC_SHA1_32 (libsrtp does the
   * same: its `_32` policy applies to RTP only).
   */
  readonly rtcpTagLength: 10;
}

/** The tag lengths of each suite. */
export const suiteParams: Readonly<Record<SrtpSuite, SuiteParams>> = {
  AES_CM_128_HMAC_SHA1_80: { rtpTagLength: 10, rtcpTagLength: 10 },
  AES_CM_128_HMAC_SHA1_32: { rtpTagLength: 4, rtcpTagLength: 10 },
};
