/**
 * Delivers one webhook: a JSON POST signed with HMAC-SHA256, retried with
 * exponential backoff and jitter on network errors, timeouts, 408, 429 and
 * 5xx; any other 4xx is final (retrying would not help).
 *
 * Signature: `X-Dialtone-Signature: sha256=<hex>` over `<timestamp>.<body>`,
 * with the timestamp (Unix seconds) in `X-Dialtone-Timestamp`, so that a
 * receiver can reject replays of an old delivery.
 */
import { createHmac } from 'node:crypto';
import type { Webhook } from '../../common/models/integrations';
import { err, ok, type Result } from '../../common/result';
import type { Clock } from '../ports/clock';
import type { HttpPort } from '../ports/integrations';

/** The header names a receiver reads. */
export const SIGNATURE_HEADER = 'X-Dialtone-Signature';
export const TIMESTAMP_HEADER = 'X-Dialtone-Timestamp';
export const EVENT_HEADER = 'X-Dialtone-Event';
export const DELIVERY_HEADER = 'X-Dialtone-Delivery';

/** `sha256=<hex>` of `<timestamp>.<body>` under `secret`. */
export function signWebhook(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** Backoff before retry `attempt` (1 = the first retry): 1 s, 2 s, 4 s… capped at 60 s, times 0.5-1.5 jitter. */
export function backoffMs(attempt: number, random: () => number, baseMs = 1000): number {
  return Math.round(Math.min(baseMs * 2 ** (attempt - 1), 60_000) * (0.5 + random()));
}

/** True for statuses worth retrying. */
export function retryable(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/** What delivery needs. */
export interface DeliveryDeps {
  readonly http: HttpPort;
  readonly clock: Clock;
  readonly random: () => number;
  /** Base of the backoff, ms (tests use a small one). */
  readonly backoffBaseMs?: number;
  /** True once the service is stopping: no more retries. */
  readonly stopped: () => boolean;
}

function sleep(clock: Clock, ms: number): Promise<void> {
  return new Promise((resolve) => clock.setTimeout(resolve, ms));
}

/** Sends `body` to `hook`, retrying as needed; resolves with the final status or the last error. */
export async function deliverWebhook(hook: Webhook, event: string, deliveryId: string, body: string, deps: DeliveryDeps): Promise<Result<{ status: number; attempts: number }>> {
  let last: Result<{ status: number; attempts: number }> = err('NETWORK_UNREACHABLE', 'not sent');
  for (let attempt = 1; attempt <= hook.maxAttempts; attempt += 1) {
    if (attempt > 1) {
      if (deps.stopped()) break;
      await sleep(deps.clock, backoffMs(attempt - 1, deps.random, deps.backoffBaseMs));
    }
    const timestamp = String(Math.floor(deps.clock.now() / 1000));
    const headers: Record<string, string> = {
      'Content-Type': 'application/json',
      'User-Agent': 'Dialtone-Webhook',
      [EVENT_HEADER]: event,
      [DELIVERY_HEADER]: deliveryId,
      [TIMESTAMP_HEADER]: timestamp,
      ...(hook.secret ? { [SIGNATURE_HEADER]: signWebhook(hook.secret, timestamp, body) } : {}),
    };
    const sent = await deps.http.send({ method: 'POST', url: hook.url, headers, body, timeoutMs: hook.timeoutMs });
    if (sent.ok && sent.data.status >= 200 && sent.data.status < 300) return ok({ status: sent.data.status, attempts: attempt });
    if (sent.ok) {
      last = err('HOOK_FAILED', `The webhook answered HTTP ${sent.data.status}.`);
      if (!retryable(sent.data.status)) break;
    } else {
      last = sent;
    }
  }
  return last;
}
