import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DiagnosticCheck, DiagnosticCheckId } from '../../common/models/diagnostics';
import type { ErrorCode } from '../../common/errors';
import { verdictFor } from './verdict';

type Row = Partial<Record<DiagnosticCheckId, 'pass' | 'warn' | 'fail' | 'skip' | `fail:${ErrorCode}`>>;

function checks(row: Row): DiagnosticCheck[] {
  const ids: DiagnosticCheckId[] = ['dns', 'udp', 'tcp', 'tls', 'stun', 'alg', 'clock'];
  return ids.map((id) => {
    const v = row[id] ?? 'pass';
    const [status, code] = v.split(':') as ['pass' | 'warn' | 'fail' | 'skip', ErrorCode | undefined];
    return {
      id,
      title: id,
      status: status === 'skip' ? 'warn' : status,
      ...(status === 'skip' ? { skipped: true } : {}),
      ...(code ? { code } : {}),
      detail: `${id} detail`,
      durationMs: 1,
    };
  });
}

const table: Array<{ name: string; own: 'udp' | 'tcp' | 'tls'; row: Row; status: 'ok' | 'degraded' | 'broken'; summary: RegExp; step?: RegExp }> = [
  { name: 'all pass', own: 'udp', row: {}, status: 'ok', summary: /network is fine: the server answers over UDP/, step: /username, password/ },
  { name: 'skipped checks do not degrade', own: 'udp', row: { stun: 'skip', clock: 'skip', alg: 'skip', tls: 'skip' }, status: 'ok', summary: /network is fine/ },
  { name: 'other transports failing only inform', own: 'udp', row: { tcp: 'warn', tls: 'warn' }, status: 'ok', summary: /network is fine/ },
  { name: 'DNS failure comes first', own: 'udp', row: { dns: 'fail:DNS_NO_RECORD', udp: 'fail:DNS_NO_RECORD' }, status: 'broken', summary: /does not resolve/, step: /spelling/ },
  { name: 'DNS servers silent', own: 'udp', row: { dns: 'fail:NETWORK_UNREACHABLE' }, status: 'broken', summary: /DNS servers did not answer/, step: /VPN/ },
  { name: 'bad certificate', own: 'tls', row: { tls: 'fail:TLS_CERTIFICATE' }, status: 'broken', summary: /certificate is not trusted/, step: /CA file/ },
  { name: 'TLS handshake', own: 'tls', row: { tls: 'fail:TLS_HANDSHAKE', tcp: 'pass' }, status: 'broken', summary: /handshake failed/, step: /switch the account's transport to TCP/ },
  { name: 'refused port', own: 'tcp', row: { tcp: 'fail:NETWORK_UNREACHABLE', udp: 'warn', tls: 'warn' }, status: 'broken', summary: /cannot be reached over TCP/, step: /address and port/ },
  { name: 'UDP silent, TLS works', own: 'udp', row: { udp: 'fail:SIP_TIMEOUT' }, status: 'broken', summary: /No answer from the server over UDP/, step: /switch the account's transport to TLS/ },
  { name: 'UDP silent, nothing else works', own: 'udp', row: { udp: 'fail:SIP_TIMEOUT', tcp: 'warn', tls: 'warn' }, status: 'broken', summary: /No answer/, step: /firewall/ },
  { name: 'SIP ALG', own: 'udp', row: { alg: 'warn' }, status: 'degraded', summary: /alg detail/, step: /SIP ALG/ },
  { name: 'NAT over UDP', own: 'udp', row: { stun: 'warn' }, status: 'degraded', summary: /stun detail/, step: /TCP or TLS/ },
  { name: 'clock far off', own: 'udp', row: { clock: 'fail' }, status: 'degraded', summary: /clock detail/, step: /automatic date/ },
  { name: 'clock a bit off', own: 'udp', row: { clock: 'warn' }, status: 'degraded', summary: /clock detail/ },
  { name: 'transport failure beats ALG', own: 'udp', row: { udp: 'fail:SIP_TIMEOUT', alg: 'warn' }, status: 'broken', summary: /No answer/ },
];

for (const row of table) {
  test(`verdict: ${row.name}`, () => {
    const v = verdictFor(checks(row.row), row.own);
    assert.equal(v.status, row.status);
    assert.match(v.summary, row.summary);
    if (row.step) assert.ok(v.nextSteps.some((s) => row.step?.test(s)), `no step matches ${String(row.step)}: ${v.nextSteps.join(' | ')}`);
    assert.ok(v.status === 'ok' || v.nextSteps.length > 0);
  });
}
