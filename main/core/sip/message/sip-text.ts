/**
 * Small, allocation-light reads of raw SIP text, for the transport layer that
 * must route, retransmit and filter messages before sip.js parses them.
 *
 * Hand-written rather than calling sip.js's parser because the transport sees
 * every datagram first, including junk from the network: these functions never
 * throw and look only at the start line and a few headers.
 */

const compact: Readonly<Record<string, string>> = { v: 'via', i: 'call-id', l: 'content-length', m: 'contact', f: 'from', t: 'to', c: 'content-type', k: 'supported' };

/** The start line: `INVITE sip:… SIP/2.0` or `SIP/2.0 200 OK`. */
export function startLine(message: string): string {
  const end = message.indexOf('\r\n');
  return end < 0 ? message : message.slice(0, end);
}

/** True for a response (`SIP/2.0 nnn …`). */
export function isResponse(message: string): boolean {
  return message.startsWith('SIP/2.0 ');
}

/** The status code of a response, or undefined. */
export function statusCode(message: string): number | undefined {
  const m = /^SIP\/2\.0 (\d{3}) /.exec(message);
  return m ? Number(m[1]) : undefined;
}

/** The method of a request, or undefined. */
export function requestMethod(message: string): string | undefined {
  const m = /^([A-Z]+) \S+ SIP\/2\.0$/.exec(startLine(message));
  return m ? m[1] : undefined;
}

/** The header section (without the start line and the body). */
function headerLines(message: string): string[] {
  const end = message.indexOf('\r\n\r\n');
  const head = end < 0 ? message : message.slice(0, end);
  // Unfold continuation lines (RFC 3261 7.3.1).
  return head.replace(/\r\n[ \t]+/g, ' ').split('\r\n').slice(1);
}

/** Every value of header `name` (case-insensitive, compact forms included), in order. */
export function headerValues(message: string, name: string): string[] {
  const want = name.toLowerCase();
  const out: string[] = [];
  for (const line of headerLines(message)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const raw = line.slice(0, colon).trim().toLowerCase();
    if ((compact[raw] ?? raw) === want) out.push(line.slice(colon + 1).trim());
  }
  return out;
}

/** The first value of header `name`, or undefined. */
export function headerValue(message: string, name: string): string | undefined {
  return headerValues(message, name)[0];
}

/** The CSeq number and method. */
export function cseq(message: string): { seq: number; method: string } | undefined {
  const m = /^(\d+)\s+([A-Z]+)$/.exec(headerValue(message, 'cseq') ?? '');
  return m ? { seq: Number(m[1]), method: m[2] ?? '' } : undefined;
}

/** The parts of the top Via that routing needs. */
export interface Via {
  readonly transport: string;
  readonly host: string;
  readonly port?: number;
  readonly branch?: string;
  readonly received?: string;
  /** The rport value when the server filled it in. */
  readonly rport?: number;
}

/** Parses the top Via header (the first value of the first Via line). */
export function topVia(message: string): Via | undefined {
  const value = headerValue(message, 'via')?.split(',')[0]?.trim();
  if (!value) return undefined;
  const m = /^SIP\s*\/\s*2\.0\s*\/\s*([A-Za-z]+)\s+(\[[^\]]+\]|[^\s;:]+)(?::(\d+))?\s*(.*)$/.exec(value);
  if (!m) return undefined;
  const params = new Map<string, string>();
  for (const p of (m[4] ?? '').split(';')) {
    const [k, v] = p.split('=');
    if (k && k.trim()) params.set(k.trim().toLowerCase(), (v ?? '').trim());
  }
  const rport = params.get('rport');
  const via: Via = {
    transport: (m[1] ?? '').toUpperCase(),
    host: m[2] ?? '',
    ...(m[3] ? { port: Number(m[3]) } : {}),
    ...(params.get('branch') ? { branch: params.get('branch') as string } : {}),
    ...(params.get('received') ? { received: params.get('received') as string } : {}),
    ...(rport && /^\d+$/.test(rport) ? { rport: Number(rport) } : {}),
  };
  return via;
}

/** Byte length of the body as declared, or undefined when absent or malformed. */
export function contentLength(message: string): number | undefined {
  const v = headerValue(message, 'content-length');
  return v !== undefined && /^\d+$/.test(v) ? Number(v) : undefined;
}
