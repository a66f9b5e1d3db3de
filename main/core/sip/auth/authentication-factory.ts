/**
 * Plugs {@link DigestAuthenticator} into sip.js. `UserAgentCore` builds the
 * authenticator for each request through the public, mutable
 * `configuration.authenticationFactory` (sip.js 0.21.2,
 * `user-agent-client.js` authenticationGuard); replacing that function is the
 * supported way in, with no patch to sip.js.
 */
import type { Core } from 'sip.js';
import type { Logger } from '../../ports/logger';
import { DigestAuthenticator, type DigestCredentials } from './digest-authenticator';
import { NonceCounter } from './nonce-counter';

/** What an account's authentication factory needs. */
export interface DigestAuthenticationOptions {
  /**
   * Read for every request, so a changed password applies to the next one.
   * Undefined means "no credentials": sip.js then hands the 401/407 on.
   */
  readonly credentials: () => DigestCredentials | undefined;
  readonly logger?: Logger | undefined;
}

/** sip.js's factory signature. */
export type SipJsAuthenticationFactory = () => Core.DigestAuthentication | undefined;

/**
 * Returns a factory for `configuration.authenticationFactory`. All
 * authenticators it makes share one {@link NonceCounter}. A throwing
 * `credentials` is logged and treated as "no credentials", because sip.js
 * calls the factory inside its response handling with no try/catch and the
 * exception would escape into the transport's receive path.
 */
export function createDigestAuthenticationFactory(options: DigestAuthenticationOptions): SipJsAuthenticationFactory {
  const nonceCounter = new NonceCounter();
  return () => {
    let credentials: DigestCredentials | undefined;
    try {
      credentials = options.credentials();
    } catch (error: unknown) {
      options.logger?.error('digest credentials unavailable', { error: error instanceof Error ? error.message : String(error) });
      return undefined;
    }
    if (!credentials) return undefined;
    const authenticator = new DigestAuthenticator({ credentials, nonceCounter, logger: options.logger });
    // sip.js types the factory with its class, whose private fields make it
    // nominal; ours has the same public surface, which is all sip.js calls.
    return authenticator as unknown as Core.DigestAuthentication;
  };
}

/** Replaces sip.js's MD5-only authenticator for every request of `core` (`userAgent.userAgentCore`). */
export function installDigestAuthentication(core: { configuration: Core.UserAgentCoreConfiguration }, options: DigestAuthenticationOptions): void {
  core.configuration.authenticationFactory = createDigestAuthenticationFactory(options);
}
