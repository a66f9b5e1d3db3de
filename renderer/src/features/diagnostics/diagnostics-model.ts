/**
 * The connection doctor's latest run as the Diagnostics view shows it, folded
 * from `diagnostics.progressed` (a check started or finished) and
 * `diagnostics.completed` (the whole report with the verdict). Pure.
 */
import type { EventData } from '../../../../main/common/ipc/contract';
import type { DiagnosticCheck, DiagnosticCheckId, DiagnosticReport } from '../../../../main/common/models/diagnostics';

/** One row: a check that is running, or its result. */
export interface DiagnosticRow {
  readonly id: DiagnosticCheckId;
  readonly state: 'running' | 'done';
  readonly check?: DiagnosticCheck;
}

/** A run in progress or finished. */
export interface DiagnosticRun {
  readonly runId: string;
  readonly accountId: string;
  /** How many checks the run has (known from the first progress event). */
  readonly total: number;
  /** The checks seen so far, in run order. */
  readonly rows: readonly DiagnosticRow[];
  /** The report, once the run completed. */
  readonly report?: DiagnosticReport;
}

/** Folds one doctor event into the run; an event of another run starts a new one. */
export function foldDiagnostics(
  run: DiagnosticRun | undefined,
  event: { event: 'diagnostics.progressed'; data: EventData<'diagnostics.progressed'> } | { event: 'diagnostics.completed'; data: EventData<'diagnostics.completed'> },
): DiagnosticRun {
  if (event.event === 'diagnostics.completed') {
    const report = event.data;
    return { runId: report.runId, accountId: report.accountId, total: report.checks.length, rows: report.checks.map((check) => ({ id: check.id, state: 'done', check })), report };
  }
  const p = event.data;
  const base: DiagnosticRun = run && run.runId === p.runId ? run : { runId: p.runId, accountId: p.accountId, total: p.total, rows: [] };
  if (base.report) return base;
  const row: DiagnosticRow = p.check ? { id: p.checkId, state: p.state, check: p.check } : { id: p.checkId, state: p.state };
  const rows = [...base.rows];
  const at = rows.findIndex((r) => r.id === p.checkId);
  if (at >= 0) rows[at] = row;
  else rows.push(row);
  return { ...base, total: p.total, rows };
}
