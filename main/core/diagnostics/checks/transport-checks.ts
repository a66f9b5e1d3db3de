/**
 * Whether the server can be reached on each transport: an OPTIONS over UDP
 * (any answer, even 401 or 404, proves a SIP server listens), a TCP connection
 * (then an OPTIONS on it, for the ALG and clock checks), and a TLS handshake
 * showing the certificate (then, when it verified, an OPTIONS over TLS too). The account's own transport fails the check; the
 * others only warn, since the account does not use them.
 */
import type { ResolvedTarget, SipTransport } from '../../sip/dns';
import { StreamFramer } from '../../sip/transport/stream-framer';
import { answersProbe, buildProbeOptions, readProbeEcho, type ProbeEcho, type ProbeRequest } from '../sip-probe';
import { severityFor, showEndpoint, skipped, token, waitUntil, type CheckContext, type CheckOutcome, type CheckUnit } from './check-context';

function probeRequest(ctx: CheckContext, transport: SipTransport, target: ResolvedTarget, local: { address: string; port: number }): ProbeRequest {
  const r = ctx.deps.random;
  return {
    transport,
    local,
    serverHost: target.domain,
    serverPort: target.port,
    aor: ctx.input.account.aor,
    branch: `z9hG4bK-doctor-${token(r)}`,
    callId: `doctor-${token(r, 16)}`,
    tag: token(r, 8),
    userAgent: ctx.input.userAgent,
  };
}

function noTarget(ctx: CheckContext, transport: SipTransport): CheckOutcome {
  const why = ctx.state.untried[transport] ?? 'DNS found no server for it';
  return transport === ctx.input.account.transport
    ? { status: 'fail', code: 'DNS_NO_RECORD', detail: `Not tried: ${why}.` }
    : skipped(`Not tried: ${why}.`);
}

function answered(echo: ProbeEcho, ms: number): string {
  return `it answered OPTIONS with ${echo.status} ${echo.reason} in ${ms} ms`;
}

async function udp(ctx: CheckContext): Promise<CheckOutcome> {
  const target = ctx.state.targets.udp;
  if (!target) return noTarget(ctx, 'udp');
  const to = { address: target.address, port: target.port };
  const where = showEndpoint(to.address, to.port);
  const local = await ctx.deps.sockets.localAddressFor(to);
  if (!local.ok) return { status: severityFor(ctx, 'udp'), code: local.error.code, detail: local.error.message };
  const bound = await ctx.deps.sockets.bindUdp({ address: local.data, port: 0 });
  if (!bound.ok) return { status: severityFor(ctx, 'udp'), code: bound.error.code, detail: bound.error.message };
  const socket = bound.data;
  ctx.defer(() => socket.close());
  const request = probeRequest(ctx, 'udp', target, socket.local);
  const text = Buffer.from(buildProbeOptions(request));
  const started = ctx.deps.clock.monotonic();
  const reply = await waitUntil<string>(ctx, Math.max(200, ctx.timeoutMs - 300), (resolve) => {
    socket.onMessage((data) => {
      const message = data.toString('utf8');
      if (answersProbe(message, request.branch)) resolve(message);
    });
    socket.onError(() => undefined);
    // Retransmit like RFC 3261 Timer E: 500 ms, then doubling.
    const send = (interval: number): void => {
      socket.send(text, to);
      const timer = ctx.deps.clock.setTimeout(() => send(Math.min(interval * 2, 4000)), interval);
      ctx.defer(() => ctx.deps.clock.clearTimeout(timer));
    };
    send(500);
  });
  if (reply === 'timeout') {
    return {
      status: severityFor(ctx, 'udp'),
      code: 'SIP_TIMEOUT',
      detail: `No answer to OPTIONS over UDP from ${where}: a firewall may drop UDP ${to.port}, or no SIP server listens there.`,
    };
  }
  const echo = readProbeEcho(request, reply);
  ctx.state.echoes.push({ transport: 'udp', request, echo });
  return { status: 'pass', detail: `${where} is reachable over UDP: ${answered(echo, Math.round(ctx.deps.clock.monotonic() - started))}.` };
}

