/**
 * Names socket and TLS failures the way a user (or support) needs them: which
 * certificate check failed, or whether the port was refused or unreachable.
 */
import type { ErrorCode } from '../../common/errors';

const certificateErrors: Readonly<Record<string, string>> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'the certificate is self-signed',
  SELF_SIGNED_CERT_IN_CHAIN: 'the certificate chain ends in an untrusted self-signed root',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'the certificate was not issued by a trusted authority',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'the issuer of the certificate is not trusted',
  UNABLE_TO_GET_ISSUER_CERT: 'the issuer of the certificate is unknown',
  CERT_HAS_EXPIRED: 'the certificate has expired',
  CERT_NOT_YET_VALID: 'the certificate is not valid yet',
  CERT_REVOKED: 'the certificate was revoked',
  CERT_SIGNATURE_FAILURE: 'the certificate signature is invalid',
  ERR_TLS_CERT_ALTNAME_INVALID: 'the certificate is for a different server name',
  HOSTNAME_MISMATCH: 'the certificate is for a different server name',
};

/** Maps a Node socket error to an ErrorCode and a sentence naming the exact reason. */
export function describeSocketError(error: Error, what: string): [ErrorCode, string] {
  const code = (error as NodeJS.ErrnoException).code ?? '';
  const cert = certificateErrors[code];
  if (cert) return ['TLS_CERTIFICATE', `${what} failed certificate verification: ${cert} (${code}).`];
  if (/certificate|self.signed/i.test(error.message)) return ['TLS_CERTIFICATE', `${what} failed certificate verification: ${error.message}.`];
  if (code.startsWith('ERR_SSL') || /SSL|TLS|handshake/i.test(error.message)) return ['TLS_HANDSHAKE', `${what} failed during the TLS handshake: ${error.message}.`];
  switch (code) {
    case 'ECONNREFUSED':
      return ['NETWORK_UNREACHABLE', `${what} was refused: nothing listens on that port.`];
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'EADDRNOTAVAIL':
      return ['NETWORK_UNREACHABLE', `${what} failed: no route to the server (${code}).`];
    case 'ECONNRESET':
    case 'EPIPE':
      return ['NETWORK_UNREACHABLE', `${what} was reset by the other side (${code}).`];
    case 'ETIMEDOUT':
      return ['SIP_TIMEOUT', `${what} timed out.`];
    case 'EADDRINUSE':
      return ['INVALID_CONFIG', `${what} failed: the local port is already in use.`];
    case 'EACCES':
      return ['INVALID_CONFIG', `${what} failed: permission denied (ports below 1024 need privileges).`];
    default:
      return ['NETWORK_UNREACHABLE', `${what} failed: ${error.message}${code ? ` (${code})` : ''}.`];
  }
}
