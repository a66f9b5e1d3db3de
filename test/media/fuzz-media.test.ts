/**
 * Mutation fuzzing of the media path (seeded, replayable, bounded in time).
 *
 * Unit targets, 100,000 mutated inputs in total (counts in `BUDGET`):
 * - SDP through `OfferAnswerSession.answerOffer` and `.acceptAnswer`: never
 *   throws and never fails with kind `internal` (that is an exception caught
 *   by `guardSdp`, i.e. a bug); every failure is one of the typed kinds.
 * - RTP `parseRtp`, RTCP `parseRtcp`, SRTP `unprotectRtp` / SRTCP
 *   `unprotectRtcp`, `JitterBuffer.push` (with `pop` ticks) and
 *   `DtmfDetector.receive` (with `poll`): never throw, results stay typed.
 * Mutations: bit flips, truncations, byte insertions, length-field
 * corruption, splicing of valid fixtures (and line-level SDP edits).
 * A failing input is minimized and printed with its seed and index.
 *
 * End to end: a live call (SIPp signalling + a Node socket as the peer's
 * media, PCMU 440 Hz) while thousands of mutated RTP/SRTP/RTCP datagrams hit
 * Dialtone's media ports from a foreign address (127.0.0.2) and from the
 * peer's own address: no exception escapes, the call stays active, packets
 * from the foreign address never count as received, and Dialtone still hears
 * the 440 Hz tone.
 */
import assert from 'node:assert/strict';
import { createSocket, type Socket } from 'node:dgram';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { DtmfDetector, encodeTelephoneEvent } from '../../main/core/media/dtmf';
import { JitterBuffer } from '../../main/core/media/jitter';
import { buildRtcpCompound, parseRtcp } from '../../main/core/media/rtcp';
import { parseRtp, serializeRtp } from '../../main/core/media/rtp';
import { OfferAnswerSession, type LocalMediaCapabilities, type SdpErrorKind, type SdpResult } from '../../main/core/media/sdp';
import { createSrtpContext, type SrtpContext, type SrtpMasterKey } from '../../main/core/media/srtp';
import { makeToneWav } from '../lab/audio';
import { startKamailio } from '../lab/kamailio';
import { LOOPBACK } from '../lab/ports';
import { startSipp } from '../lab/sipp-runner';
import { makeWorkDir } from '../lab/workdir';
import { dominantFrequency, readWavMono, rmsDb, window } from '../support/audio-check';
import { int, minimize, minimizeText, mutateBytes, mutateSdp, pick, prng, type Rand } from '../support/fuzz-mutate';
import { mediaScenario, plainAnswerKeys, startDirectDialtone, startMediaPeer } from '../support/fuzz-media-peer';

/** Inputs per unit target: 100,000 in total. */
const BUDGET = {
  'sdp.answerOffer': 20_000,
  'sdp.acceptAnswer': 15_000,
  parseRtp: 15_000,
  parseRtcp: 14_000,
  'srtp.unprotectRtp': 10_000,
  'srtp.unprotectRtcp': 8_000,
  'JitterBuffer.push': 9_000,
  'DtmfDetector.receive': 9_000,
} as const;
const SEED = Number(process.env['DIALTONE_FUZZ_SEED'] ?? 0x0d1a1);

/** A found exception, with its minimized reproducer. */
interface Finding {
  readonly target: string;
  readonly index: number;
  readonly error: string;
  readonly reproducer: string;
}
const findings: Finding[] = [];
const ran = new Map<string, number>();

function describe(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}
function hex(b: Uint8Array): string {
  return Buffer.from(b).toString('hex');
}

// ---------------------------------------------------------------- SDP

const sdp = (...lines: string[]): string => `${lines.join('\r\n')}\r\n`;
const KEY_A = 'WnD7c1ksDGs+dIefCEo8omPg4uO8DYIinNGL5yxQ'; // base64 of 30 bytes
const KEY_B = 'YUJDZGVmZ2hpSktMbW5vcFFSU1R1dnd4eVowMTIz';

