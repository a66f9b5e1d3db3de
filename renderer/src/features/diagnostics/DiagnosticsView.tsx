/**
 * The connection doctor: pick an account, run it, and watch each check (DNS,
 * UDP, TCP, TLS, STUN, SIP ALG, clock) appear as it runs with pass, warn or
 * fail and what was found, then the verdict with the next steps. The rows
 * come from the store's live `diagnostics.progressed` events, so a run the
 * core started on its own (after a registration failure) shows here too.
 */
import { useState } from 'react';
import type { AccountView } from '../../../../main/common/ipc/contract';
import type { CheckStatus } from '../../../../main/common/models/diagnostics';
import type { AppError } from '../../../../main/common/result';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Field } from '../../components/Field';
import type { Store } from '../../store/store';
import type { DiagnosticRow, DiagnosticRun } from './diagnostics-model';

/** Props of {@link DiagnosticsView}. */
export interface DiagnosticsViewProps {
  readonly store: Store;
  readonly accounts: readonly AccountView[];
  readonly run: DiagnosticRun | undefined;
}

const STATUS_TEXT: Readonly<Record<CheckStatus, string>> = { pass: 'Pass', warn: 'Warning', fail: 'Fail' };
const STATUS_CLASS: Readonly<Record<CheckStatus, string>> = { pass: 'status-text-ok', warn: 'status-text-warn', fail: 'status-text-fail' };
const CHECK_TITLES: Readonly<Record<DiagnosticRow['id'], string>> = { dns: 'DNS', udp: 'UDP', tcp: 'TCP', tls: 'TLS handshake', stun: 'STUN', alg: 'SIP ALG', clock: 'Clock' };
const VERDICT_TITLES = { ok: 'Everything looks right', degraded: 'Works, with problems', broken: 'Cannot work as set up' } as const;

/** One check's row. */
function CheckRow({ row }: { row: DiagnosticRow }): React.JSX.Element {
  const title = row.check?.title ?? CHECK_TITLES[row.id];
  const check = row.check;
  return (
    <li className="check-row" aria-label={`${title}: ${check ? STATUS_TEXT[check.status] : 'running'}`}>
      <div className="check-head">
        <strong>{title}</strong>
        {check ? <span className={STATUS_CLASS[check.status]}>{check.skipped ? 'Skipped' : STATUS_TEXT[check.status]}</span> : <span className="status-text-running">Running…</span>}
      </div>
      {check ? <p className="check-detail">{check.detail}</p> : null}
      {check?.facts && Object.keys(check.facts).length > 0 ? (
        <details>
          <summary>Details</summary>
          <dl className="check-facts">
            {Object.entries(check.facts).map(([k, v]) => (
              <div key={k} className="fact">
                <dt>{k}</dt>
                <dd>{v}</dd>
              </div>
            ))}
          </dl>
        </details>
      ) : null}
    </li>
  );
}

/** The diagnostics view. */
export function DiagnosticsView({ store, accounts, run }: DiagnosticsViewProps): React.JSX.Element {
  const [chosen, setChosen] = useState<string>('');
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<AppError | undefined>(undefined);
  const accountId = chosen || accounts[0]?.id || '';
  const shown = run && run.accountId === accountId ? run : undefined;

  const start = async (): Promise<void> => {
    setRunning(true);
    setError(undefined);
    const r = await store.invoke('diagnostics.run', { accountId });
    setRunning(false);
    if (!r.ok) setError(r.error);
  };

  return (
    <section className="settings-section" aria-labelledby="diagnostics-heading">
      <h2 id="diagnostics-heading">Connection doctor</h2>
      <p className="hint">Checks DNS, each transport, the TLS certificate, NAT (STUN), SIP ALG interference and the clock, then says what to do.</p>
      {accounts.length === 0 ? (
        <p className="notice-box">Add an account first: the doctor checks the connection to an account's server.</p>
      ) : (
        <div className="inline-row">
          <Field label="Account to check">
            {(p) => (
              <select {...p} value={accountId} onChange={(e) => setChosen(e.target.value)}>
                {accounts.map((a) => (
                  <option key={a.id} value={a.id}>
                    {a.aor}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <button type="button" className="btn btn-primary" disabled={running || accountId === ''} onClick={() => void start()}>
            {running ? 'Running…' : 'Run the doctor'}
          </button>
        </div>
      )}
      {error ? <ErrorMessage error={error} /> : null}
      {shown ? (
        <>
          <p className="hint" role="status">
            {shown.report ? `Finished: ${shown.rows.length} checks.` : `Check ${Math.min(shown.rows.length, shown.total)} of ${shown.total}…`}
          </p>
          <ol className="check-list" aria-label="Checks">
            {shown.rows.map((row) => (
              <CheckRow key={row.id} row={row} />
            ))}
          </ol>
          {shown.report ? (
            <div className={`verdict verdict-${shown.report.verdict.status}`} role="region" aria-label="Verdict">
              <h3>{VERDICT_TITLES[shown.report.verdict.status]}</h3>
              <p>{shown.report.verdict.summary}</p>
              {shown.report.verdict.nextSteps.length > 0 ? (
                <>
                  <strong>Next steps</strong>
                  <ol aria-label="Next steps">
                    {shown.report.verdict.nextSteps.map((step) => (
                      <li key={step}>{step}</li>
                    ))}
                  </ol>
                </>
              ) : null}
            </div>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
