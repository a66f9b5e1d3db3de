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
});
/** Call-handling settings. */
export type CallSettings = z.infer<typeof CallSettingsSchema>;

/** A partial update of {@link CallSettings}, as `calls.configure` takes it. */
export const CallSettingsPatchSchema = CallSettingsSchema.partial();
/** A partial update of the settings. */
export type CallSettingsPatch = z.infer<typeof CallSettingsPatchSchema>;

/** What a new installation starts with. */
export const DEFAULT_CALL_SETTINGS: CallSettings = { maxCalls: 4 };
