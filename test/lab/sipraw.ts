/**
 * Minimal raw SIP-over-UDP client for probing lab servers.
 *
 * Lets a test check a server's answer to one hand-written request (e.g. an
 * unauthenticated REGISTER must get `401` with a `WWW-Authenticate` digest
 * challenge) without any SIP stack in between. Binds 127.0.0.1 on an
 * ephemeral port; one bounded request/response exchange.
 *
 * @module
 */
import { randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { LOOPBACK } from './ports';

/** A parsed SIP response. */
export interface SipResponse {
  readonly status: number;
  readonly reason: string;
  /** Header names lower-cased; repeated headers keep every value. */
  readonly headers: ReadonlyMap<string, readonly string[]>;
  readonly raw: string;
}

/** Parse the start line and headers of a SIP response. */
export function parseSipResponse(raw: string): SipResponse {
  const [head = ''] = raw.split(/\r?\n\r?\n/, 1);
  const lines = head.split(/\r?\n/);
  const m = /^SIP\/2\.0\s+(\d{3})\s*(.*)$/.exec(lines[0] ?? '');
  if (!m) throw new Error(`not a SIP response: ${JSON.stringify((lines[0] ?? '').slice(0, 100))}`);
  const headers = new Map<string, string[]>();
  for (const line of lines.slice(1)) {
    const i = line.indexOf(':');
    if (i <= 0) continue;
    const name = line.slice(0, i).trim().toLowerCase();
    const list = headers.get(name) ?? [];
    list.push(line.slice(i + 1).trim());
    headers.set(name, list);
  }
  return { status: Number(m[1]), reason: m[2] ?? '', headers, raw };
}

/** Local address the probe socket is bound to (for Via/Contact). */
export interface LocalAddress {
  readonly address: string;
  readonly port: number;
}

/**
 * Send one SIP request over UDP to `host:port` and resolve with the first
 * final (≥ 200) response; provisional responses are skipped. The request
 * text is built by `build` once the local port is known. Rejects after
 * `timeoutMs` (default 5 s).
 */
export function sipUdpRequest(
  target: { readonly host: string; readonly port: number },
  build: (local: LocalAddress) => string,
  timeoutMs = 5000,
): Promise<SipResponse> {
  return new Promise((resolve, reject) => {
    const sock = createSocket('udp4');
    const timer = setTimeout(() => {
      finish();
      reject(new Error(`no SIP final response from ${target.host}:${target.port} within ${timeoutMs} ms`));
    }, timeoutMs);
    const finish = (): void => {
      clearTimeout(timer);
      try {
        sock.close();
      } catch {
        // already closed
      }
    };
    sock.on('error', (err) => {
      finish();
      reject(err);
    });
    sock.on('message', (msg) => {
      let res: SipResponse;
      try {
        res = parseSipResponse(msg.toString('utf8'));
      } catch {
        return;
      }
      if (res.status < 200) return;
      finish();
      resolve(res);
    });
    sock.bind({ address: LOOPBACK, port: 0 }, () => {
      const a = sock.address();
      const text = build({ address: a.address, port: a.port });
      sock.send(Buffer.from(text, 'utf8'), target.port, target.host);
    });
  });
}

/** Parameters of {@link buildRequest}. */
export interface RequestParams {
  readonly method: string;
  readonly requestUri: string;
  /** From/To user and domain (`sip:user@domain`). */
  readonly fromUser: string;
  readonly toUser: string;
  readonly domain: string;
  readonly local: LocalAddress;
  readonly extraHeaders?: readonly string[];
  readonly body?: string;
  readonly contentType?: string;
}

/** Build a credential-less SIP request over UDP from `local` (CRLF line ends). */
export function buildRequest(p: RequestParams): string {
  const tag = randomBytes(6).toString('hex');
  const callId = `${randomBytes(10).toString('hex')}@${p.local.address}`;
  const branch = `z9hG4bK${randomBytes(8).toString('hex')}`;
  const body = p.body ?? '';
  return [
    `${p.method} ${p.requestUri} SIP/2.0`,
    `Via: SIP/2.0/UDP ${p.local.address}:${p.local.port};branch=${branch};rport`,
    'Max-Forwards: 70',
    `From: <sip:${p.fromUser}@${p.domain}>;tag=${tag}`,
    `To: <sip:${p.toUser}@${p.domain}>`,
    `Call-ID: ${callId}`,
    `CSeq: 1 ${p.method}`,
    `Contact: <sip:${p.fromUser}@${p.local.address}:${p.local.port}>`,
    ...(p.extraHeaders ?? []),
    'User-Agent: dialtone-lab-probe',
    ...(body ? [`Content-Type: ${p.contentType ?? 'application/sdp'}`] : []),
    `Content-Length: ${Buffer.byteLength(body)}`,
    '',
    body,
  ].join('\r\n');
}

/** Build a REGISTER without credentials (for 401-challenge checks). */
export function buildRegister(p: {
  readonly user: string;
  readonly domain: string;
  readonly local: LocalAddress;
  readonly expires?: number;
}): string {
  return buildRequest({
    method: 'REGISTER',
    requestUri: `sip:${p.domain}`,
    fromUser: p.user,
    toUser: p.user,
    domain: p.domain,
    local: p.local,
    extraHeaders: [`Expires: ${p.expires ?? 60}`],
  });
}

/** Build an INVITE without credentials or SDP (for 407-challenge checks). */
export function buildInvite(p: {
  readonly from: string;
  readonly to: string;
  readonly domain: string;
  readonly local: LocalAddress;
}): string {
  return buildRequest({
    method: 'INVITE',
    requestUri: `sip:${p.to}@${p.domain}`,
    fromUser: p.from,
    toUser: p.to,
    domain: p.domain,
    local: p.local,
  });
}