const OFFERS: readonly string[] = [
  sdp('v=0', 'o=- 1702384212 1 IN IP4 203.0.113.10', 's=Asterisk', 'c=IN IP4 203.0.113.10', 't=0 0', 'm=audio 17412 RTP/AVP 0 8 101', 'a=rtpmap:0 PCMU/8000', 'a=rtpmap:8 PCMA/8000', 'a=rtpmap:101 telephone-event/8000', 'a=fmtp:101 0-16', 'a=ptime:20', 'a=sendrecv'),
  sdp('v=0', 'o=- 4 2 IN IP4 127.0.0.1', 's=baresip', 'c=IN IP4 127.0.0.1', 't=0 0', 'm=audio 23456 RTP/AVP 111 9 0 8 101', 'b=AS:128', 'a=rtpmap:111 opus/48000/2', 'a=fmtp:111 stereo=1;sprop-stereo=1;maxaveragebitrate=64000', 'a=rtpmap:9 G722/8000', 'a=rtpmap:101 telephone-event/8000', 'a=rtcp:23457', 'a=ptime:20', 'a=sendrecv', `a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:${KEY_A}`),
  sdp('v=0', 'o=- 5 5 IN IP4 192.0.2.1', 's=-', 'c=IN IP4 192.0.2.1', 't=0 0', 'm=audio 30000 RTP/SAVP 0 101', `a=crypto:1 AES_CM_128_HMAC_SHA1_32 inline:${KEY_B}|2^20|1:1`, `a=crypto:2 AES_CM_128_HMAC_SHA1_80 inline:${KEY_A}`, 'a=rtpmap:101 telephone-event/8000', 'a=sendonly'),
  sdp('v=0', 'o=- 6 6 IN IP6 ::1', 's=-', 'c=IN IP6 ::1', 't=0 0', 'm=video 9000 RTP/AVP 96', 'a=rtpmap:96 VP8/90000', 'm=audio 9002 RTP/AVP 8', 'a=inactive', 'm=audio 0 RTP/AVP 0'),
  sdp('v=0', 'o=- 7 7 IN IP4 0.0.0.0', 's=-', 't=0 0', 'm=audio 4000 RTP/AVP 0 18', 'c=IN IP4 0.0.0.0', 'a=rtpmap:18 G729/8000', 'a=recvonly', 'a=rtcp-mux', 'a=maxptime:40'),
];
const ANSWERS_FOR = (port: number): readonly string[] => [
  sdp('v=0', 'o=- 1 1 IN IP4 203.0.113.10', 's=-', 'c=IN IP4 203.0.113.10', 't=0 0', `m=audio ${port} RTP/AVP 0 101`, 'a=rtpmap:0 PCMU/8000', 'a=rtpmap:101 telephone-event/8000', 'a=fmtp:101 0-15', 'a=sendrecv'),
  sdp('v=0', 'o=- 2 1 IN IP4 127.0.0.1', 's=-', 'c=IN IP4 127.0.0.1', 't=0 0', `m=audio ${port} RTP/SAVP 8`, `a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:${KEY_B}`, 'a=recvonly'),
  sdp('v=0', 'o=- 3 1 IN IP4 127.0.0.1', 's=-', 'c=IN IP4 127.0.0.1', 't=0 0', `m=audio ${port} RTP/AVP 111`, 'a=rtpmap:111 opus/48000/2', 'a=fmtp:111 useinbandfec=1', 'a=ptime:40'),
  sdp('v=0', 'o=- 4 1 IN IP4 127.0.0.1', 's=-', 'c=IN IP4 127.0.0.1', 't=0 0', 'm=audio 0 RTP/AVP 0'),
];
const LOCALS: readonly LocalMediaCapabilities[] = [
  { address: '127.0.0.1', rtpPort: 40000, codecs: ['pcmu', 'pcma'], srtp: 'off' },
  { address: '127.0.0.1', rtpPort: 40002, codecs: ['opus', 'g722', 'pcmu', 'pcma'], srtp: 'optional', sdesKeys: [{ suite: 'AES_CM_128_HMAC_SHA1_80', key: KEY_A }, { suite: 'AES_CM_128_HMAC_SHA1_32', key: KEY_B }] },
  { address: '::1', rtpPort: 40004, codecs: ['pcma'], srtp: 'required', sdesKeys: [{ suite: 'AES_CM_128_HMAC_SHA1_80', key: KEY_B }], direction: 'sendonly', ptime: 40 },
];
const KINDS: ReadonlySet<SdpErrorKind> = new Set<SdpErrorKind>(['malformed', 'no-audio', 'no-common-codec', 'srtp-required-locally', 'srtp-refused-locally', 'no-acceptable-crypto', 'unsupported-transport', 'offer-answer-mismatch', 'glare', 'no-pending-offer', 'invalid-local-config', 'internal']);

/** Why an SDP result is a bug, or undefined when it is a proper outcome. */
function sdpProblem<T>(r: SdpResult<T>): string | undefined {
  if (r.ok) return undefined;
  if (!KINDS.has(r.error.kind)) return `untyped failure kind ${String(r.error.kind)}`;
  if (r.error.kind === 'internal') return `internal failure (a caught exception): ${r.error.message}`;
  if (typeof r.error.message !== 'string' || r.error.message.length === 0) return 'failure without a message';
  return undefined;
}

function answerOfferProblem(text: string, local: LocalMediaCapabilities): string | undefined {
  try {
    return sdpProblem(new OfferAnswerSession({ sessionId: '1' }).answerOffer(text, local));
  } catch (e) {
    return `threw ${describe(e)}`;
  }
}
function acceptAnswerProblem(text: string, local: LocalMediaCapabilities): string | undefined {
  try {
    const s = new OfferAnswerSession({ sessionId: '2' });
    const offer = s.createOffer(local);
    if (!offer.ok) return `createOffer failed: ${offer.error.message}`;
    return sdpProblem(s.acceptAnswer(text));
  } catch (e) {
    return `threw ${describe(e)}`;
  }
}

function recordText(target: string, index: number, input: string, problem: string, stillFails: (s: string) => boolean): void {
  if (findings.filter((f) => f.target === target).length >= 5) return;
  const min = minimizeText(input, stillFails, 1500);
  findings.push({ target, index, error: problem, reproducer: JSON.stringify(min) });
}

