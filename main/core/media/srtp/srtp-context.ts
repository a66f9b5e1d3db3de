/**
 * SRTP and SRTCP (RFC 3711) for SDES-keyed calls (RFC 4568), as a pure
 * processor: packet in, protected or recovered packet (or a typed reason)
 * out. No sockets, no timers, no exceptions for anything a peer can send.
 *
 * **Why our own implementation and not werift-rtp's `SrtpSession`.** The
 * notes (`sipjs-in-node.md` §7) found werift byte-identical to libsrtp2 for
 * AES_CM_128_HMAC_SHA1_80, and the tests here hold us byte-identical to
 * werift. But wrapping it would have left most of the work undone or fought
 * against it:
 * - it has no AES_CM_128_HMAC_SHA1_32: its cipher verifies a fixed 10-byte
 *   tag inside `decrypt`, so a 4-byte tag means doing the HMAC and the
 *   decryption ourselves anyway, i.e. all of the crypto;
 * - it has no replay window, and its rollover counter is a heuristic (a
 *   ±100 band around the wrap, with a ROC decrement on late packets) kept in
 *   private state, which we cannot tie to "update only after authentication
 *   and only forward" (RFC 3711 §3.3.1, Appendix A);
 * - it throws on every refusal, and the same `SrtpAuthenticationError`
 *   ("Failed to authenticate SRTP packet") for a truncated header as for a
 *   bad tag, so `malformed` and `auth` could not be told apart or counted;
 * - it re-serializes a parsed header object for every packet.
 * What we write instead is small: the key derivation (one or two AES
 * blocks per session key), the IV, AES-CM over one reused AES-ECB context
 * per session key (`packet-cipher.ts`) and HMAC-SHA1 from `node:crypto`
 * (OpenSSL, constant-time compare), a 64-bit replay bitmap.
 *
 * **Per-packet cost.** `node:crypto` has no way to reuse an HMAC after
 * `digest()`; a new `createHmac` per packet was measured against the
 * alternatives (a precomputed ipad/opad `Hash` cloned with `copy()` per
 * packet, and a hand-written SHA-1 in TypeScript with precomputed states)
 * and neither was faster, so it stays. The AES side reuses its context
 * (`PacketCipher`) and encrypts straight into the output buffer. The RFC 3711 Appendix B
 * vectors and a byte-for-byte comparison with werift across a sequence wrap
 * guard it.
 *
 * **Packet flow.** Sending RTP: find the header end (CSRCs and extension are
 * authenticated, not encrypted), guess the index from the stream's highest
 * sent index (so the ROC increments when SEQ wraps), encrypt the payload
 * (padding included) at IV(salt, SSRC, index), append
 * `HMAC-SHA1(header ‖ ciphertext ‖ ROC)` truncated to the suite's tag.
 * Receiving: guess the index the same way from the highest *authenticated*
 * index, verify the tag, then the replay window, then decrypt, and only then
 * advance the state. SRTCP carries its 31-bit index explicitly after the
 * payload with the E (encrypted) flag, and an 80-bit tag for both suites.
 */
import { Buffer } from 'node:buffer';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { type SessionKeys, type SrtpSessionKeys, deriveSessionKeys } from './key-derivation';
import { PacketCipher } from './packet-cipher';
import { guessIndex, rolloverCounterOf } from './packet-index';
import { RTCP_HEADER, checkRtcp, rtpHeaderLength } from './packet-layout';
import { DEFAULT_REPLAY_WINDOW, ReplayWindow } from './replay-window';
import {
  MASTER_KEY_LENGTH,
  MASTER_SALT_LENGTH,
  type SrtpErrorCode,
  type SrtpFlowStats,
  type SrtpMasterKey,
  type SrtpResult,
  type SrtpStats,
  type SrtpSuite,
  isSrtpSuite,
  srtpFail,
  srtpOk,
} from './srtp-types';
import { StreamTable } from './stream-table';
import { suiteParams } from './suites';

/** What {@link createSrtpContext} needs. */
export interface SrtpContextOptions {
  /** The negotiated suite (the same for both directions in SDES). */
  readonly suite: SrtpSuite;
  /** Our key (from our `a=crypto`): protects what we send. */
  readonly local: SrtpMasterKey;
  /** The peer's key (from its `a=crypto`): authenticates and decrypts what we receive. */
  readonly remote: SrtpMasterKey;
  /** Replay window size in packets, at least 64 (RFC 3711 §3.3.2); default 64. */
  readonly replayWindow?: number;
  /** Most SSRCs kept per direction and protocol; the least recently used is forgotten first. Default 16. */
  readonly maxStreams?: number;
}

