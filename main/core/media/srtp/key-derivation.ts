/**
 * SRTP session keys from a master key (RFC 3711 §4.3) with the AES-CM PRF
 * (§4.3.3) and a key derivation rate of 0, the only rate SDES uses unless a
 * `KDR=` session parameter says otherwise (RFC 4568 §6.3.1; the SDP layer
 * refuses those). With rate 0, `index DIV kdr` is 0 and the keys are derived
 * once per master key.
 */
import { type Buffer } from 'node:buffer';
import { aesCmKeystream } from './aes-cm';
import type { SrtpMasterKey } from './srtp-types';

/** The derivation labels of RFC 3711 §4.3.1 and §4.3.2. */
export const KdfLabel = {
  rtpEncryption: 0x00,
  rtpAuthentication: 0x01,
  rtpSalt: 0x02,
  rtcpEncryption: 0x03,
  rtcpAuthentication: 0x04,
  rtcpSalt: 0x05,
} as const;

/** One of {@link KdfLabel}. */
export type KdfLabelValue = (typeof KdfLabel)[keyof typeof KdfLabel];

/** The session keys of one protocol (SRTP or SRTCP). */
export interface SessionKeys {
  /** AES-128 key, 16 bytes. */
  readonly encryptionKey: Buffer;
  /** HMAC-SHA1 key, 20 bytes (n_a = 160, RFC 3711 §8.2). */
  readonly authenticationKey: Buffer;
  /** Session salt k_s, 14 bytes. */
  readonly salt: Buffer;
}

/** The session keys of one master key. */
export interface SrtpSessionKeys {
  readonly rtp: SessionKeys;
  readonly rtcp: SessionKeys;
}

/**
 * `PRF_n(k_master, x)` with `x = key_id XOR master_salt`, where
 * `key_id = label ‖ (index DIV kdr)` is 7 bytes (the 48-bit quotient is 0
 * here) right-aligned against the 14-byte salt, so the label lands on byte 7.
 * The PRF is the AES-CM keystream at IV `x · 2^16`.
 */
export function deriveKey(master: SrtpMasterKey, label: KdfLabelValue, length: number): Buffer {
  const iv = new Uint8Array(16);
  iv.set(master.masterSalt.subarray(0, 14));
  iv[7] = (iv[7] ?? 0) ^ label;
  return aesCmKeystream(master.masterKey, iv, length);
}

/** Derives the six session values of RFC 3711 §4.3 for a master key. */
export function deriveSessionKeys(master: SrtpMasterKey): SrtpSessionKeys {
  return {
    rtp: {
      encryptionKey: deriveKey(master, KdfLabel.rtpEncryption, 16),
      authenticationKey: deriveKey(master, KdfLabel.rtpAuthentication, 20),
      salt: deriveKey(master, KdfLabel.rtpSalt, 14),
    },
    rtcp: {
      encryptionKey: deriveKey(master, KdfLabel.rtcpEncryption, 16),
      authenticationKey: deriveKey(master, KdfLabel.rtcpAuthentication, 20),
      salt: deriveKey(master, KdfLabel.rtcpSalt, 14),
    },
  };
}
