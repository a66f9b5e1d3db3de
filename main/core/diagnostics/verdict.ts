/**
 * The doctor's conclusion: a pure function from check results to one
 * plain-language verdict and the next steps, most likely fix first. The first
 * rule that matches decides the summary, in the order the seed's 408 path
 * checks things: DNS, the account's transport (certificate, refused, silent),
 * then what only degrades calls (ALG, NAT over UDP, clock).
 */
import type { DiagnosticCheck, DiagnosticCheckId, Verdict } from '../../common/models/diagnostics';
import type { SipTransport } from '../sip/dns';

const NAMES: Readonly<Record<SipTransport, string>> = { udp: 'UDP', tcp: 'TCP', tls: 'TLS' };

function find(checks: readonly DiagnosticCheck[], id: DiagnosticCheckId): DiagnosticCheck | undefined {
  return checks.find((c) => c.id === id);
}

/** Transports other than `own` whose check passed, as advice to switch. */
function workingAlternatives(checks: readonly DiagnosticCheck[], own: SipTransport): SipTransport[] {
  return (['tls', 'tcp', 'udp'] as const).filter((t) => t !== own && find(checks, t)?.status === 'pass');
}

function switchStep(alternatives: readonly SipTransport[]): string[] {
  const best = alternatives[0];
  return best ? [`${NAMES[best]} reaches the server: switch the account's transport to ${NAMES[best]}.`] : [];
}

function transportFailure(check: DiagnosticCheck, own: SipTransport, alternatives: readonly SipTransport[]): Verdict {
  const name = NAMES[own];
  if (check.code === 'TLS_CERTIFICATE') {
    return {
      status: 'broken',
      summary: `The server's TLS certificate is not trusted: ${check.detail}`,
      nextSteps: [
        'If the certificate is for another name, use the server name the certificate was issued for.',
        'If this is your own PBX with a private CA, add its CA file to the account; never turn verification off for a provider.',
        'Check that your clock is right: a wrong date makes valid certificates look expired.',
      ],
    };
  }
  if (check.code === 'TLS_HANDSHAKE') {
    return { status: 'broken', summary: `The TLS handshake failed: ${check.detail}`, nextSteps: ['Check that the server speaks TLS 1.2 or later on this port (often 5061).', ...switchStep(alternatives)] };
  }
  if (check.code === 'NETWORK_UNREACHABLE' || check.code === 'INVALID_CONFIG') {
    return {
      status: 'broken',
      summary: `The server cannot be reached over ${name}: ${check.detail}`,
      nextSteps: [...switchStep(alternatives), 'Check the server address and port in the account settings.', 'Check your connection, VPN and firewall.'],
    };
  }
  if (check.code === 'DNS_NO_RECORD') {
    return { status: 'broken', summary: `No ${name} server was found for this account: ${check.detail}`, nextSteps: [...switchStep(alternatives), 'Check the server name, or enter its IP address and port.'] };
  }
  return {
    status: 'broken',
    summary: `No answer from the server over ${name}: ${check.detail}`,
    nextSteps: [
      ...switchStep(alternatives),
      `Check that a firewall lets ${name} through to the server (port 5060 for UDP/TCP, 5061 for TLS).`,
      'Check the server name and its DNS SRV records.',
      'NAT can drop answers: try TCP or TLS, or set a STUN server.',
      'If all of this is fine, the provider may be down: check its status page.',
    ],
  };
}

/** The verdict for `checks` of an account that uses `own`. */
export function verdictFor(checks: readonly DiagnosticCheck[], own: SipTransport): Verdict {
  const dns = find(checks, 'dns');
  if (dns?.status === 'fail' && (dns.code === 'NETWORK_UNREACHABLE' || dns.code === 'SIP_TIMEOUT')) {
    return {
      status: 'broken',
      summary: `The DNS servers did not answer: ${dns.detail}`,
      nextSteps: ['Check your Internet connection.', 'If you use a VPN or a company DNS, check that it is connected.', 'Or enter the server\'s IP address and port instead of its name.'],
    };
  }
  if (dns?.status === 'fail') {
    return {
      status: 'broken',
      summary: `The server name does not resolve: ${dns.detail}`,
      nextSteps: ['Check the spelling of the server name.', 'Or enter the server\'s IP address and port instead.', 'If you use a VPN or a company DNS, check that it is connected.'],
    };
  }
  const alternatives = workingAlternatives(checks, own);
  const transport = find(checks, own);
  if (transport?.status === 'fail') return transportFailure(transport, own, alternatives);
  const clock = find(checks, 'clock');
  if (clock?.status === 'fail') return { status: 'degraded', summary: clock.detail, nextSteps: ['Turn on automatic date and time, then run the check again.'] };
  const warnings = checks.filter((c) => c.status === 'warn' && c.skipped !== true && (c.id === 'alg' || c.id === 'stun' || c.id === 'clock'));
  const alg = warnings.find((c) => c.id === 'alg');
  if (alg) {
    return {
      status: 'degraded',
      summary: alg.detail,
      nextSteps: ['Turn off "SIP ALG" (sometimes "SIP helper" or "SIP passthrough") in your router.', 'Or use TLS, which an ALG cannot read, or TCP.', ...warnings.filter((w) => w !== alg).map((w) => w.detail)],
    };
  }
  const first = warnings[0];
  if (first) {
    const steps = first.id === 'stun' ? ['Switch the account to TCP or TLS if audio is one-way or missing.'] : ['Turn on automatic date and time.'];
    return { status: 'degraded', summary: first.detail, nextSteps: [...steps, ...warnings.slice(1).map((w) => w.detail)] };
  }
  return {
    status: 'ok',
    summary: `The network is fine: the server answers over ${NAMES[own]}.`,
    nextSteps: ['If registration still fails, the cause is past the network: check the username, password and domain in the account settings, and the SIP trace.'],
  };
}
