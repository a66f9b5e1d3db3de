/**
 * The TLS probe over node:tls: one handshake with verification computed but
 * not enforced (`rejectUnauthorized: false`), so that the doctor can show the
 * certificate even when it is wrong. No application data is ever sent on it;
 * the SIP transport keeps using the always-verified `connectTls`.
 */
import { isIP } from 'node:net';
import { checkServerIdentity, connect, rootCertificates, type PeerCertificate } from 'node:tls';
import { err, ok } from '../../common/result';
import type { TlsPeerCertificate, TlsProbePort } from '../../core/ports/tls-probe';
import { describeSocketError } from './socket-errors';

function names(dn: PeerCertificate['subject'] | undefined): string {
  if (!dn) return '';
  return Object.entries(dn)
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('+') : String(v)}`)
    .join(', ');
}

function describeCertificate(cert: PeerCertificate): TlsPeerCertificate {
  const altNames = (cert.subjectaltname ?? '')
    .split(',')
    .map((s) => s.trim().replace(/^(DNS|IP Address):/, ''))
    .filter(Boolean);
  const subject = names(cert.subject);
  const issuer = names(cert.issuer);
  return { subject, issuer, altNames, validFrom: cert.valid_from, validTo: cert.valid_to, fingerprint256: cert.fingerprint256, selfSigned: subject === issuer };
}

/** Creates the Node TLS probe. */
export function createNodeTlsProbe(): TlsProbePort {
  return {
    probe(to, tls, timeoutMs) {
      return new Promise((resolve) => {
        const socket = connect({
          host: to.address,
          port: to.port,
          servername: isIP(tls.servername) ? undefined : tls.servername,
          ca: tls.ca ? [...rootCertificates, tls.ca] : undefined,
          minVersion: 'TLSv1.2',
          rejectUnauthorized: false,
          // Node checks the name against `host` unless told otherwise; check it against the account's server name.
          checkServerIdentity: (_host, cert) => checkServerIdentity(tls.servername, cert),
        });
        const timer = setTimeout(() => {
          socket.destroy();
          resolve(err('SIP_TIMEOUT', `The TLS handshake with ${to.address}:${to.port} did not finish within ${timeoutMs} ms.`));
        }, timeoutMs);
        socket.once('secureConnect', () => {
          clearTimeout(timer);
          const cert = socket.getPeerCertificate();
          const authError = socket.authorizationError;
          const base = { protocol: socket.getProtocol() ?? 'unknown', cipher: socket.getCipher().name, ...(cert && cert.subject ? { certificate: describeCertificate(cert) } : {}) };
          socket.destroy();
          if (socket.authorized) {
            resolve(ok({ authorized: true, ...base }));
            return;
          }
          const code = authError instanceof Error ? ((authError as NodeJS.ErrnoException).code ?? authError.message) : String(authError);
          const [errorCode, message] = describeSocketError(Object.assign(new Error(code), { code }), `The certificate of ${to.address}:${to.port}`);
          resolve(ok({ authorized: false, authorizationError: { code: errorCode, message }, ...base }));
        });
        socket.once('error', (e) => {
          clearTimeout(timer);
          socket.destroy();
          resolve(err(...describeSocketError(e, `TLS connection to ${to.address}:${to.port}`)));
        });
      });
    },
  };
}
