/**
 * The doctor's own OPTIONS request and what it reads from the answer. The
 * request carries a known Via sent-by, Contact and SDP connection address, so
 * that anything rewriting them on the way (a SIP ALG in a router) shows up as
 * a difference in what the server echoes back; the answer's Via also tells the
 * address the server saw (`received`/`rport`) and its Date header the
 * server's clock. Pure: text in, facts out.
 */
import { headerValue, statusCode, topVia, startLine } from '../sip/message/sip-text';
import type { Endpoint } from '../ports/network';

/** What the doctor wrote into its OPTIONS. */
export interface ProbeRequest {
  readonly transport: 'udp' | 'tcp' | 'tls';
  /** Our address and port, written in Via, Contact and the SDP. */
  readonly local: Endpoint;
  /** The server's host (name or IP) for the Request-URI. */
  readonly serverHost: string;
  readonly serverPort: number;
  /** The account's AOR, for From and To. */
  readonly aor: string;
  readonly branch: string;
  readonly callId: string;
  readonly tag: string;
  readonly userAgent: string;
}

/** What the answer showed. */
export interface ProbeEcho {
  readonly status: number;
  readonly reason: string;
  /** The address and port the server saw us at, when it said. */
  readonly received?: string;
  readonly rport?: number;
  /** Differences between what we sent and what came back: each one a sign of a SIP ALG. */
  readonly rewritten: readonly string[];
  /** The server's Date header, when it sent one. */
  readonly date?: string;
}

const hostPort = (e: Endpoint): string => (e.address.includes(':') ? `[${e.address}]:${e.port}` : `${e.address}:${e.port}`);

/** The SDP body: one audio line on a port we do not use, only there to be compared. */
function probeSdp(local: Endpoint): string {
  const family = local.address.includes(':') ? 'IP6' : 'IP4';
  return [
    'v=0',
    `o=dialtone-doctor 1 1 IN ${family} ${local.address}`,
    's=-',
    `c=IN ${family} ${local.address}`,
    't=0 0',
    `m=audio ${local.port + 2} RTP/AVP 0`,
    'a=rtpmap:0 PCMU/8000',
    '',
  ].join('\r\n');
}

/** The OPTIONS text for `p` (with Content-Length in bytes). */
export function buildProbeOptions(p: ProbeRequest): string {
  const scheme = p.transport === 'tls' ? 'sips' : 'sip';
  const host = p.serverHost.includes(':') && !p.serverHost.startsWith('[') ? `[${p.serverHost}]` : p.serverHost;
  const body = probeSdp(p.local);
  return [
    `OPTIONS ${scheme}:${host}:${p.serverPort} SIP/2.0`,
    `Via: SIP/2.0/${p.transport.toUpperCase()} ${hostPort(p.local)};branch=${p.branch};rport`,
    'Max-Forwards: 70',
    `From: <${p.aor}>;tag=${p.tag}`,
    `To: <${p.aor}>`,
    `Call-ID: ${p.callId}`,
    'CSeq: 1 OPTIONS',
    `Contact: <${scheme}:doctor@${hostPort(p.local)};transport=${p.transport}>`,
    'Accept: application/sdp',
    `User-Agent: ${p.userAgent}`,
    'Content-Type: application/sdp',
    `Content-Length: ${Buffer.byteLength(body)}`,
    '',
    body,
  ].join('\r\n');
}

/** True when `message` is a response to the probe with `branch`. */
export function answersProbe(message: string, branch: string): boolean {
  return message.startsWith('SIP/2.0 ') && topVia(message)?.branch === branch;
}

function contactHostPort(value: string | undefined): string | undefined {
  const m = /<?sips?:(?:[^@>;]*@)?(\[[^\]]+\]|[^:;>\s]+)(?::(\d+))?/i.exec(value ?? '');
  return m ? `${m[1] ?? ''}:${m[2] ?? '5060'}` : undefined;
}

/** Reads the answer to a probe: status, the address the server saw, and every sign of rewriting. */
export function readProbeEcho(sent: ProbeRequest, response: string): ProbeEcho {
  const via = topVia(response);
  const rewritten: string[] = [];
  const ours = hostPort(sent.local);
  if (via) {
    const echoed = `${via.host}${via.port === undefined ? '' : `:${via.port}`}`;
    if (echoed.toLowerCase() !== ours.toLowerCase()) rewritten.push(`Via sent-by came back as ${echoed} (we sent ${ours})`);
  }
  const contact = contactHostPort(headerValue(response, 'contact'));
  if (contact !== undefined && /doctor@/i.test(headerValue(response, 'contact') ?? '') && contact.toLowerCase() !== ours.toLowerCase()) {
    rewritten.push(`Contact came back as ${contact} (we sent ${ours})`);
  }
  const body = response.includes('\r\n\r\n') ? response.slice(response.indexOf('\r\n\r\n') + 4) : '';
  const c = /^c=IN IP[46] (\S+)/m.exec(body)?.[1];
  const m = /^m=audio (\d+)/m.exec(body)?.[1];
  if (c !== undefined && c !== sent.local.address) rewritten.push(`the SDP address came back as ${c} (we sent ${sent.local.address})`);
  if (m !== undefined && Number(m) !== sent.local.port + 2) rewritten.push(`the SDP media port came back as ${m} (we sent ${sent.local.port + 2})`);
  const date = headerValue(response, 'date');
  return {
    status: statusCode(response) ?? 0,
    reason: startLine(response).replace(/^SIP\/2\.0\s+\d+\s*/, ''),
    ...(via?.received === undefined ? {} : { received: via.received }),
    ...(via?.rport === undefined ? {} : { rport: via.rport }),
    rewritten,
    ...(date === undefined ? {} : { date }),
  };
}
