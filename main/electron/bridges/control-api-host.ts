/**
 * Owns the control API's lifecycle for the `controlApi.*` commands: the
 * settings (stored by the core's persisted settings), the token (from
 * DIALTONE_CONTROL_TOKEN; else from the keychain when a `tokenStore` is given,
 * made and stored there on first use; else random per run; rotated on
 * request) and the running server, restarted when the settings change.
 */
import { randomBytes } from 'node:crypto';
import type { ControlApiSettings, ControlApiStatus } from '../../common/models/integrations';
import { err, ok } from '../../common/result';
import type { NamedSecret } from '../../core/data/integration-secrets';
import type { Logger } from '../../core/ports/logger';
import type { ControlApiHost } from '../../core/router/handlers';
import type { Router } from '../../core/router/router';
import type { SoftphoneCore } from '../../core/softphone-core';
import { startControlApi, type ControlApiServer } from './control-api';

/** The shortest token accepted from DIALTONE_CONTROL_TOKEN. */
export const MIN_TOKEN_CHARS = 24;

/** A host that can also be stopped at shutdown. */
export interface ManagedControlApiHost extends ControlApiHost {
  close(): Promise<void>;
}

/** Creates the host, with the API off. */
export function createControlApiHost(deps: {
  readonly router: () => Router;
  readonly core: Pick<SoftphoneCore, 'subscribe'>;
  readonly logger: Logger;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Where the token is kept between runs (the keychain); without it the token lasts one run. */
  readonly tokenStore?: NamedSecret;
}): ManagedControlApiHost {
  const log = deps.logger.child('control-api');
  const fromEnv = deps.env['DIALTONE_CONTROL_TOKEN'];
  if (fromEnv !== undefined && fromEnv.length < MIN_TOKEN_CHARS) log.warn(`ignoring DIALTONE_CONTROL_TOKEN: shorter than ${MIN_TOKEN_CHARS} characters`);
  const envToken = fromEnv !== undefined && fromEnv.length >= MIN_TOKEN_CHARS;
  let token = envToken ? fromEnv : randomBytes(32).toString('base64url');
  // The keychain is read once, on the first start; the environment's token wins over it.
  let tokenLoaded = envToken || deps.tokenStore === undefined;
  let settings: ControlApiSettings = { enabled: false, port: 0, allowedOrigins: [] };
  let server: ControlApiServer | undefined;
  let queue: Promise<unknown> = Promise.resolve();

  const status = (): ControlApiStatus => ({
    enabled: server !== undefined,
    ...(server ? { url: server.url, port: server.port, token } : {}),
    allowedOrigins: [...settings.allowedOrigins],
  });

  const stop = async (): Promise<void> => {
    const running = server;
    server = undefined;
    if (running) await running.close();
  };

  const storeToken = async (): Promise<void> => {
    if (!deps.tokenStore || envToken) return;
    const stored = await deps.tokenStore.set(token);
    if (!stored.ok) log.warn('the control API token could not be stored in the keychain; it lasts until Dialtone quits', { reason: stored.error.message });
  };
  const loadToken = async (): Promise<void> => {
    if (tokenLoaded || !deps.tokenStore) return;
    tokenLoaded = true;
    const stored = await deps.tokenStore.get();
    if (stored.ok && typeof stored.data === 'string' && stored.data.length >= MIN_TOKEN_CHARS) token = stored.data;
    else if (stored.ok) await storeToken();
    else log.warn('the control API token could not be read from the keychain; using a new one for this run', { reason: stored.error.message });
  };

  return {
    status,
    configure(next, rotateToken) {
      // One change at a time: a second call waits for the first to finish.
      const step = queue.then(async () => {
        await stop();
        settings = next;
        await loadToken();
        if (rotateToken) {
          token = randomBytes(32).toString('base64url');
          await storeToken();
        }
        if (!next.enabled) return ok(status());
        try {
          server = await startControlApi({ router: deps.router(), core: deps.core, logger: deps.logger, token, port: next.port, allowedOrigins: next.allowedOrigins });
          return ok(status());
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code;
          settings = { ...next, enabled: false };
          return err('INVALID_CONFIG', code === 'EADDRINUSE' ? `Port ${next.port} on 127.0.0.1 is already in use; choose another.` : `The control API could not start: ${(error as Error).message}`);
        }
      });
      queue = step.catch(() => undefined);
      return step;
    },
    close: () => stop(),
  };
}
