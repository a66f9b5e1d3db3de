/**
 * The connection doctor: runs the checks in order (DNS first, since the
 * transport checks use what it found), each under its own timeout, reports
 * each one as it starts and ends, and concludes with a verdict. No check can
 * hang the run, and whatever a check opened is closed when it ends.
 */
import type { DiagnosticCheck, DiagnosticCheckId, DiagnosticProgress, DiagnosticReport } from '../../common/models/diagnostics';
import { algCheck, clockCheck } from './checks/alg-clock-checks';
import type { CheckContext, CheckOutcome, CheckUnit, DoctorDeps, DoctorInput, RunState } from './checks/check-context';
import { dnsCheck } from './checks/dns-check';
import { stunCheck } from './checks/stun-check';
import { tcpCheck, tlsCheck, udpCheck } from './checks/transport-checks';
import { verdictFor } from './verdict';

/** Every check, in the order the doctor runs them. */
export const CHECKS: readonly CheckUnit[] = [dnsCheck, udpCheck, tcpCheck, tlsCheck, stunCheck, algCheck, clockCheck];

/** How one run is told to behave. */
export interface RunOptions {
  readonly runId: string;
  /** The account's id, as events name it. */
  readonly accountId: string;
  /** Called when each check starts and ends. */
  readonly onProgress?: (progress: DiagnosticProgress) => void;
  /** Per-check budgets that replace the defaults (tests use short ones). */
  readonly timeouts?: Partial<Record<DiagnosticCheckId, number>>;
}

async function runOne(unit: CheckUnit, deps: DoctorDeps, input: DoctorInput, state: RunState, timeoutMs: number): Promise<CheckOutcome> {
  const cleanups: Array<() => void> = [];
  const ctx: CheckContext = { deps, input, state, timeoutMs, defer: (fn) => cleanups.push(fn) };
  let timer: ReturnType<DoctorDeps['clock']['setTimeout']> | undefined;
  const deadline = new Promise<CheckOutcome>((resolve) => {
    timer = deps.clock.setTimeout(() => resolve({ status: 'fail', code: 'SIP_TIMEOUT', detail: `The ${unit.title} check did not finish within ${Math.round(timeoutMs / 100) / 10} s.` }), timeoutMs);
  });
  try {
    return await Promise.race([
      unit.run(ctx).catch((error: unknown): CheckOutcome => {
        deps.logger.error('diagnostic check threw', { check: unit.id, error: error instanceof Error ? error.message : String(error) });
        return { status: 'fail', code: 'INTERNAL', detail: `The ${unit.title} check stopped on an internal error.` };
      }),
      deadline,
    ]);
  } finally {
    if (timer !== undefined) deps.clock.clearTimeout(timer);
    for (const cleanup of cleanups.reverse()) {
      try {
        cleanup();
      } catch {
        // A cleanup that fails must not hide the result.
      }
    }
  }
}

/** Runs every check for `input.account` and returns the report. Never rejects. */
export async function runDoctor(input: DoctorInput, deps: DoctorDeps, options: RunOptions): Promise<DiagnosticReport> {
  const accountId = options.accountId;
  const startedAt = deps.clock.now();
  const state: RunState = { targets: {}, untried: {}, echoes: [] };
  const checks: DiagnosticCheck[] = [];
  const total = CHECKS.length;
  for (const [index, unit] of CHECKS.entries()) {
    options.onProgress?.({ runId: options.runId, accountId, checkId: unit.id, state: 'running', index, total });
    const began = deps.clock.monotonic();
    const outcome = await runOne(unit, deps, input, state, options.timeouts?.[unit.id] ?? unit.timeoutMs);
    const check: DiagnosticCheck = { id: unit.id, title: unit.title, ...outcome, durationMs: Math.max(0, Math.round(deps.clock.monotonic() - began)) };
    checks.push(check);
    deps.logger.info('diagnostic check', { check: unit.id, status: check.status, skipped: check.skipped ?? false });
    options.onProgress?.({ runId: options.runId, accountId, checkId: unit.id, state: 'done', index, total, check });
  }
  return { runId: options.runId, accountId, startedAt, finishedAt: deps.clock.now(), checks, verdict: verdictFor(checks, input.account.transport) };
}
