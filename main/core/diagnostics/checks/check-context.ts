/**
 * What every doctor check shares: the ports it may use, the account under
 * test, the facts earlier checks left behind (targets from DNS, OPTIONS
 * answers for the ALG and clock checks), and a place to register cleanups
 * that run even when the check timed out.
 */
import type { DiagnosticCheck, DiagnosticCheckId } from '../../../common/models/diagnostics';
import type { AccountConfig } from '../../../common/models/account';
import type { Clock } from '../../ports/clock';
import type { DnsPort } from '../../ports/dns';
import type { Logger } from '../../ports/logger';
import type { SocketFactory } from '../../ports/network';
import type { TlsProbePort } from '../../ports/tls-probe';
import type { ResolvedTarget, SipTransport } from '../../sip/dns';
import type { ProbeEcho, ProbeRequest } from '../sip-probe';

/** The ports the doctor reaches the network and time through. */
export interface DoctorDeps {
  readonly dns: DnsPort;
  readonly sockets: SocketFactory;
  readonly tlsProbe: TlsProbePort;
  readonly clock: Clock;
  readonly random: () => number;
  readonly logger: Logger;
}

/** The account under test. */
export interface DoctorInput {
  readonly account: AccountConfig;
  /** PEM of the account's extra CA (its `tlsCaFile`), already read. */
  readonly tlsCa?: string;
  readonly userAgent: string;
}

/** Facts one check leaves for later ones. */
export interface RunState {
  /** The first server DNS gave for each transport the doctor will try. */
  readonly targets: Partial<Record<SipTransport, ResolvedTarget>>;
  /** Why a transport has no target (not tried, or DNS found none). */
  readonly untried: Partial<Record<SipTransport, string>>;
  /** OPTIONS answers, in the order they came (UDP first). */
  readonly echoes: Array<{ readonly transport: SipTransport; readonly request: ProbeRequest; readonly echo: ProbeEcho }>;
}

/** What a check gets. */
export interface CheckContext {
  readonly deps: DoctorDeps;
  readonly input: DoctorInput;
  readonly state: RunState;
  /** The check's budget; it should finish (with a clear message) a little before. */
  readonly timeoutMs: number;
  /** Registers a cleanup (close a socket, clear a timer) run when the check ends, however it ends. */
  defer(cleanup: () => void): void;
}

/** A check's result before the runner adds id, title and duration. */
export type CheckOutcome = Omit<DiagnosticCheck, 'id' | 'title' | 'durationMs'>;

/** One check. */
export interface CheckUnit {
  readonly id: DiagnosticCheckId;
  readonly title: string;
  /** Default budget, ms. */
  readonly timeoutMs: number;
  run(ctx: CheckContext): Promise<CheckOutcome>;
}

/** A check that could not run: `warn`, marked skipped, with the reason. */
export function skipped(detail: string): CheckOutcome {
  return { status: 'warn', skipped: true, detail };
}

/** `fail` for the account's own transport, `warn` for the others (they only inform). */
export function severityFor(ctx: CheckContext, transport: SipTransport): 'fail' | 'warn' {
  return ctx.input.account.transport === transport ? 'fail' : 'warn';
}

/** Waits for `start` to call its resolver, or resolves 'timeout' after `ms` (timer cleared on either). */
export function waitUntil<T>(ctx: CheckContext, ms: number, start: (resolve: (value: T) => void) => void): Promise<T | 'timeout'> {
  return new Promise((resolve) => {
    let done = false;
    const finish = (value: T | 'timeout'): void => {
      if (done) return;
      done = true;
      ctx.deps.clock.clearTimeout(timer);
      resolve(value);
    };
    const timer = ctx.deps.clock.setTimeout(() => finish('timeout'), ms);
    ctx.defer(() => ctx.deps.clock.clearTimeout(timer));
    start(finish);
  });
}

/** A random token of `n` base-36 characters from the injected randomness. */
export function token(random: () => number, n = 10): string {
  let out = '';
  for (let i = 0; i < n; i += 1) out += Math.floor(random() * 36).toString(36);
  return out;
}

/** `host:port`, brackets around IPv6. */
export function showEndpoint(address: string, port: number): string {
  return address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;
}
