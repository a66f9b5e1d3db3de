/**
 * The webhook HTTP client over Node's built-in fetch: one request, bounded by
 * its timeout, redirects not followed (a webhook that moved should be
 * reconfigured, not silently followed to another host), body not read.
 */
import { err, ok } from '../../common/result';
import type { HttpPort } from '../../core/ports/integrations';

/** Creates the HTTP port. */
export function createNodeHttp(): HttpPort {
  return {
    async send(request) {
      try {
        const response = await fetch(request.url, {
          method: request.method,
          headers: request.headers,
          body: request.body,
          redirect: 'manual',
          signal: AbortSignal.timeout(request.timeoutMs),
        });
        await response.body?.cancel();
        return ok({ status: response.status });
      } catch (error) {
        const e = error as Error & { cause?: { code?: string } };
        if (e.name === 'TimeoutError') return err('HOOK_FAILED', `The webhook did not answer within ${request.timeoutMs} ms.`);
        const code = e.cause?.code;
        return err('NETWORK_UNREACHABLE', `The webhook could not be reached${code ? ` (${code})` : ''}.`);
      }
    },
  };
}
