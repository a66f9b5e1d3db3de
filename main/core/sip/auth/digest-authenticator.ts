/**
 * A drop-in replacement for sip.js's `DigestAuthentication` (0.21.2), which
 * only does MD5. sip.js's `UserAgentClient` calls just `authenticate(request,
 * challenge)` and then `toString()` for the (Proxy-)Authorization value, on
 * one instance per request (kept across its retries); this class implements
 * that duck-typed interface with MD5, SHA-256 and SHA-512-256 (and their
 * `-sess` forms), qop=auth or the RFC 2069 form, and nonce-counts shared
 * through a {@link NonceCounter}.
 */
import type { Logger } from '../../ports/logger';
import { quote } from './auth-params';
import { findDigestAlgorithm, type DigestAlgorithmSpec } from './digest-algorithms';
import { computeDigestResponse, createCnonce, formatNonceCount } from './digest-response';
import { NonceCounter } from './nonce-counter';

/** The account's digest credentials. */
export interface DigestCredentials {
  /** The authorization user name (often the AOR's user part). */
  readonly username: string;
  readonly password: string;
}

/** How to build a {@link DigestAuthenticator}. */
export interface DigestAuthenticatorOptions {
  readonly credentials: DigestCredentials;
  /** Shared by the authenticators of one account; a private one when absent. */
  readonly nonceCounter?: NonceCounter | undefined;
  /** Told why a challenge is not answered (never the password or response). */
  readonly logger?: Logger | undefined;
  /** The cnonce source; tests inject one to reproduce RFC vectors. */
  readonly cnonce?: (() => string) | undefined;
}

/** The parts of a sip.js `OutgoingRequestMessage` the authenticator reads. */
export interface AuthenticatedRequest {
  readonly method: string;
  /** A sip.js `URI`; its `toString()` is the digest-uri, as sip.js uses it. */
  readonly ruri: { toString(): string };
}

/** The fields of a challenge as sip.js's grammar returns them. */
interface SipJsChallenge {
  readonly realm?: string;
  readonly nonce?: string;
  readonly algorithm?: string;
  readonly qop?: readonly string[];
  readonly opaque?: string;
  readonly stale?: boolean;
}

/** sip.js keeps quoted-string escapes (`a\"b`); the hash wants the value. */
const unescape = (s: string): string => s.replace(/\\(.)/gs, '$1');
const str = (v: unknown): string | undefined => (typeof v === 'string' ? unescape(v) : undefined);

function readChallenge(challenge: unknown): SipJsChallenge {
  if (typeof challenge !== 'object' || challenge === null) return {};
  const c = challenge as Record<string, unknown>;
  const qop = Array.isArray(c['qop']) ? c['qop'].filter((q): q is string => typeof q === 'string') : undefined;
  const fields = { realm: str(c['realm']), nonce: str(c['nonce']), algorithm: str(c['algorithm']), opaque: str(c['opaque']), qop, stale: typeof c['stale'] === 'boolean' ? c['stale'] : undefined };
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as SipJsChallenge;
}

/** Computes (Proxy-)Authorization values for the challenges sip.js hands it. */
export class DigestAuthenticator {
  /** The last challenge's `stale` flag; sip.js's class has it public, so we do too. */
  stale: boolean | undefined;
  #header: string | undefined;
  #rejection: string | undefined;
  readonly #options: DigestAuthenticatorOptions;
  readonly #nonces: NonceCounter;

  constructor(options: DigestAuthenticatorOptions) {
    this.#options = options;
    this.#nonces = options.nonceCounter ?? new NonceCounter();
  }

  /** Why the last `authenticate` returned false (for SIP_UNSUPPORTED), or undefined. */
  get rejection(): string | undefined {
    return this.#rejection;
  }

  /**
   * Answers `challenge` (sip.js's parsed WWW-/Proxy-Authenticate) for
   * `request`. Returns false, as sip.js's class does, when the challenge
   * cannot be answered; sip.js then hands the 401/407 to the application.
   * `body` is part of sip.js's signature but never passed; qop=auth-int is
   * therefore refused rather than computed over an empty body. Never throws.
   */
  authenticate(request: AuthenticatedRequest, challenge: unknown, _body?: string): boolean {
    const c = readChallenge(challenge);
    this.stale = c.stale;
    this.#header = undefined;
    this.#rejection = undefined;
    const algorithm = findDigestAlgorithm(c.algorithm);
    if (!algorithm) return this.#reject(`unsupported digest algorithm ${c.algorithm ?? ''}`);
    if (!c.realm) return this.#reject('challenge without realm');
    if (!c.nonce) return this.#reject('challenge without nonce');
    let qop: 'auth' | undefined;
    if (c.qop) {
      if (!c.qop.some((q) => q.toLowerCase() === 'auth')) return this.#reject(`unsupported qop ${c.qop.join(',')}`);
      qop = 'auth';
    } else if (algorithm.session) {
      return this.#reject(`${algorithm.name} without qop`);
    }
    try {
      this.#header = this.#build(request, { ...c, realm: c.realm, nonce: c.nonce }, algorithm, qop);
    } catch (error: unknown) {
      // sip.js calls us with no try/catch: a throw would escape into the
      // transport and leave the Registerer waiting forever.
      return this.#reject(`cannot compute the response: ${error instanceof Error ? error.message : String(error)}`);
    }
    return true;
  }

  /** The (Proxy-)Authorization value, in sip.js's parameter order. Throws before a successful `authenticate`, as sip.js's class does. */
  toString(): string {
    if (this.#header === undefined) throw new Error('response field does not exist, cannot generate Authorization header');
    return this.#header;
  }

  #build(request: AuthenticatedRequest, c: SipJsChallenge & { realm: string; nonce: string }, algorithm: DigestAlgorithmSpec, qop: 'auth' | undefined): string {
    const { username, password } = this.#options.credentials;
    const uri = request.ruri.toString();
    const cnonce = qop || algorithm.session ? (this.#options.cnonce ?? createCnonce)() : undefined;
    const nc = qop ? formatNonceCount(this.#nonces.next(c.nonce)) : undefined;
    const response = computeDigestResponse({
      algorithm, username, password, realm: c.realm, nonce: c.nonce, method: request.method, uri,
      ...(qop ? { qop } : {}), ...(nc ? { nc } : {}), ...(cnonce ? { cnonce } : {}),
    });
    const params = [`algorithm=${algorithm.name}`, `username=${quote(username)}`, `realm=${quote(c.realm)}`, `nonce=${quote(c.nonce)}`, `uri=${quote(uri)}`, `response="${response}"`];
    if (c.opaque !== undefined) params.push(`opaque=${quote(c.opaque)}`);
    if (qop) params.push(`qop=${qop}`, `cnonce=${quote(cnonce ?? '')}`, `nc=${nc ?? ''}`);
    return `Digest ${params.join(', ')}`;
  }

  #reject(reason: string): false {
    this.#rejection = reason;
    this.#options.logger?.warn('digest challenge not answered', { reason });
    return false;
  }
}
