/**
 * The HTTP Digest algorithms Dialtone knows (RFC 7616 §3.2, RFC 8760 for
 * SIP), with the `node:crypto` hash behind each and the order in which we
 * prefer them when a server offers several.
 */

/** The canonical names, spelled as RFC 7616 registers them. */
export type DigestAlgorithm = 'MD5' | 'MD5-sess' | 'SHA-256' | 'SHA-256-sess' | 'SHA-512-256' | 'SHA-512-256-sess';

/** What Dialtone knows about one algorithm. */
export interface DigestAlgorithmSpec {
  readonly name: DigestAlgorithm;
  /** The `node:crypto` hash name (`sha512-256` is SHA-512/256, FIPS 180-4). */
  readonly hash: 'md5' | 'sha256' | 'sha512-256';
  /** A `-sess` variant: HA1 also covers the nonce and cnonce (RFC 7616 §3.4.2). */
  readonly session: boolean;
  /**
   * Higher is preferred when choosing among challenges; 0 means never chosen.
   * MD5-sess is 0 because sip.js 0.21.2's grammar cannot parse
   * `algorithm=MD5-sess` (it matches `MD5` and then fails), so a response
   * carrying it is dropped before any authenticator sees it.
   * The plain form beats its `-sess` form: same hash, fewer ways to disagree.
   */
  readonly preference: number;
}

const specs: readonly DigestAlgorithmSpec[] = [
  { name: 'SHA-512-256', hash: 'sha512-256', session: false, preference: 6 },
  { name: 'SHA-512-256-sess', hash: 'sha512-256', session: true, preference: 5 },
  { name: 'SHA-256', hash: 'sha256', session: false, preference: 4 },
  { name: 'SHA-256-sess', hash: 'sha256', session: true, preference: 3 },
  { name: 'MD5', hash: 'md5', session: false, preference: 2 },
  { name: 'MD5-sess', hash: 'md5', session: true, preference: 0 },
];

/**
 * Looks an algorithm up by the name a server sent, case-insensitively
 * (sip.js upper-cases it: `SHA-256-SESS`). An absent algorithm means MD5
 * (RFC 2617 §3.2.1). Returns undefined for algorithms we do not implement.
 */
export function findDigestAlgorithm(name: string | undefined): DigestAlgorithmSpec | undefined {
  if (name === undefined || name === '') return specs.find((s) => s.name === 'MD5');
  const wanted = name.trim().toUpperCase();
  return specs.find((s) => s.name.toUpperCase() === wanted);
}
