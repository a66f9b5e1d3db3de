/**
 * Stream directions (RFC 3264 §5.1, §6.1, §8.4) and hold detection.
 *
 * A direction is always written from the point of view of the SDP's author:
 * `a=sendonly` in the peer's SDP means the peer sends and we only receive.
 * Answers are computed as an intersection of flags, which yields exactly the
 * table of RFC 3264 §6.1 (sendonly → recvonly, recvonly → sendonly, inactive →
 * inactive) and combines it with our own hold state in one step.
 */
import { isIPv6 } from 'node:net';

/** The four SDP directions. */
export type MediaDirection = 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive';

/** A direction as two flags. */
export interface DirectionFlags {
  readonly send: boolean;
  readonly receive: boolean;
}

/** How the peer put us on hold, if it did. */
export type HoldMethod =
  /** `a=sendonly`: the peer sends (music on hold) and does not want our audio. */
  | 'sendonly'
  /** `a=inactive`: nothing flows either way. */
  | 'inactive'
  /** `c=IN IP4 0.0.0.0` (RFC 2543 style, RFC 3264 §8.4), or `::` for IPv6. */
  | 'connection-zero';

/** Whether the peer's SDP puts the stream on hold, and how. */
export interface HoldState {
  readonly onHold: boolean;
  /** The signal that says so, when on hold; `a=` directions win over `c=0.0.0.0`. */
  readonly method: HoldMethod | undefined;
}

/** Whether `value` is one of the four direction attribute names. */
export function isMediaDirection(value: unknown): value is MediaDirection {
  return value === 'sendrecv' || value === 'sendonly' || value === 'recvonly' || value === 'inactive';
}

/** The flags of a direction, from its author's point of view. */
export function directionFlags(direction: MediaDirection): DirectionFlags {
  return { send: direction === 'sendrecv' || direction === 'sendonly', receive: direction === 'sendrecv' || direction === 'recvonly' };
}

/** The direction of two flags. */
export function directionOf(flags: DirectionFlags): MediaDirection {
  if (flags.send) return flags.receive ? 'sendrecv' : 'sendonly';
  return flags.receive ? 'recvonly' : 'inactive';
}

/** The same stream seen from the other end (sendonly ↔ recvonly). */
export function mirrorDirection(direction: MediaDirection): MediaDirection {
  const { send, receive } = directionFlags(direction);
  return directionOf({ send: receive, receive: send });
}

/** Whether a connection address is the "unspecified" one used for RFC 2543 hold. */
export function isUnspecifiedAddress(address: string): boolean {
  if (address === '0.0.0.0') return true;
  return isIPv6(address) && /^[0:]+$/.test(address);
}

/**
 * The peer's effective direction: its attribute, minus "receive" when its
 * connection address is 0.0.0.0 (nothing can be sent to that address).
 */
export function effectiveRemoteDirection(direction: MediaDirection, connectionAddress: string): MediaDirection {
  const flags = directionFlags(direction);
  return directionOf({ send: flags.send, receive: flags.receive && !isUnspecifiedAddress(connectionAddress) });
}

/**
 * Our stream flags given the peer's direction (its point of view) and ours:
 * we send only if we want to and the peer receives, we receive only if we
 * want to and the peer sends. Used for answers (RFC 3264 §6.1) and for the
 * result of an answer to our offer (§7).
 */
export function negotiateFlags(local: MediaDirection, remote: MediaDirection): DirectionFlags {
  const ours = directionFlags(local);
  const theirs = directionFlags(remote);
  return { send: ours.send && theirs.receive, receive: ours.receive && theirs.send };
}

/**
 * The direction attribute of our answer to an offer of `offered`, while our
 * own wish is `local` (sendrecv, or sendonly/inactive when we hold).
 */
export function answerDirection(offered: MediaDirection, local: MediaDirection): MediaDirection {
  return directionOf(negotiateFlags(local, offered));
}

/**
 * Whether the peer's SDP holds the stream: `a=sendonly` or `a=inactive`, or
 * the legacy `c=0.0.0.0` of RFC 2543 (RFC 3264 §8.4 keeps it recognised).
 */
export function detectHold(direction: MediaDirection, connectionAddress: string): HoldState {
  if (direction === 'sendonly' || direction === 'inactive') return { onHold: true, method: direction };
  if (isUnspecifiedAddress(connectionAddress)) return { onHold: true, method: 'connection-zero' };
  return { onHold: false, method: undefined };
}