/**
 * One call's SRTP/SRTCP state, both directions. Every method returns a
 * result and never throws, whatever the bytes; inputs are never modified and
 * outputs are new Buffers.
 */
export interface SrtpContext {
  readonly suite: SrtpSuite;
  /** Encrypts and tags one RTP packet; `malformed` if it is not RTP (nothing is counted as sent). */
  protectRtp(packet: Uint8Array): SrtpResult<Buffer, 'malformed'>;
  /** Verifies, replay-checks and decrypts one SRTP packet into the RTP packet (tag removed). */
  unprotectRtp(packet: Uint8Array): SrtpResult<Buffer>;
  /** Encrypts one RTCP compound packet, appends `E ‖ SRTCP index` and the tag. */
  protectRtcp(packet: Uint8Array): SrtpResult<Buffer, 'malformed'>;
  /** Verifies, replay-checks and decrypts one SRTCP packet into the RTCP compound packet. */
  unprotectRtcp(packet: Uint8Array): SrtpResult<Buffer>;
  /** A snapshot of the counters. */
  readonly stats: SrtpStats;
}

/** SRTCP trailer: the E flag and the 31-bit SRTCP index (RFC 3711 §3.4). */
const SRTCP_INDEX_LENGTH = 4;
const SRTCP_INDEX_MASK = 0x7fffffff;
const SRTCP_E_FLAG = 0x80000000;
const DEFAULT_MAX_STREAMS = 16;

/**
 * Creates the SRTP/SRTCP context of a call.
 *
 * @throws RangeError when a key is not 16 bytes, a salt not 14, the suite
 *   unknown, or a size out of range. These are programming errors, not
 *   input: `parseSdesKey` never yields such keys.
 */
export function createSrtpContext(options: SrtpContextOptions): SrtpContext {
  if (!isSrtpSuite(options.suite)) throw new RangeError(`unknown SRTP suite ${String(options.suite)}`);
  checkKey('local', options.local);
  checkKey('remote', options.remote);
  const windowSize = options.replayWindow ?? DEFAULT_REPLAY_WINDOW;
  if (!Number.isInteger(windowSize) || windowSize < DEFAULT_REPLAY_WINDOW || windowSize > 32768) {
    throw new RangeError(`replay window ${windowSize} is outside 64..32768 (RFC 3711 §3.3.2 requires at least 64)`);
  }
  const maxStreams = options.maxStreams ?? DEFAULT_MAX_STREAMS;
  if (!Number.isInteger(maxStreams) || maxStreams < 1) throw new RangeError(`maxStreams ${maxStreams} must be a positive integer`);
  return new SrtpProcessor(options.suite, deriveSessionKeys(options.local), deriveSessionKeys(options.remote), windowSize, maxStreams);
}

function checkKey(which: string, key: SrtpMasterKey): void {
  if (key.masterKey.length !== MASTER_KEY_LENGTH) throw new RangeError(`${which} master key has ${key.masterKey.length} bytes, expected ${MASTER_KEY_LENGTH}`);
  if (key.masterSalt.length !== MASTER_SALT_LENGTH) throw new RangeError(`${which} master salt has ${key.masterSalt.length} bytes, expected ${MASTER_SALT_LENGTH}`);
}

/** A view of `bytes` as a Buffer (no copy). */
function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function hex32(n: number): string {
  return `0x${n.toString(16).padStart(8, '0')}`;
}

interface FlowCounters {
  sent: number;
  unsendable: number;
  received: number;
  rejected: Record<SrtpErrorCode, number>;
}

function newCounters(): FlowCounters {
  return { sent: 0, unsendable: 0, received: 0, rejected: { auth: 0, replay: 0, malformed: 0 } };
}

function snapshot(c: FlowCounters): SrtpFlowStats {
  return { sent: c.sent, unsendable: c.unsendable, received: c.received, rejected: { ...c.rejected } };
}

class SrtpProcessor implements SrtpContext {
  readonly #rtpTagLength: number;
  readonly #rtcpTagLength: number;
  readonly #local: SrtpSessionKeys;
  readonly #remote: SrtpSessionKeys;
  readonly #windowSize: number;
  /** Highest index sent, per SSRC. */
  readonly #sendRtp: StreamTable<{ highest: number }>;
  /** Last SRTCP index sent, per SSRC. */
  readonly #sendRtcp: StreamTable<{ index: number }>;
  readonly #receiveRtp: StreamTable<ReplayWindow>;
  readonly #receiveRtcp: StreamTable<ReplayWindow>;
  readonly #rtp = newCounters();
  readonly #rtcp = newCounters();
  /** Scratch for the ROC appended to the authenticated portion (single-threaded, used synchronously). */
  readonly #roc = Buffer.alloc(4);
  /** One reused AES context per session key: sending RTP/RTCP, receiving RTP/RTCP. */
  readonly #sendRtpCipher: PacketCipher;
  readonly #sendRtcpCipher: PacketCipher;
  readonly #receiveRtpCipher: PacketCipher;
  readonly #receiveRtcpCipher: PacketCipher;