async function tcp(ctx: CheckContext): Promise<CheckOutcome> {
  const target = ctx.state.targets.tcp;
  if (!target) return noTarget(ctx, 'tcp');
  const to = { address: target.address, port: target.port };
  const where = showEndpoint(to.address, to.port);
  const started = ctx.deps.clock.monotonic();
  const connected = await ctx.deps.sockets.connectTcp(to, Math.max(200, Math.floor(ctx.timeoutMs * 0.6)));
  if (!connected.ok) return { status: severityFor(ctx, 'tcp'), code: connected.error.code, detail: connected.error.message };
  const socket = connected.data;
  ctx.defer(() => socket.end());
  const connectMs = Math.round(ctx.deps.clock.monotonic() - started);
  const request = probeRequest(ctx, 'tcp', target, socket.local);
  const framer = new StreamFramer();
  const reply = await waitUntil<string>(ctx, Math.max(200, ctx.timeoutMs - connectMs - 300), (resolve) => {
    socket.onData((chunk) => {
      for (const item of framer.push(chunk).items) if (item.kind === 'message' && answersProbe(item.text, request.branch)) resolve(item.text);
    });
    socket.write(buildProbeOptions(request));
  });
  if (reply === 'timeout') return { status: 'pass', detail: `Connected to ${where} over TCP in ${connectMs} ms (no answer to OPTIONS; some servers answer only registered clients).` };
  const echo = readProbeEcho(request, reply);
  ctx.state.echoes.push({ transport: 'tcp', request, echo });
  return { status: 'pass', detail: `Connected to ${where} over TCP in ${connectMs} ms; ${answered(echo, Math.round(ctx.deps.clock.monotonic() - started) - connectMs)}.` };
}

async function tls(ctx: CheckContext): Promise<CheckOutcome> {
  const target = ctx.state.targets.tls;
  if (!target) return noTarget(ctx, 'tls');
  const to = { address: target.address, port: target.port };
  const where = showEndpoint(to.address, to.port);
  const servername = target.domain;
  const started = ctx.deps.clock.monotonic();
  const result = await ctx.deps.tlsProbe.probe(to, { servername, ...(ctx.input.tlsCa === undefined ? {} : { ca: ctx.input.tlsCa }) }, Math.max(200, ctx.timeoutMs - 300));
  if (!result.ok) return { status: severityFor(ctx, 'tls'), code: result.error.code, detail: result.error.message };
  const r = result.data;
  const cert = r.certificate;
  const facts: Record<string, string> = { protocol: r.protocol, cipher: r.cipher, 'checked name': servername };
  if (cert) {
    Object.assign(facts, {
      subject: cert.subject,
      issuer: cert.issuer,
      names: cert.altNames.join(', ') || '(none)',
      'valid from': cert.validFrom,
      'valid until': cert.validTo,
      'SHA-256': cert.fingerprint256,
      'self-signed': cert.selfSigned ? 'yes' : 'no',
    });
  }
  if (!r.authorized) {
    const reason = r.authorizationError ?? { code: 'TLS_CERTIFICATE' as const, message: 'The certificate could not be verified.' };
    return { status: severityFor(ctx, 'tls'), code: reason.code, detail: reason.message, facts };
  }
  const answer = await optionsOverTls(ctx, target, servername, Math.max(200, ctx.timeoutMs - 300 - (ctx.deps.clock.monotonic() - started)));
  return {
    status: 'pass',
    detail: `TLS handshake with ${where} succeeded (${r.protocol}); the certificate for ${cert?.subject ?? servername} is valid until ${cert?.validTo ?? '?'}${answer ? `; ${answer}` : ''}.`,
    facts,
  };
}

/** Over a verified TLS connection, an OPTIONS for the ALG and clock checks; returns what it answered, if it did. */
async function optionsOverTls(ctx: CheckContext, target: ResolvedTarget, servername: string, budgetMs: number): Promise<string | undefined> {
  const started = ctx.deps.clock.monotonic();
  const to = { address: target.address, port: target.port };
  const connected = await ctx.deps.sockets.connectTls(to, { servername, ...(ctx.input.tlsCa === undefined ? {} : { ca: ctx.input.tlsCa }) }, budgetMs);
  if (!connected.ok) return undefined;
  const socket = connected.data;
  ctx.defer(() => socket.end());
  const request = probeRequest(ctx, 'tls', target, socket.local);
  const framer = new StreamFramer();
  const left = Math.max(100, budgetMs - (ctx.deps.clock.monotonic() - started));
  const reply = await waitUntil<string>(ctx, left, (resolve) => {
    socket.onData((chunk) => {
      for (const item of framer.push(chunk).items) if (item.kind === 'message' && answersProbe(item.text, request.branch)) resolve(item.text);
    });
    socket.write(buildProbeOptions(request));
  });
  if (reply === 'timeout') return undefined;
  const echo = readProbeEcho(request, reply);
  ctx.state.echoes.push({ transport: 'tls', request, echo });
  return `it answered OPTIONS with ${echo.status} ${echo.reason}`;
}

/** UDP: OPTIONS with retransmissions. */
export const udpCheck: CheckUnit = { id: 'udp', title: 'UDP', timeoutMs: 4000, run: udp };
/** TCP: connect, then OPTIONS. */
export const tcpCheck: CheckUnit = { id: 'tcp', title: 'TCP', timeoutMs: 4000, run: tcp };
/** TLS: handshake and certificate. */
export const tlsCheck: CheckUnit = { id: 'tls', title: 'TLS', timeoutMs: 5000, run: tls };
