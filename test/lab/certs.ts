/**
 * Per-run self-signed TLS certificate for the lab's SIP server.
 *
 * Generated fresh with openssl every run (never committed, never reused), with
 * CN 127.0.0.1 and SAN IP:127.0.0.1, IP:::1, DNS:localhost, so a client that
 * connects to any loopback name can verify it when given `certPath` as its CA
 * file (the certificate is its own CA).
 *
 * @module
 */
import { join } from 'node:path';
import { runChecked } from './proc';
import { requireTool } from './tools';

/** Paths of a generated certificate and its unencrypted private key. */
export interface SelfSignedCert {
  /** PEM certificate; also usable as the CA file that trusts it. */
  readonly certPath: string;
  /** PEM private key (no passphrase). */
  readonly keyPath: string;
}

/**
 * Create `cert.pem` and `key.pem` in `dir` (RSA 2048, 2 days, CN/SAN
 * 127.0.0.1, ::1, localhost). Bounded to 30 s.
 */
export async function makeSelfSignedCert(dir: string, cn = '127.0.0.1'): Promise<SelfSignedCert> {
  const certPath = join(dir, 'cert.pem');
  const keyPath = join(dir, 'key.pem');
  await runChecked(
    requireTool('openssl'),
    [
      'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2',
      '-keyout', keyPath, '-out', certPath,
      '-subj', `/CN=${cn}`,
      '-addext', 'subjectAltName=IP:127.0.0.1,IP:::1,DNS:localhost',
      '-addext', 'basicConstraints=critical,CA:TRUE',
    ],
    { timeoutMs: 30_000, cwd: dir, env: { ...process.env, RANDFILE: join(dir, '.rnd') } },
  );
  return { certPath, keyPath };
}
