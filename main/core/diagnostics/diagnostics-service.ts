/**
 * Runs the doctor for the core: one run per account at a time (a second
 * request joins the running one), progress and the final report published as
 * events, and the optional automatic run after a registration failure
 * (at most once per account every few minutes, so retries do not flood).
 */
import type { ErrorCode } from '../../common/errors';
import type { DiagnosticCheckId, DiagnosticProgress, DiagnosticReport } from '../../common/models/diagnostics';
import type { AccountConfig } from '../../common/models/account';
import { ok, type Result } from '../../common/result';
import type { CorePorts } from '../ports';
import { token } from './checks/check-context';
import { runDoctor } from './doctor';

/** Registration failures the doctor can explain: the network's, not the account's (a 401 or a missing password). */
const NETWORK_FAILURES: ReadonlySet<ErrorCode> = new Set<ErrorCode>(['SIP_TIMEOUT', 'NETWORK_UNREACHABLE', 'DNS_NO_RECORD', 'TLS_CERTIFICATE', 'TLS_HANDSHAKE', 'SIP_SERVICE_UNAVAILABLE']);

/** True when a registration that failed with `code` is worth a doctor run. */
export function isNetworkFailure(code: ErrorCode | undefined): boolean {
  return code !== undefined && NETWORK_FAILURES.has(code);
}

/** What the service needs. */
export interface DiagnosticsServiceDeps {
  readonly ports: Pick<CorePorts, 'dns' | 'sockets' | 'tlsProbe' | 'clock' | 'random' | 'logger' | 'files'>;
  readonly userAgent: string;
  readonly onProgress: (progress: DiagnosticProgress) => void;
  readonly onCompleted: (report: DiagnosticReport) => void;
  readonly timeouts?: Partial<Record<DiagnosticCheckId, number>>;
  /** Minimum time between automatic runs of one account, ms (default 5 min). */
  readonly autoRunIntervalMs?: number;
}

/** The doctor as the core uses it. */
export interface DiagnosticsService {
  /** Runs (or joins the run of) the doctor for an account. */
  run(accountId: string, account: AccountConfig): Promise<Result<DiagnosticReport>>;
  /** Starts a run after a registration failure unless one ran recently; fire and forget. */
  runAfterFailure(accountId: string, account: AccountConfig): void;
}

/** Creates the service. */
export function createDiagnosticsService(deps: DiagnosticsServiceDeps): DiagnosticsService {
  const { ports } = deps;
  const log = ports.logger.child('diagnostics');
  const running = new Map<string, Promise<Result<DiagnosticReport>>>();
  const lastAuto = new Map<string, number>();

  async function start(accountId: string, account: AccountConfig): Promise<Result<DiagnosticReport>> {
    let tlsCa: string | undefined;
    if (account.tlsCaFile) {
      const ca = await ports.files.readText(account.tlsCaFile);
      if (ca.ok) tlsCa = ca.data;
      else log.warn('CA file unreadable; checking TLS against the system CAs only', { account: accountId });
    }
    const report = await runDoctor(
      { account, userAgent: deps.userAgent, ...(tlsCa === undefined ? {} : { tlsCa }) },
      { dns: ports.dns, sockets: ports.sockets, tlsProbe: ports.tlsProbe, clock: ports.clock, random: ports.random, logger: log },
      { runId: `diag-${token(ports.random, 12)}`, accountId, onProgress: deps.onProgress, ...(deps.timeouts ? { timeouts: deps.timeouts } : {}) },
    );
    deps.onCompleted(report);
    return ok(report);
  }

  const run = (accountId: string, account: AccountConfig): Promise<Result<DiagnosticReport>> => {
    const current = running.get(accountId);
    if (current) return current;
    const next = start(accountId, account).finally(() => running.delete(accountId));
    running.set(accountId, next);
    return next;
  };

  return {
    run,
    runAfterFailure(accountId, account) {
      const now = ports.clock.monotonic();
      const last = lastAuto.get(accountId);
      if (running.has(accountId) || (last !== undefined && now - last < (deps.autoRunIntervalMs ?? 300_000))) return;
      lastAuto.set(accountId, now);
      log.info('registration failed: running the connection doctor', { account: accountId });
      void run(accountId, account);
    },
  };
}
