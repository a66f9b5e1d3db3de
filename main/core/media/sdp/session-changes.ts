/**
 * What a re-INVITE (or UPDATE) changed in the negotiated audio stream, so the
 * media engine restarts only that: a new destination re-targets the socket, a
 * new codec or ptime swaps the encoder, new keys rebuild the SRTP contexts, a
 * new direction mutes or unmutes.
 */
import type { NegotiatedCodec, NegotiatedSession, NegotiatedTelephoneEvent, TransportAddress } from './negotiated-session';

/** Every aspect that can change between two negotiations; `changed` is true when any is. */
export interface SessionChanges {
  readonly changed: boolean;
  /** `started`: there was no active stream and now there is; `stopped`: the reverse. */
  readonly stream: 'unchanged' | 'started' | 'stopped';
  /** RTP or RTCP destination (address or port). */
  readonly remoteAddress: boolean;
  /** Send codec (name, PT, clock, channels, fmtp) or the set of PTs we receive. */
  readonly codec: boolean;
  /** The telephone-event PT we send or receive. */
  readonly telephoneEvent: boolean;
  readonly ptime: boolean;
  /** Whether we send or receive, and the peer's hold state. */
  readonly direction: boolean;
  /** SRTP on/off, suite, tag or either key: the SRTP contexts must be rebuilt. */
  readonly srtp: boolean;
}

function sameAddress(a: TransportAddress, b: TransportAddress): boolean {
  return a.family === b.family && a.address === b.address && a.port === b.port;
}

function sameRecord(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && a[k] === b[k]);
}

function sameCodec(a: NegotiatedCodec, b: NegotiatedCodec): boolean {
  return a.name === b.name && a.payloadType === b.payloadType && a.clockRate === b.clockRate && a.channels === b.channels && sameRecord(a.fmtp, b.fmtp);
}

function sameList<T>(a: readonly T[], b: readonly T[], same: (x: T, y: T) => boolean): boolean {
  return a.length === b.length && a.every((x, i) => {
    const y = b[i];
    return y !== undefined && same(x, y);
  });
}

function sameEvent(a: NegotiatedTelephoneEvent | undefined, b: NegotiatedTelephoneEvent | undefined): boolean {
  if (!a || !b) return a === b;
  return a.payloadType === b.payloadType && a.clockRate === b.clockRate && a.events === b.events;
}

const NOTHING: SessionChanges = {
  changed: false,
  stream: 'unchanged',
  remoteAddress: false,
  codec: false,
  telephoneEvent: false,
  ptime: false,
  direction: false,
  srtp: false,
};

const EVERYTHING: Omit<SessionChanges, 'stream'> = {
  changed: true,
  remoteAddress: true,
  codec: true,
  telephoneEvent: true,
  ptime: true,
  direction: true,
  srtp: true,
};

/**
 * Compares the session in force (`previous`, undefined before the first
 * negotiation) with a new one. Starting or stopping the stream marks every
 * aspect as changed.
 */
export function compareSessions(previous: NegotiatedSession | undefined, next: NegotiatedSession): SessionChanges {
  const wasActive = previous !== undefined && !previous.disabled;
  if (next.disabled) return wasActive ? { ...EVERYTHING, stream: 'stopped' } : NOTHING;
  if (!previous || previous.disabled) return { ...EVERYTHING, stream: 'started' };
  const remoteAddress = !sameAddress(previous.remoteRtp, next.remoteRtp) || !sameAddress(previous.remoteRtcp, next.remoteRtcp);
  const codec = !sameCodec(previous.sendCodec, next.sendCodec) || !sameList(previous.receiveCodecs, next.receiveCodecs, sameCodec);
  const telephoneEvent = !sameEvent(previous.telephoneEvent, next.telephoneEvent) || !sameList(previous.receiveTelephoneEvents, next.receiveTelephoneEvents, sameEvent);
  const ptime = previous.ptime !== next.ptime;
  const direction = previous.send !== next.send || previous.receive !== next.receive || previous.remoteHold.method !== next.remoteHold.method;
  const a = previous.srtp;
  const b = next.srtp;
  const srtp = !a || !b ? a !== b : a.suite !== b.suite || a.tag !== b.tag || a.localKey !== b.localKey || a.remoteKey !== b.remoteKey;
  const changed = remoteAddress || codec || telephoneEvent || ptime || direction || srtp;
  return { changed, stream: 'unchanged', remoteAddress, codec, telephoneEvent, ptime, direction, srtp };
}