test(`fuzz SDP: answerOffer ×${BUDGET['sdp.answerOffer']} and acceptAnswer ×${BUDGET['sdp.acceptAnswer']} return typed results only`, () => {
  const rand = prng(SEED ^ 0x5d9);
  const kinds = new Map<string, number>();
  for (let i = 0; i < BUDGET['sdp.answerOffer']; i++) {
    const local = pick(rand, LOCALS);
    const text = mutateSdp(rand, pick(rand, OFFERS), OFFERS);
    const problem = answerOfferProblem(text, local);
    const r = problem ? undefined : new OfferAnswerSession({ sessionId: '1' }).answerOffer(text, local);
    if (r) kinds.set(r.ok ? 'ok' : r.error.kind, (kinds.get(r.ok ? 'ok' : r.error.kind) ?? 0) + 1);
    if (problem) recordText('sdp.answerOffer', i, text, problem, (s) => answerOfferProblem(s, local) !== undefined);
  }
  ran.set('sdp.answerOffer', BUDGET['sdp.answerOffer']);
  for (let i = 0; i < BUDGET['sdp.acceptAnswer']; i++) {
    const local = pick(rand, LOCALS);
    const answers = ANSWERS_FOR(local.rtpPort);
    const text = mutateSdp(rand, pick(rand, answers), [...answers, ...OFFERS]);
    const problem = acceptAnswerProblem(text, local);
    if (problem) recordText('sdp.acceptAnswer', i, text, problem, (s) => acceptAnswerProblem(s, local) !== undefined);
  }
  ran.set('sdp.acceptAnswer', BUDGET['sdp.acceptAnswer']);
  console.log(`answerOffer outcomes: ${JSON.stringify(Object.fromEntries(kinds))}`);
  assert.ok((kinds.get('ok') ?? 0) > 500, 'the mutations hardly ever reach a successful answer: the fuzz is too shallow');
  const sdpFindings = findings.filter((f) => f.target.startsWith('sdp.'));
  assert.deepEqual(sdpFindings, [], `SDP findings:\n${sdpFindings.map((f) => `${f.target} #${f.index}: ${f.error}\n  minimized: ${f.reproducer}`).join('\n')}`);
});

// ---------------------------------------------------------------- RTP / RTCP / SRTP

function rtpFixture(rand: Rand, opts: { ext?: boolean; csrcs?: number; padding?: number; pt?: number; payloadLength?: number } = {}): Uint8Array {
  const out = serializeRtp({
    marker: rand() < 0.2,
    payloadType: opts.pt ?? 0,
    sequenceNumber: int(rand, 65536),
    timestamp: int(rand, 2 ** 32),
    ssrc: int(rand, 2 ** 32),
    csrcs: Array.from({ length: opts.csrcs ?? 0 }, () => int(rand, 2 ** 32)),
    ...(opts.ext ? { extension: { profile: 0xbede, data: Uint8Array.from([0x10, 0xaa, 0, 0, 0x21, 1, 2, 0]) } } : {}),
    payload: Uint8Array.from({ length: opts.payloadLength ?? 160 }, () => int(rand, 256)),
    paddingLength: opts.padding ?? 0,
  });
  if (!out.ok) throw new Error(`fixture: ${out.detail}`);
  return out.bytes;
}
/** Offsets of RTP length/count fields: V/P/X/CC, M/PT, seq, the extension length after 2 CSRCs or none. */
const RTP_FIELDS = [0, 1, 2, 12, 14, 20, 22];

function rtcpFixtures(): Uint8Array[] {
  const list: Uint8Array[] = [];
  const sr = buildRtcpCompound({
    ssrc: 0x11111111,
    cname: 'dialtone@127.0.0.1',
    sender: { ntp: { seconds: 3_900_000_000, fraction: 12345 }, rtpTimestamp: 160_000, packetCount: 500, octetCount: 80_000 },
    reports: [{ ssrc: 0x22222222, fractionLost: 12, cumulativeLost: 40, extendedHighestSeq: 70_000, jitter: 30, lastSr: 0x12345678, delaySinceLastSr: 65536 }],
  });
  const rrBye = buildRtcpCompound({
    ssrc: 0x33333333,
    cname: 'x',
    reports: [
      { ssrc: 1, fractionLost: 0, cumulativeLost: -3, extendedHighestSeq: 1, jitter: 0, lastSr: 0, delaySinceLastSr: 0 },
      { ssrc: 2, fractionLost: 255, cumulativeLost: 8_000_000, extendedHighestSeq: 2 ** 32 - 1, jitter: 2 ** 32 - 1, lastSr: 1, delaySinceLastSr: 1 },
    ],
    bye: { reason: 'fuzz over' },
  });
  for (const r of [sr, rrBye]) if (r.ok) list.push(r.bytes);
  if (list.length !== 2) throw new Error('RTCP fixtures failed to build');
  return list;
}

function recordBytes(target: string, index: number, input: Uint8Array, e: unknown, stillFails: (b: Uint8Array) => boolean): void {
  if (findings.filter((f) => f.target === target).length >= 5) return;
  findings.push({ target, index, error: describe(e), reproducer: hex(minimize(input, stillFails, 1500)) });
}
function throws(f: () => unknown): boolean {
  try {
    f();
    return false;
  } catch {
    return true;
  }
}

function key(rand: Rand): SrtpMasterKey {
  return { masterKey: Uint8Array.from({ length: 16 }, () => int(rand, 256)), masterSalt: Uint8Array.from({ length: 14 }, () => int(rand, 256)) };
}

test(`fuzz RTP ×${BUDGET.parseRtp}, RTCP ×${BUDGET.parseRtcp}, SRTP ×${BUDGET['srtp.unprotectRtp']}, SRTCP ×${BUDGET['srtp.unprotectRtcp']}: the parsers and unprotect never throw`, () => {
  const rand = prng(SEED ^ 0x27f);
  const rtpFixtures = [rtpFixture(rand), rtpFixture(rand, { csrcs: 2, ext: true }), rtpFixture(rand, { padding: 7, pt: 8 }), rtpFixture(rand, { pt: 101, payloadLength: 4 }), rtpFixture(rand, { ext: true, payloadLength: 0 })];
  let parsedOk = 0;
  for (let i = 0; i < BUDGET.parseRtp; i++) {
    const { bytes } = mutateBytes(rand, pick(rand, rtpFixtures), rtpFixtures, RTP_FIELDS);
    try {
      const r = parseRtp(bytes);
      if (r.ok) {
        parsedOk++;
        assert.ok(r.packet.payload.length + r.packet.paddingLength <= bytes.length, `payload beyond the datagram: ${hex(bytes)}`);
      }
    } catch (e) {
      recordBytes('parseRtp', i, bytes, e, (b) => throws(() => parseRtp(b)));
    }
  }
  ran.set('parseRtp', BUDGET.parseRtp);

  const rtcp = rtcpFixtures();
  const rtcpFields = [0, 2, 3, 30, 31, 34, 35];
  let rtcpOk = 0;
  for (let i = 0; i < BUDGET.parseRtcp; i++) {
    const { bytes } = mutateBytes(rand, pick(rand, rtcp), rtcp, rtcpFields);
    const reduced = rand() < 0.3;
    try {
      const r = parseRtcp(bytes, { allowReducedSize: reduced });
      if (r.ok) rtcpOk++;
      else assert.equal(typeof r.reason, 'string');
    } catch (e) {
      recordBytes('parseRtcp', i, bytes, e, (b) => throws(() => parseRtcp(b, { allowReducedSize: reduced })));
    }
  }
  ran.set('parseRtcp', BUDGET.parseRtcp);

  // SRTP: A protects, B unprotects (keys crossed). Half the inputs are mutated after protection
  // (auth must fail), half are mutated RTP protected by A (decryption of odd headers).
  const ka = key(rand);
  const kb = key(rand);
  const ctx = (suite: 'AES_CM_128_HMAC_SHA1_80' | 'AES_CM_128_HMAC_SHA1_32'): [SrtpContext, SrtpContext] => [createSrtpContext({ suite, local: ka, remote: kb }), createSrtpContext({ suite, local: kb, remote: ka })];
  const pairs = [ctx('AES_CM_128_HMAC_SHA1_80'), ctx('AES_CM_128_HMAC_SHA1_32')];
  const srtpCodes = new Map<string, number>();
  const count = (k: string): void => void srtpCodes.set(k, (srtpCodes.get(k) ?? 0) + 1);
  for (let i = 0; i < BUDGET['srtp.unprotectRtp']; i++) {
    const [a, b] = pick(rand, pairs);
    let input: Uint8Array;
    if (rand() < 0.5) {
      const p = a.protectRtp(pick(rand, rtpFixtures));
      if (!p.ok) throw new Error('protect failed on a valid fixture');
      input = mutateBytes(rand, p.data, [], RTP_FIELDS).bytes;
    } else {
      const m = mutateBytes(rand, pick(rand, rtpFixtures), rtpFixtures, RTP_FIELDS).bytes;
      const p = a.protectRtp(m);
      input = p.ok ? p.data : m;
    }
    try {
      const r = b.unprotectRtp(input);
      count(r.ok ? 'ok' : r.error.code);
    } catch (e) {
      recordBytes('srtp.unprotectRtp', i, input, e, (x) => throws(() => b.unprotectRtp(x)));
    }
  }
  ran.set('srtp.unprotectRtp', BUDGET['srtp.unprotectRtp']);
  for (let i = 0; i < BUDGET['srtp.unprotectRtcp']; i++) {
    const [a, b] = pick(rand, pairs);
    let input: Uint8Array;
    if (rand() < 0.5) {
      const p = a.protectRtcp(pick(rand, rtcp));
      if (!p.ok) throw new Error('protectRtcp failed on a valid fixture');
      input = mutateBytes(rand, p.data, [], rtcpFields).bytes;
    } else {
      const m = mutateBytes(rand, pick(rand, rtcp), rtcp, rtcpFields).bytes;
      const p = a.protectRtcp(m);
      input = p.ok ? p.data : m;
    }
    try {
      const r = b.unprotectRtcp(input);
      count(r.ok ? 'rtcp-ok' : `rtcp-${r.error.code}`);
    } catch (e) {
      recordBytes('srtp.unprotectRtcp', i, input, e, (x) => throws(() => b.unprotectRtcp(x)));
    }
  }
  ran.set('srtp.unprotectRtcp', BUDGET['srtp.unprotectRtcp']);
  console.log(`parseRtp ok ${parsedOk}/${BUDGET.parseRtp}; parseRtcp ok ${rtcpOk}/${BUDGET.parseRtcp}; SRTP outcomes ${JSON.stringify(Object.fromEntries(srtpCodes))}`);
  assert.ok(parsedOk > 1000 && rtcpOk > 100, 'the mutations never reach the parsers\' success paths');
  assert.ok((srtpCodes.get('ok') ?? 0) > 100, 'no mutated RTP made it through protect/unprotect: the decrypt path is not reached');
  const found = findings.filter((f) => /^(parse|srtp)/.test(f.target));
  assert.deepEqual(found, [], `findings:\n${found.map((f) => `${f.target} #${f.index}: ${f.error}\n  minimized hex: ${f.reproducer}`).join('\n')}`);
});

// ---------------------------------------------------------------- jitter buffer, DTMF

const WEIRD_NUMBERS = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -1, -0, 2 ** 32, 2 ** 53, -(2 ** 31), 65536, 0.5, Number.MAX_VALUE];

test(`fuzz JitterBuffer.push ×${BUDGET['JitterBuffer.push']} and DtmfDetector.receive ×${BUDGET['DtmfDetector.receive']} never throw`, () => {
  const rand = prng(SEED ^ 0x61b);
  const rtpFixtures = [rtpFixture(rand), rtpFixture(rand, { csrcs: 1 }), rtpFixture(rand, { pt: 111, payloadLength: 60 }), rtpFixture(rand, { payloadLength: 2 })];
  const buffers = [new JitterBuffer({ clockRate: 8000 }), new JitterBuffer({ clockRate: 48000, maxDelayMs: 120 }), new JitterBuffer({ clockRate: 16000, frameMs: 30, capacityFrames: 4 })];
  let now = 1000;
  let seq = 100;
  let ts = 16_000;
  const outcomes = new Map<string, number>();
  const nanStats = new Set<string>();
  for (let i = 0; i < BUDGET['JitterBuffer.push']; i++) {
    const jb = buffers[i % buffers.length];
    assert.ok(jb);
    now += rand() < 0.05 ? pick(rand, [-500, 0, 5000, 0.001]) : 20 * rand() * 2;
    seq = (seq + 1) & 0xffff;
    ts = (ts + 160) >>> 0;
    let frame: { seq: number; timestamp: number; payload: Uint8Array; marker: boolean; ssrc: number };
    const parsed = parseRtp(mutateBytes(rand, pick(rand, rtpFixtures), rtpFixtures, RTP_FIELDS).bytes);
    if (parsed.ok && rand() < 0.5) {
      const p = parsed.packet;
      frame = { seq: p.sequenceNumber, timestamp: p.timestamp, payload: p.payload, marker: p.marker, ssrc: p.ssrc };
    } else {
      frame = {
        seq: rand() < 0.2 ? pick(rand, WEIRD_NUMBERS) : (seq + (rand() < 0.1 ? int(rand, 65536) : int(rand, 5) - 2)) & 0xffff,
        timestamp: rand() < 0.2 ? pick(rand, WEIRD_NUMBERS) : (ts + (rand() < 0.1 ? int(rand, 2 ** 32) : 0)) >>> 0,
        payload: Uint8Array.from({ length: int(rand, 200) }, () => int(rand, 256)),
        marker: rand() < 0.1,
        ssrc: rand() < 0.05 ? int(rand, 2 ** 32) : 7,
      };
    }
    const arrival = rand() < 0.03 ? pick(rand, WEIRD_NUMBERS) : now;
    try {
      const o = jb.push(frame, arrival);
      outcomes.set(o, (outcomes.get(o) ?? 0) + 1);
      if (rand() < 0.5) {
        const out = jb.pop(rand() < 0.02 ? pick(rand, WEIRD_NUMBERS) : now);
        assert.ok(out.kind === 'audio' || out.kind === 'conceal' || out.kind === 'silence');
      }
      if (i % 997 === 0) {
        const st = jb.stats();
        for (const [k, v] of Object.entries(st)) {
          assert.ok(v === undefined || typeof v === 'number', `stats.${k} is a ${typeof v}`);
          // NaN gauges come from the absurd caller-supplied times this loop also feeds (see the todo test below).
          if (typeof v === 'number' && Number.isNaN(v)) nanStats.add(k);
        }
      }
    } catch (e) {
      if (findings.filter((f) => f.target === 'JitterBuffer.push').length < 5) {
        findings.push({ target: 'JitterBuffer.push', index: i, error: describe(e), reproducer: JSON.stringify({ seq: frame.seq, timestamp: frame.timestamp, payload: hex(frame.payload), marker: frame.marker, ssrc: frame.ssrc, arrival }) });
      }
    }
  }
  ran.set('JitterBuffer.push', BUDGET['JitterBuffer.push']);

  const dtmfFixtures: Uint8Array[] = [];
  for (const ev of [0, 5, 11, 15, 16]) for (const end of [false, true]) dtmfFixtures.push(encodeTelephoneEvent({ event: ev, end, volume: 10, duration: 160 * (1 + int(rand, 8)) }));
  const detectors = [new DtmfDetector(), new DtmfDetector({ clockRate: 48000, timeoutMs: 50 }), new DtmfDetector({ clockRate: Number.NaN, timeoutMs: -1 })];
  let digits = 0;
  let t = 0;
  let evTs = 8000;
  for (let i = 0; i < BUDGET['DtmfDetector.receive']; i++) {
    const det = detectors[i % detectors.length];
    assert.ok(det);
    t += 10 + 20 * rand();
    if (rand() < 0.1) evTs = (evTs + int(rand, 4000)) >>> 0;
    const payload = mutateBytes(rand, pick(rand, dtmfFixtures), dtmfFixtures, [0, 2]).bytes;
    const timestamp = rand() < 0.1 ? pick(rand, WEIRD_NUMBERS) : rand() < 0.2 ? int(rand, 2 ** 32) : evTs;
    const nowMs = rand() < 0.03 ? pick(rand, WEIRD_NUMBERS) : t;
    try {
      digits += det.receive({ timestamp, payload }, nowMs).length;
      if (rand() < 0.2) digits += det.poll(t).length;
      if (rand() < 0.001) det.reset();
    } catch (e) {
      if (findings.filter((f) => f.target === 'DtmfDetector.receive').length < 5) {
        const min = minimize(payload, (b) => throws(() => new DtmfDetector().receive({ timestamp, payload: b }, nowMs)), 500);
        findings.push({ target: 'DtmfDetector.receive', index: i, error: describe(e), reproducer: `timestamp=${timestamp} now=${nowMs} payload=${hex(min)} (full: ${hex(payload)})` });
      }
    }
  }
  ran.set('DtmfDetector.receive', BUDGET['DtmfDetector.receive']);
  console.log(`jitter push outcomes ${JSON.stringify(Object.fromEntries(outcomes))}; NaN gauges seen: ${[...nanStats].join(', ') || 'none'}; DTMF digits detected ${digits}`);
  const found = findings.filter((f) => f.target === 'JitterBuffer.push' || f.target === 'DtmfDetector.receive');
  assert.deepEqual(found, [], `findings:\n${found.map((f) => `${f.target} #${f.index}: ${f.error}\n  input: ${f.reproducer}`).join('\n')}`);
  assert.ok(digits > 50, 'the mutated telephone-events never complete a digit: the fuzz is too shallow');
});

/**
 * Found by the fuzz above (minimized by hand from its NaN gauges): the jitter
 * buffer guards `push` against non-finite arrival times ('invalid') but not
 * `pop` against a NaN clock, and a finite but absurd arrival time overflows
 * the RFC 3550 jitter estimate. Once NaN, the gauges stay NaN for the rest of
 * the call (call.stats would carry NaN, which the zod event schema accepts
 * as a number). Not reachable from the network (times come from our clock),
 * so it is a robustness gap, not a crash.
 */
test('jitter buffer gauges stay numbers after pop(NaN) or an absurd arrival time', () => {
  const feed = (jb: JitterBuffer, from: number, to: number): void => {
    for (let i = from; i < to; i++) {
      jb.push({ seq: i, timestamp: i * 160, payload: new Uint8Array(160) }, 1000 + 20 * i);
      jb.pop(1000 + 20 * i);
    }
  };
  const a = new JitterBuffer({ clockRate: 8000 });
  feed(a, 0, 50);
  a.pop(Number.NaN);
  feed(a, 51, 60);
  const b = new JitterBuffer({ clockRate: 8000 });
  feed(b, 0, 50);
  b.push({ seq: 50, timestamp: 50 * 160, payload: new Uint8Array(160) }, Number.MAX_VALUE);
  feed(b, 51, 60);
  const nan = (jb: JitterBuffer): string[] => Object.entries(jb.stats()).flatMap(([k, v]) => (typeof v === 'number' && Number.isNaN(v) ? [k] : []));
  assert.deepEqual({ afterPopNaN: nan(a), afterPushMax: nan(b) }, { afterPopNaN: [], afterPushMax: [] });
});

test('fuzz totals: 100,000 unit inputs', () => {
  const total = [...ran.values()].reduce((a, b) => a + b, 0);
  console.log(`fuzz inputs per target (seed ${SEED}): ${JSON.stringify(Object.fromEntries(ran))}, total ${total}; findings ${findings.length}`);
  assert.equal(total, 100_000);
});

// ---------------------------------------------------------------- end to end

/** Sends `packets` from `socket` to `to`, 100 per event-loop turn; resolves with the count handed to the kernel. */
async function blast(socket: Socket, to: { address: string; port: number }, packets: readonly Uint8Array[]): Promise<number> {
  let sent = 0;
  for (let i = 0; i < packets.length; i += 100) {
    await Promise.all(
      packets.slice(i, i + 100).map(
        (p) =>
          new Promise<void>((resolve) => {
            socket.send(p, to.port, to.address, (e) => {
              if (!e) sent++;
              resolve();
            });
          }),
      ),
    );
    await new Promise((r) => setImmediate(r));
  }
  return sent;
}

async function bindUdp(address: string, port = 0): Promise<Socket> {
  const s = createSocket('udp4');
  await new Promise<void>((resolve, reject) => {
    s.once('error', reject);
    s.bind(port, address, () => {
      s.off('error', reject);
      resolve();
    });
  });
  s.on('error', () => undefined);
  return s;
}

/** One live call (plain RTP or SDES-SRTP) under fire; see the file comment. */
async function blastLiveCall(t: TestContext, mode: 'rtp' | 'srtp'): Promise<void> {
  const escaped: string[] = [];
  const onRejection = (e: unknown): void => void escaped.push(`unhandledRejection: ${describe(e)}`);
  const onException = (e: unknown): void => void escaped.push(`uncaughtException: ${describe(e)}`);
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
  t.after(() => {
    process.off('unhandledRejection', onRejection);
    process.off('uncaughtException', onException);
  });

  const kam = await startKamailio({ users: [{ username: 'alice', password: 'alice123' }], udpPort: 'random', tlsPort: 'random' });
  t.after(() => kam.stop());
  const dir = makeWorkDir('fuzz-media');
  const tone880 = await makeToneWav(join(dir, 'dialtone-880.wav'), { freq: 880, seconds: 20, rate: 8000 });
  const heard = join(dir, 'heard.wav');
  const { core, sipPort } = await startDirectDialtone(t, { kamailioPort: kam.udpPort, password: 'alice123', input: tone880, output: heard, statsIntervalMs: 250, srtp: mode === 'srtp' ? 'required' : 'off' });
  // SRTP: the peer protects its tone with its own SDES key, given to Dialtone in the ACK's answer.
  const peerKey = key(prng(SEED ^ 0x5e7));
  const peerSrtp = createSrtpContext({ suite: 'AES_CM_128_HMAC_SHA1_80', local: peerKey, remote: key(prng(1)) });
  const protect = mode === 'srtp' ? (b: Uint8Array): Uint8Array | undefined => { const p = peerSrtp.protectRtp(b); return p.ok ? p.data : undefined; } : undefined;
  const peer = await startMediaPeer(t, 440, protect);
  const inline = Buffer.concat([peerKey.masterKey, peerKey.masterSalt]).toString('base64');
  const answerKeys = mode === 'srtp' ? { ...plainAnswerKeys(peer.port), media_profile: 'RTP/SAVP', media_extra: `a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:${inline}` } : plainAnswerKeys(peer.port);
  const since = core.events.length;
  const sipp = await startSipp({
    scenario: mediaScenario('late-offer-uac'),
    remote: { host: LOOPBACK, port: sipPort },
    service: 'alice',
    keys: answerKeys,
    maxCalls: 1,
    timeoutS: 30,
    extraArgs: ['-d', '12000'],
  });
  t.after(() => sipp.stop());
  const active = await core.waitFor((e) => e.event === 'call.updated' && e.data.state === 'active', 10_000, since);
  const t0 = Date.now();
  const callId = active.event === 'call.updated' ? active.data.callId : '';
  if (mode === 'srtp') await core.waitFor((e) => e.event === 'call.updated' && e.data.callId === callId && e.data.srtp, 5000, since);
  const ok200 = core.runtime.core.trace(0, 500).find((e) => e.direction === 'sent' && /^SIP\/2\.0 200/.test(e.summary) && /CSeq: 1 INVITE/i.test(e.text));
  const rtpPort = Number(/m=audio (\d+) /.exec(ok200?.text ?? '')?.[1]);
  assert.ok(rtpPort > 0, 'no RTP port in the 200 OK');
  const rtp = { address: LOOPBACK, port: rtpPort };
  const rtcp = { address: LOOPBACK, port: rtpPort + 1 };

  const latestStats = async (): Promise<{ received: number; srtpFailures: number }> => {
    const from = core.events.length;
    const s = await core.waitFor((e) => e.event === 'call.stats' && e.data.callId === callId, 3000, from);
    return s.event === 'call.stats' ? { received: s.data.packetsReceived, srtpFailures: s.data.srtpFailures } : { received: -1, srtpFailures: -1 };
  };
  await new Promise((r) => setTimeout(r, 1500));

  // The datagrams: mutated copies of the peer's own stream (its SSRC, sequence numbers and
  // timestamps around the live ones), valid-looking packets that would play if accepted,
  // SRTP-shaped packets (protected with a key Dialtone does not have), mutated RTCP, garbage.
  const rand = prng(SEED ^ 0xe2e);
  const srtp = createSrtpContext({ suite: 'AES_CM_128_HMAC_SHA1_80', local: key(rand), remote: key(rand) });
  const makeRtp = (valid: boolean): Uint8Array => {
    const base = serializeRtp({ payloadType: valid ? 0 : pick(rand, [0, 8, 101, 111, 13, 127]), sequenceNumber: (peer.nextSeq + int(rand, 40) - 10) & 0xffff, timestamp: (peer.nextTimestamp + 160 * (int(rand, 40) - 10)) >>> 0, ssrc: peer.ssrc, payload: Uint8Array.from({ length: 160 }, () => (valid ? 0xff : int(rand, 256))) });
    if (!base.ok) throw new Error(base.detail);
    return valid ? base.bytes : mutateBytes(rand, base.bytes, [], RTP_FIELDS).bytes;
  };
  const rtcpFix = rtcpFixtures();
  const batch = (n: number): { toRtp: Uint8Array[]; toRtcp: Uint8Array[] } => {
    const toRtp: Uint8Array[] = [];
    const toRtcp: Uint8Array[] = [];
    for (let i = 0; i < n; i++) {
      const k = int(rand, 10);
      if (k < 4) toRtp.push(makeRtp(false));
      else if (k < 5) toRtp.push(makeRtp(true));
      else if (k < 7) {
        const p = srtp.protectRtp(makeRtp(rand() < 0.5));
        toRtp.push(p.ok ? mutateBytes(rand, p.data, [], RTP_FIELDS).bytes : makeRtp(false));
      } else if (k < 9) toRtcp.push(mutateBytes(rand, pick(rand, rtcpFix), rtcpFix, [0, 2, 3, 30, 31]).bytes);
      else toRtp.push(Uint8Array.from({ length: int(rand, 1400) }, () => int(rand, 256)));
    }
    return { toRtp, toRtcp };
  };

  // Phase 1: from 127.0.0.2 (and from another port of 127.0.0.1): none may count as received.
  const foreign = await bindUdp('127.0.0.2');
  const foreignSamePort = await bindUdp(LOOPBACK);
  t.after(() => {
    foreign.close();
    foreignSamePort.close();
  });
  const before1 = await latestStats();
  const sentBefore1 = peer.sent;
  const f1 = batch(2500);
  const f2 = batch(500);
  const tForeign0 = (Date.now() - t0) / 1000;
  const foreignSent = (await blast(foreign, rtp, f1.toRtp)) + (await blast(foreign, rtcp, f1.toRtcp)) + (await blast(foreignSamePort, rtp, f2.toRtp)) + (await blast(foreignSamePort, rtcp, f2.toRtcp));
  await new Promise((r) => setTimeout(r, 1000));
  const after1 = await latestStats();
  const tForeign1 = (Date.now() - t0) / 1000;
  const peerDuring1 = peer.sent - sentBefore1;
  const gained1 = after1.received - before1.received;
  console.log(`foreign blast: ${foreignSent} datagrams sent; Dialtone's packetsReceived +${gained1} while the peer sent ${peerDuring1} (about 1 per 20 ms)`);
  assert.ok(gained1 <= peerDuring1 + 5, `foreign packets reached the receive path: +${gained1} received for ${peerDuring1} genuine`);
  assert.ok(gained1 >= peerDuring1 * 0.8 - 5, `genuine packets were lost during the foreign blast: +${gained1} of ${peerDuring1}`);

  // Phase 2: from the peer's own address (its RTP socket, and its RTCP port).
  const peerRtcp = await bindUdp(LOOPBACK, peer.port + 1);
  t.after(() => peerRtcp.close());
  const p1 = batch(3000);
  const tPeer0 = (Date.now() - t0) / 1000;
  const peerSent = (await blast(peer.socket, rtp, p1.toRtp)) + (await blast(peerRtcp, rtcp, p1.toRtcp));
  const tPeer1 = (Date.now() - t0) / 1000;
  await new Promise((r) => setTimeout(r, 2500));
  const after2 = await latestStats();
  console.log(`peer-address blast: ${peerSent} datagrams sent; packetsReceived ${after1.received} → ${after2.received}, srtpFailures ${after2.srtpFailures}`);

  // The call survived: still active, media still counted, no exception escaped.
  const ended = core.events.slice(since).find((e) => e.event === 'call.ended');
  assert.equal(ended, undefined, `the call ended during the blast: ${JSON.stringify(ended)}`);
  const last = core.events.filter((e) => e.event === 'call.updated' && e.data.callId === callId).at(-1);
  assert.equal(last?.event === 'call.updated' && last.data.state, 'active');
  const after3 = await latestStats();
  await new Promise((r) => setTimeout(r, 1000));
  const after4 = await latestStats();
  assert.ok(after4.received - after3.received >= 30, `media stopped after the blast: ${after3.received} → ${after4.received}`);
  assert.deepEqual(escaped, []);
  const errors = core.logger.lines.filter((l) => l.level === 'error');
  console.log(`Dialtone error log lines during the call: ${errors.length}${errors.length ? ` (${JSON.stringify(errors.slice(0, 3))})` : ''}`);

  // SIPp hangs up: the call ends normally on both sides.
  const end = await core.waitFor((e) => e.event === 'call.ended' && e.data.callId === callId, 15_000, since);
  assert.equal(end.event === 'call.ended' && end.data.endedBy, 'remote');
  const result = await sipp.wait(15_000);
  assert.equal(result.code, 0, `SIPp: ${result.output.slice(-3000)}`);
  assert.deepEqual(escaped, []);
  await core.stop();
  await new Promise((r) => setTimeout(r, 300));

  // What Dialtone played: the peer's 440 Hz during the foreign blast and after the peer-address blast.
  const ours = readWavMono(heard);
  const profile: string[] = [];
  for (let at = 0; at + 0.5 <= ours.samples.length / ours.rate; at += 0.5) profile.push(`${at.toFixed(1)}:${rmsDb(window(ours.samples, ours.rate, at, at + 0.5)).toFixed(0)}`);
  console.log(`Dialtone's playout level per 0.5 s (s:dBFS): ${profile.join(' ')}`);
  // Plain RTP: packets from the peer's own address with its SSRC are indistinguishable from its
  // media, so the blast may disturb playout, but the SSRC lock and the sequence check (RFC 3550
  // A.1) keep other SSRCs and wild sequence numbers out of the jitter buffer, so it does not stop
  // playout for long. SRTP: they fail authentication, so playout must not be disturbed at all.
  const lastSilent = profile.filter((p) => p.endsWith(':-Infinity')).map((p) => Number(p.split(':')[0])).filter((at) => at >= tPeer0 - 0.5).at(-1);
  console.log(`${mode}: digital silence after the peer-address blast until ${lastSilent === undefined ? 'never' : `${(lastSilent + 0.5).toFixed(1)} s (blast ended at ${tPeer1.toFixed(1)} s)`}`);
  const windows: Array<readonly [string, number, number]> = [['during the foreign blast', tForeign0 + 0.2, tForeign1]];
  if (mode === 'srtp') windows.push(['during and right after the peer-address blast', tPeer0, tPeer1 + 1.5]);
  windows.push(['4 s after the peer-address blast', tPeer1 + 4, tPeer1 + 5.5]);
  for (const [name, from, to] of windows) {
    const w = window(ours.samples, ours.rate, from, to);
    const f = dominantFrequency(w, ours.rate, 440);
    console.log(`${mode}: ${name} (${from.toFixed(1)}-${to.toFixed(1)} s): ${f} Hz at ${rmsDb(w).toFixed(1)} dBFS`);
    assert.ok(w.length > ours.rate * 0.5, `${name}: recording too short (${ours.samples.length / ours.rate} s)`);
    assert.ok(Math.abs(f - 440) <= 2, `${name}: Dialtone heard ${f} Hz, not 440`);
    assert.ok(rmsDb(w) > -35, `${name}: too quiet (${rmsDb(w).toFixed(1)} dBFS)`);
  }
  // Seen: 3.1 s of silence before the SSRC lock; 1.1 s once after it (a wild timestamp restarted the
  // buffer). Holding forward jumps for confirmation alone made it 3.5 s: the blast's valid-looking
  // packets up to 600 ms ahead drag the transit minimum down, and every genuine packet is then late
  // until the 3 s windows forget. With the late-run rule (half a second of only late packets starts
  // over): never silent in 3 runs.
  if (mode === 'rtp') assert.ok(lastSilent === undefined || lastSilent + 0.5 <= tPeer1 + 2, `plain RTP: playout stayed silent until ${String((lastSilent ?? 0) + 0.5)} s, more than 2 s after the blast (${tPeer1.toFixed(1)} s)`);
  if (mode === 'srtp') {
    assert.equal(lastSilent, undefined, 'SRTP: the peer-address garbage silenced playout');
    assert.ok(after2.srtpFailures >= 1000, `SRTP: only ${after2.srtpFailures} SRTP failures counted for the blast`);
  }
}

test('end to end, plain RTP call: thousands of mutated RTP/SRTP/RTCP datagrams from a foreign address and from the peer itself', (t) => blastLiveCall(t, 'rtp'));
test('end to end, SRTP call: the same blast; the peer-address garbage fails authentication and never disturbs playout', (t) => blastLiveCall(t, 'srtp'));
