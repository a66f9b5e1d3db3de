/**
 * Lets the audio path reach V8's optimizing tier. Call media runs at 50 ticks
 * a second, and V8's default tier-up thresholds are tuned for code that runs
 * thousands of times a second: measured here, the per-packet functions
 * (`tick`, `receive`, SRTP, the jitter buffer) were still in the baseline
 * tier after minutes of a call, paying generic inline-cache lookups on every
 * property access. Lowering the interrupt budget and the wait after an
 * inline-cache change makes V8 optimize code that is hot per second rather
 * than per millisecond. V8 flags are per process, so this also applies to the
 * rest of the process (more, earlier background compiles; no behaviour change).
 *
 * `DIALTONE_V8_TIERING=default` leaves V8's defaults (for A/B benchmarks).
 */
import { setFlagsFromString } from 'node:v8';

/** The flags applied, for logs and benchmarks. */
export const MEDIA_TIERING_FLAGS = ['--interrupt-budget=8192', '--minimum-invocations-after-ic-update=50'] as const;

/** Applies {@link MEDIA_TIERING_FLAGS} unless the environment opts out; returns the flags applied. */
export function applyMediaTiering(env: NodeJS.ProcessEnv = process.env): readonly string[] {
  if (env['DIALTONE_V8_TIERING'] === 'default') return [];
  for (const flag of MEDIA_TIERING_FLAGS) setFlagsFromString(flag);
  return MEDIA_TIERING_FLAGS;
}
