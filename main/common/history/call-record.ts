/**
 * One call in the history, as stored and as clients see it, and how its
 * outcome is classified from what the call manager reports.
 */
import { z } from 'zod';
import { ErrorCodes } from '../errors';

/** How a call turned out. */
export const CallOutcomeSchema = z.enum([
  /** Someone answered; the call had media. */
  'answered',
  /** Incoming, never answered, and the caller gave up (or it timed out). */
  'missed',
  /** Incoming, and we declined it. */
  'rejected',
  /** Outgoing, and we hung up before the other side answered. */
  'cancelled',
  /** Outgoing, and the other side or the network refused it (busy, 404, timeout…). */
  'failed',
]);
/** One of {@link CallOutcomeSchema}. */
export type CallOutcome = z.infer<typeof CallOutcomeSchema>;

/** A call in the history. */
export const CallRecordSchema = z.strictObject({
  /** Row id, increasing with insertion. */
  id: z.number().int().positive(),
  /** The call id the core used while the call ran. */
  callId: z.string(),
  accountId: z.string(),
  direction: z.enum(['outgoing', 'incoming']),
  remoteUri: z.string(),
  /** The contact's name when the number or SIP address matched one (caller ID), else absent. */
  displayName: z.string().optional(),
  contactId: z.string().optional(),
  /** Wall-clock ms. */
  startedAt: z.number(),
  answeredAt: z.number().optional(),
  endedAt: z.number(),
  /** Talk time in whole seconds (0 when never answered). */
  durationSeconds: z.number().int().nonnegative(),
  outcome: CallOutcomeSchema,
  endedBy: z.enum(['local', 'remote']),
  /** Why it failed, when it did. */
  reason: z.strictObject({ code: z.enum(ErrorCodes), message: z.string() }).optional(),
  /** False for a missed call the user has not looked at yet. */
  seen: z.boolean(),
});
/** A call in the history. */
export type CallRecord = z.infer<typeof CallRecordSchema>;
/** A call record before it is stored (no id yet). */
export type NewCallRecord = Omit<CallRecord, 'id'>;

/** Classifies an ended call. */
export function outcomeOf(call: { direction: 'outgoing' | 'incoming'; answeredAt?: number | undefined; endedBy: 'local' | 'remote'; failed: boolean }): CallOutcome {
  if (call.answeredAt !== undefined) return 'answered';
  if (call.direction === 'incoming') return call.endedBy === 'local' && !call.failed ? 'rejected' : 'missed';
  return call.endedBy === 'local' && !call.failed ? 'cancelled' : 'failed';
}
