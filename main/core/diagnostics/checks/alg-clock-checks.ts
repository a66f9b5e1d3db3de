/**
 * Two checks that read the OPTIONS answers the transport checks collected:
 * SIP ALG detection (did Via, Contact or the SDP come back rewritten?) and
 * clock skew (the server's Date header against our clock).
 */
import { showEndpoint, skipped, type CheckContext, type CheckOutcome, type CheckUnit } from './check-context';

async function alg(ctx: CheckContext): Promise<CheckOutcome> {
  const first = ctx.state.echoes[0];
  if (!first) return skipped('No OPTIONS answer came back to compare what we sent with what the server saw.');
  const { echo, request, transport } = first;
  const facts: Record<string, string> = { 'we sent from': showEndpoint(request.local.address, request.local.port), compared: `OPTIONS over ${transport.toUpperCase()}` };
  if (echo.received !== undefined || echo.rport !== undefined) {
    facts['server saw us at'] = showEndpoint(echo.received ?? request.local.address, echo.rport ?? request.local.port);
  }
  if (echo.rewritten.length > 0) {
    return {
      status: 'warn',
      detail: `Something between you and the server rewrites SIP messages (a SIP ALG): ${echo.rewritten.join('; ')}. ALGs often break registration and audio.`,
      facts,
    };
  }
  const nat = facts['server saw us at'] !== undefined && facts['server saw us at'] !== facts['we sent from'];
  return {
    status: 'pass',
    detail: `What we sent in Via, Contact and SDP came back unchanged: no SIP ALG seen.${nat ? ` The server sees you at ${facts['server saw us at'] ?? ''} (NAT).` : ''}`,
    facts,
  };
}

/** Skew under this is fine, ms. */
export const CLOCK_OK_MS = 60_000;
/** Skew over this breaks certificate checks and digest nonces, ms. */
export const CLOCK_BAD_MS = 3_600_000;

function describeSkew(ms: number): string {
  const abs = Math.abs(ms);
  const amount = abs < 120_000 ? `${Math.round(abs / 1000)} s` : abs < 7_200_000 ? `${Math.round(abs / 60_000)} min` : `${(abs / 3_600_000).toFixed(1)} h`;
  return `${amount} ${ms > 0 ? 'ahead of' : 'behind'} the server`;
}

async function clock(ctx: CheckContext): Promise<CheckOutcome> {
  const dated = ctx.state.echoes.find((e) => e.echo.date !== undefined);
  if (!dated?.echo.date) return skipped('The server sent no Date header, so clock skew could not be measured.');
  const serverTime = Date.parse(dated.echo.date);
  if (Number.isNaN(serverTime)) return skipped(`The server's Date header "${dated.echo.date.slice(0, 64)}" could not be read.`);
  const skew = ctx.deps.clock.now() - serverTime;
  const facts = { 'server Date': dated.echo.date, 'our clock': new Date(ctx.deps.clock.now()).toUTCString() };
  // The Date header has one-second resolution; anything within a minute is fine.
  if (Math.abs(skew) <= CLOCK_OK_MS) return { status: 'pass', detail: 'Your clock agrees with the server\'s (within a minute).', facts };
  const detail = `Your clock is ${describeSkew(skew)}. Turn on automatic date and time in the system settings.`;
  if (Math.abs(skew) <= CLOCK_BAD_MS) return { status: 'warn', detail, facts };
  return { status: 'fail', detail: `${detail} With a clock this far off, certificates look expired or not yet valid.`, facts };
}

/** SIP ALG detection. */
export const algCheck: CheckUnit = { id: 'alg', title: 'SIP ALG', timeoutMs: 1000, run: alg };
/** Clock skew. */
export const clockCheck: CheckUnit = { id: 'clock', title: 'Clock', timeoutMs: 1000, run: clock };
