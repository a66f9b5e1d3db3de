/**
 * The phone's call-handling settings: how many calls may exist at once, and
 * (with the next steps of the phone features) reject/DND/forwarding rules.
 * Validated wherever they enter the app (`calls.configure`).
 */
import { z } from 'zod';

/** Call-handling settings. */
export const CallSettingsSchema = z.strictObject({
  /** Most calls (ringing, active and held) at once; beyond it an incoming call gets 486 Busy Here and a dial is refused. */
  maxCalls: z.number().int().min(1).max(16),
  /** How `call.reject` (and hanging up a ringing call) refuses by default: 486 Busy Here or 603 Decline. */
  rejectWith: z.enum(['busy', 'decline']),
  /** Do not disturb: every incoming call is refused before it rings. */
  dnd: z.boolean(),
  /** What DND answers: 486 Busy Here or 480 Temporarily Unavailable. */
  dndStatus: z.union([z.literal(486), z.literal(480)]),
  /**
   * Call forwarding by 302 Moved Temporarily with the target as Contact:
   * `always`, when `busy` (at the call limit, or DND), or when a call rang
   * `forwardAfterSeconds` without an answer (`noAnswer`).
   */
  forward: z.enum(['off', 'always', 'busy', 'noAnswer']),
  /** Where calls are forwarded: a SIP URI, or a number/user at the account's domain. */
  forwardTo: z.string().trim().max(256).optional(),
  forwardAfterSeconds: z.number().int().min(1).max(300),
  /**
   * Answer on the caller's request (intercom/paging): Call-Info `answer-after=N`
   * or Alert-Info `intercom`/`auto-answer`. Off by default: anyone could
   * otherwise open the microphone.
   */
  autoAnswerOnRequest: z.boolean(),
  /**
   * Answer every incoming call by itself (a hands-free or call-center setup),
   * after `autoAnswerAfterSeconds` of ringing; only while no other call is
   * active, so it never puts the user's call on hold.
   */
  autoAnswer: z.boolean(),
  autoAnswerAfterSeconds: z.number().int().min(0).max(60),
  /** Hang up an active (not held) call when no RTP arrived for this many seconds; 0 = never. */
  rtpTimeoutSeconds: z.number().int().min(0).max(3600),
});
/** Call-handling settings. */
export type CallSettings = z.infer<typeof CallSettingsSchema>;

/** A partial update of {@link CallSettings}, as `calls.configure` takes it. */
export const CallSettingsPatchSchema = CallSettingsSchema.partial();
/** A partial update of the settings. */
export type CallSettingsPatch = z.infer<typeof CallSettingsPatchSchema>;

/** What a new installation starts with. */
export const DEFAULT_CALL_SETTINGS: CallSettings = { maxCalls: 4, rejectWith: 'busy', dnd: false, dndStatus: 486, forward: 'off', forwardAfterSeconds: 20, autoAnswerOnRequest: false, autoAnswer: false, autoAnswerAfterSeconds: 0, rtpTimeoutSeconds: 60 };
