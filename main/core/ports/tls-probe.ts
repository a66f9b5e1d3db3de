/**
 * A TLS handshake that reports what it saw instead of only succeeding or
 * failing: the connection doctor shows the server certificate's details
 * (subject, issuer, names, validity) even when verification fails, which the
 * verified {@link SocketFactory.connectTls} cannot do by design.
 */
import type { AppError, Result } from '../../common/result';
import type { Endpoint, TlsOptions } from './network';

/** The fields of a peer certificate a user or support needs. */
export interface TlsPeerCertificate {
  readonly subject: string;
  readonly issuer: string;
  /** DNS and IP names from subjectAltName. */
  readonly altNames: readonly string[];
  readonly validFrom: string;
  readonly validTo: string;
  /** SHA-256 fingerprint, colon-separated hex. */
  readonly fingerprint256: string;
  readonly selfSigned: boolean;
}

/** What a handshake showed. */
export interface TlsProbeResult {
  /** True when the certificate verified against the trusted CAs and the server name. */
  readonly authorized: boolean;
  /** Why verification failed (`TLS_CERTIFICATE` with the exact reason), when it did. */
  readonly authorizationError?: AppError;
  /** e.g. `TLSv1.3`. */
  readonly protocol: string;
  readonly cipher: string;
  readonly certificate?: TlsPeerCertificate;
}

/** Runs one handshake (TLS 1.2+), reports, and closes; sends no application data. */
export interface TlsProbePort {
  /** Resolves with the handshake's facts, or an error when no handshake happened (refused, timeout, protocol). */
  probe(to: Endpoint, tls: TlsOptions, timeoutMs: number): Promise<Result<TlsProbeResult>>;
}
