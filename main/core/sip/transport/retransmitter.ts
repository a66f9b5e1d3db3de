/**
 * The RFC 3261 §17 retransmissions that sip.js leaves out on unreliable
 * transports (its FIXMEs for Timers A, E and G), done where the datagrams are:
 *
 * - Timer A (INVITE client): resend the INVITE at T1, 2·T1, 4·T1… until any response.
 * - Timer E (non-INVITE client): resend at T1 doubling up to T2, at T2 once a
 *   provisional response came, until a final response.
 * - Timer G (INVITE server, non-2xx final): resend the response at T1 doubling up
 *   to T2 until the ACK arrives.
 *
 * Every timer gives up at 64·T1; sip.js's own Timers B, F and H then report the
 * timeout. 2xx retransmission and ACK-to-2xx are already done by sip.js.
 */
import type { Clock, TimerHandle } from '../../ports/clock';
import { cseq, isResponse, requestMethod, statusCode, topVia } from '../message/sip-text';

/** RFC 3261 timer values in ms. */
export interface RetransmitTimers {
  readonly t1: number;
  readonly t2: number;
}

/** The RFC defaults: T1 = 500 ms, T2 = 4 s. */
export const DEFAULT_TIMERS: RetransmitTimers = { t1: 500, t2: 4000 };

interface Pending {
  readonly message: string;
  interval: number;
  readonly cap: number;
  readonly deadline: number;
  timer: TimerHandle;
}

/** Retransmission bookkeeping for one UDP transport. */
export interface Retransmitter {
  /** Call for every message sent; starts a timer when the RFC asks for one. */
  sent(message: string): void;
  /** Call for every message received; stops the timers it answers. */
  received(message: string): void;
  /** How many retransmissions were sent (for tests and diagnostics). */
  readonly count: number;
  /** Stops every timer. */
  dispose(): void;
}

/** Creates a retransmitter that resends through `resend`. */
export function createRetransmitter(clock: Clock, resend: (message: string) => void, timers: RetransmitTimers = DEFAULT_TIMERS): Retransmitter {
  const pending = new Map<string, Pending>();
  let count = 0;

  const stop = (key: string): void => {
    const p = pending.get(key);
    if (!p) return;
    clock.clearTimeout(p.timer);
    pending.delete(key);
  };

  const schedule = (key: string, p: Pending): void => {
    p.timer = clock.setTimeout(() => {
      if (clock.monotonic() >= p.deadline) {
        pending.delete(key);
        return;
      }
      count += 1;
      resend(p.message);
      p.interval = Math.min(p.interval * 2, p.cap);
      schedule(key, p);
    }, p.interval);
  };

  const start = (key: string, message: string, cap: number): void => {
    stop(key);
    const p: Pending = { message, interval: timers.t1, cap, deadline: clock.monotonic() + 64 * timers.t1, timer: undefined as unknown as TimerHandle };
    pending.set(key, p);
    schedule(key, p);
  };

  return {
    sent(message) {
      const branch = topVia(message)?.branch;
      const seq = cseq(message);
      if (!branch || !seq) return;
      if (!isResponse(message)) {
        const method = requestMethod(message);
        if (!method || method === 'ACK') return;
        start(`c|${branch}|${method}`, message, method === 'INVITE' ? Number.POSITIVE_INFINITY : timers.t2);
        return;
      }
      const status = statusCode(message) ?? 0;
      if (seq.method === 'INVITE' && status >= 300) start(`s|${branch}`, message, timers.t2);
    },
    received(message) {
      const branch = topVia(message)?.branch;
      const seq = cseq(message);
      if (!branch || !seq) return;
      if (isResponse(message)) {
        const key = `c|${branch}|${seq.method}`;
        const status = statusCode(message) ?? 0;
        if (seq.method === 'INVITE' || status >= 200) {
          stop(key);
          return;
        }
        // A provisional response to a non-INVITE: keep resending, at T2 (RFC 3261 17.1.2.2).
        const p = pending.get(key);
        if (p && p.interval !== timers.t2) {
          clock.clearTimeout(p.timer);
          p.interval = timers.t2;
          schedule(key, p);
        }
        return;
      }
      if (requestMethod(message) === 'ACK') stop(`s|${branch}`);
    },
    get count() {
      return count;
    },
    dispose() {
      for (const key of [...pending.keys()]) stop(key);
    },
  };
}