  constructor(
    readonly suite: SrtpSuite,
    local: SrtpSessionKeys,
    remote: SrtpSessionKeys,
    windowSize: number,
    maxStreams: number,
  ) {
    this.#rtpTagLength = suiteParams[suite].rtpTagLength;
    this.#rtcpTagLength = suiteParams[suite].rtcpTagLength;
    this.#local = local;
    this.#remote = remote;
    this.#windowSize = windowSize;
    this.#sendRtp = new StreamTable(maxStreams);
    this.#sendRtcp = new StreamTable(maxStreams);
    this.#receiveRtp = new StreamTable(maxStreams);
    this.#receiveRtcp = new StreamTable(maxStreams);
    this.#sendRtpCipher = new PacketCipher(local.rtp.encryptionKey, local.rtp.salt);
    this.#sendRtcpCipher = new PacketCipher(local.rtcp.encryptionKey, local.rtcp.salt);
    this.#receiveRtpCipher = new PacketCipher(remote.rtp.encryptionKey, remote.rtp.salt);
    this.#receiveRtcpCipher = new PacketCipher(remote.rtcp.encryptionKey, remote.rtcp.salt);
  }

  get stats(): SrtpStats {
    return {
      rtp: snapshot(this.#rtp),
      rtcp: snapshot(this.#rtcp),
      streams: { sending: this.#sendRtp.size, receiving: this.#receiveRtp.size },
    };
  }

  protectRtp(input: Uint8Array): SrtpResult<Buffer, 'malformed'> {
    const packet = asBuffer(input);
    const header = rtpHeaderLength(packet, packet.length);
    if (!header.ok) {
      this.#rtp.unsendable++;
      return header;
    }
    const headerLength = header.data;
    const seq = packet.readUInt16BE(2);
    const ssrc = packet.readUInt32BE(8);
    const stream = this.#sendRtp.get(ssrc);
    let index = seq;
    if (stream === undefined) {
      this.#sendRtp.add(ssrc, { highest: seq });
    } else {
      index = guessIndex(seq, stream.highest);
      if (index > stream.highest) stream.highest = index;
    }
    const roc = rolloverCounterOf(index);
    const keys = this.#local.rtp;
    const out = Buffer.allocUnsafe(packet.length + this.#rtpTagLength);
    packet.copy(out, 0, 0, headerLength);
    this.#sendRtpCipher.xor(ssrc, roc, seq, packet, headerLength, packet.length, out, headerLength);
    this.#rtpTag(keys, out.subarray(0, packet.length), roc).copy(out, packet.length, 0, this.#rtpTagLength);
    this.#rtp.sent++;
    return srtpOk(out);
  }

  unprotectRtp(input: Uint8Array): SrtpResult<Buffer> {
    const packet = asBuffer(input);
    const end = packet.length - this.#rtpTagLength;
    const header = rtpHeaderLength(packet, end);
    if (!header.ok) return this.#reject(this.#rtp, 'malformed', `SRTP: ${header.error.message} (before the ${this.#rtpTagLength}-byte tag)`);
    const headerLength = header.data;
    const seq = packet.readUInt16BE(2);
    const ssrc = packet.readUInt32BE(8);
    const window = this.#receiveRtp.get(ssrc);
    const highest = window?.highest;
    const index = highest === undefined ? seq : guessIndex(seq, highest);
    const roc = rolloverCounterOf(index);
    const keys = this.#remote.rtp;

    const expected = this.#rtpTag(keys, packet.subarray(0, end), roc).subarray(0, this.#rtpTagLength);
    if (!timingSafeEqual(expected, packet.subarray(end))) {
      return this.#reject(this.#rtp, 'auth', `SRTP authentication failed (SSRC ${hex32(ssrc)}, SEQ ${seq}, guessed ROC ${roc})`);
    }
    const verdict = index < 0 ? 'too-old' : window === undefined ? 'new' : window.check(index);
    if (verdict !== 'new') {
      return this.#reject(this.#rtp, 'replay', replayMessage('SRTP', ssrc, index, verdict, this.#windowSize));
    }

    const out = Buffer.allocUnsafe(end);
    packet.copy(out, 0, 0, headerLength);
    this.#receiveRtpCipher.xor(ssrc, roc, seq, packet, headerLength, end, out, headerLength);
    (window ?? this.#receiveRtp.add(ssrc, new ReplayWindow(this.#windowSize))).accept(index);
    this.#rtp.received++;
    return srtpOk(out);
  }

  protectRtcp(input: Uint8Array): SrtpResult<Buffer, 'malformed'> {
    const packet = asBuffer(input);
    const check = checkRtcp(packet, packet.length);
    if (!check.ok) {
      this.#rtcp.unsendable++;
      return check;
    }
    const ssrc = packet.readUInt32BE(4);
    const stream = this.#sendRtcp.get(ssrc) ?? this.#sendRtcp.add(ssrc, { index: 0 });
    // The first SRTCP index is 1, as libsrtp and werift send it. After 2^31 - 1
    // it would wrap to 0; the master key's SRTCP lifetime (2^31) ends first.
    stream.index = (stream.index + 1) & SRTCP_INDEX_MASK;
    const index = stream.index;
    const keys = this.#local.rtcp;
    const end = packet.length;
    const out = Buffer.allocUnsafe(end + SRTCP_INDEX_LENGTH + this.#rtcpTagLength);
    packet.copy(out, 0, 0, RTCP_HEADER);
    this.#sendRtcpCipher.xor(ssrc, index >>> 16, index & 0xffff, packet, RTCP_HEADER, end, out, RTCP_HEADER);
    out.writeUInt32BE((SRTCP_E_FLAG | index) >>> 0, end);
    const tag = createHmac('sha1', keys.authenticationKey).update(out.subarray(0, end + SRTCP_INDEX_LENGTH)).digest();
    tag.copy(out, end + SRTCP_INDEX_LENGTH, 0, this.#rtcpTagLength);
    this.#rtcp.sent++;
    return srtpOk(out);
  }

  unprotectRtcp(input: Uint8Array): SrtpResult<Buffer> {
    const packet = asBuffer(input);
    const end = packet.length - SRTCP_INDEX_LENGTH - this.#rtcpTagLength;
    const check = checkRtcp(packet, end);
    if (!check.ok) return this.#reject(this.#rtcp, 'malformed', `SRTCP: ${check.error.message} (before the index and the ${this.#rtcpTagLength}-byte tag)`);
    const keys = this.#remote.rtcp;
    const tagStart = end + SRTCP_INDEX_LENGTH;
    const expected = createHmac('sha1', keys.authenticationKey).update(packet.subarray(0, tagStart)).digest().subarray(0, this.#rtcpTagLength);
    const ssrc = packet.readUInt32BE(4);
    if (!timingSafeEqual(expected, packet.subarray(tagStart))) {
      return this.#reject(this.#rtcp, 'auth', `SRTCP authentication failed (SSRC ${hex32(ssrc)})`);
    }
    const word = packet.readUInt32BE(end);
    const index = word & SRTCP_INDEX_MASK;
    const window = this.#receiveRtcp.get(ssrc);
    const verdict = window === undefined ? 'new' : window.check(index);
    if (verdict !== 'new') {
      return this.#reject(this.#rtcp, 'replay', replayMessage('SRTCP', ssrc, index, verdict, this.#windowSize));
    }

    const out = Buffer.allocUnsafe(end);
    packet.copy(out, 0, 0, RTCP_HEADER);
    // E = 0: authenticated but sent in the clear (RFC 3711 §3.4); libsrtp accepts it too.
    if ((word & SRTCP_E_FLAG) !== 0) {
      this.#receiveRtcpCipher.xor(ssrc, index >>> 16, index & 0xffff, packet, RTCP_HEADER, end, out, RTCP_HEADER);
    } else {
      packet.copy(out, RTCP_HEADER, RTCP_HEADER, end);
    }
    (window ?? this.#receiveRtcp.add(ssrc, new ReplayWindow(this.#windowSize))).accept(index);
    this.#rtcp.received++;
    return srtpOk(out);
  }

  /** `HMAC-SHA1(auth_key, authenticated portion ‖ ROC)`, full 20 bytes (RFC 3711 §4.2). */
  #rtpTag(keys: SessionKeys, authenticated: Buffer, roc: number): Buffer {
    this.#roc.writeUInt32BE(roc, 0);
    return createHmac('sha1', keys.authenticationKey).update(authenticated).update(this.#roc).digest();
  }

  #reject(counters: FlowCounters, code: SrtpErrorCode, message: string): SrtpResult<Buffer> {
    counters.rejected[code]++;
    return srtpFail(code, message);
  }
}

function replayMessage(protocol: string, ssrc: number, index: number, verdict: 'duplicate' | 'too-old', window: number): string {
  return verdict === 'duplicate'
    ? `${protocol} replay: index ${index} of SSRC ${hex32(ssrc)} was already received`
    : `${protocol} replay: index ${index} of SSRC ${hex32(ssrc)} is older than the ${window}-packet replay window`;
}
