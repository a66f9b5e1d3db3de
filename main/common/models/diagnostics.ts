/**
 * The connection doctor's results as clients see them: one entry per check
 * (DNS, each transport, STUN, SIP ALG, clock skew) and a plain-language
 * verdict with next steps. Produced by `main/core/diagnostics`.
 */
import { z } from 'zod';
import { ErrorCodes } from '../errors';

/** The checks the doctor runs, in the order it runs them. */
export const DiagnosticCheckIdSchema = z.enum(['dns', 'udp', 'tcp', 'tls', 'stun', 'alg', 'clock']);
/** One of the check ids. */
export type DiagnosticCheckId = z.infer<typeof DiagnosticCheckIdSchema>;

/** How a check came out. */
export const CheckStatusSchema = z.enum(['pass', 'warn', 'fail']);
/** One of the check statuses. */
export type CheckStatus = z.infer<typeof CheckStatusSchema>;

/** One check's result. */
export const DiagnosticCheckSchema = z.strictObject({
  id: DiagnosticCheckIdSchema,
  /** A short title for the row ("DNS", "UDP", "TLS handshake"…). */
  title: z.string(),
  status: CheckStatusSchema,
  /** What was found, in a sentence or two a user can read. */
  detail: z.string(),
  /**
   * True when the check could not run (no STUN server set, a transport the
   * account does not use, no Date header): it then has status `warn` and does
   * not weigh on the verdict.
   */
  skipped: z.boolean().optional(),
  /** The error code behind a failure, when there is one. */
  code: z.enum(ErrorCodes).optional(),
  /** Facts found on the way, for a details table (record lists, certificate fields, addresses). */
  facts: z.record(z.string(), z.string()).optional(),
  durationMs: z.number().nonnegative(),
});
/** One check's result. */
export type DiagnosticCheck = z.infer<typeof DiagnosticCheckSchema>;

/** The overall outcome: everything fine, works with caveats, or cannot work. */
export const VerdictStatusSchema = z.enum(['ok', 'degraded', 'broken']);

/** The doctor's conclusion. */
export const VerdictSchema = z.strictObject({
  status: VerdictStatusSchema,
  /** One sentence: what is wrong (or that nothing is). */
  summary: z.string(),
  /** What to try, most likely fix first. */
  nextSteps: z.array(z.string()),
});
/** The doctor's conclusion. */
export type Verdict = z.infer<typeof VerdictSchema>;

/** A whole run: `diagnostics.run`'s result and `diagnostics.completed`'s data. */
export const DiagnosticReportSchema = z.strictObject({
  runId: z.string(),
  accountId: z.string(),
  startedAt: z.number(),
  finishedAt: z.number(),
  checks: z.array(DiagnosticCheckSchema),
  verdict: VerdictSchema,
});
/** A whole run. */
export type DiagnosticReport = z.infer<typeof DiagnosticReportSchema>;

/** `diagnostics.progressed`: a check started (`running`) or finished (`done`, with its result). */
export const DiagnosticProgressSchema = z.strictObject({
  runId: z.string(),
  accountId: z.string(),
  checkId: DiagnosticCheckIdSchema,
  state: z.enum(['running', 'done']),
  /** 0-based position of the check and how many the run has. */
  index: z.number().int().nonnegative(),
  total: z.number().int().positive(),
  check: DiagnosticCheckSchema.optional(),
});
/** A progress event's data. */
export type DiagnosticProgress = z.infer<typeof DiagnosticProgressSchema>;
