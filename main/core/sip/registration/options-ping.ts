/**
 * A minimal out-of-dialog OPTIONS used as a liveness probe of the server:
 * any response at all means the server is back. Built by hand (not through
 * sip.js) so a probe is one datagram with no retransmission, and its answer is
 * consumed by the transport instead of reaching sip.js.
 */
import { randomBytes } from 'node:crypto';

/** Call-IDs of probes start with this, so the transport can spot their answers. */
export const PROBE_CALL_ID_PREFIX = 'dialtone-probe-';

/** Builds one OPTIONS probe for `server` from `aor`. */
export function buildOptionsProbe(p: { transport: string; local: string; localPort: number; server: string; aor: string; userAgent: string }): { text: string; callId: string } {
  const branch = `z9hG4bK${randomBytes(8).toString('hex')}`;
  const callId = `${PROBE_CALL_ID_PREFIX}${randomBytes(8).toString('hex')}`;
  const tag = randomBytes(4).toString('hex');
  const text = [
    `OPTIONS sip:${p.server} SIP/2.0`,
    `Via: SIP/2.0/${p.transport.toUpperCase()} ${p.local}:${p.localPort};branch=${branch};rport`,
    'Max-Forwards: 70',
    `From: <${p.aor}>;tag=${tag}`,
    `To: <${p.aor}>`,
    `Call-ID: ${callId}`,
    'CSeq: 1 OPTIONS',
    `User-Agent: ${p.userAgent}`,
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
  return { text, callId };
}
