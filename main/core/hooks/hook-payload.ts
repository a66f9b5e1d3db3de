/**
 * What a hook receives about a call: the JSON body of a webhook and the
 * values URL and argument templates use. The number is the user part of the
 * remote URI, percent-decoded; the name is the display name, if any.
 */
import type { TemplateField } from '../../common/models/integrations';
import type { HookTrigger } from './hook-tracker';

/** The webhook body. */
export interface HookPayload {
  readonly event: HookTrigger['event'];
  readonly callId: string;
  readonly accountId: string;
  readonly direction: 'incoming' | 'outgoing';
  readonly number: string;
  readonly name: string;
  readonly remoteUri: string;
  /** ISO time of the moment. */
  readonly time: string;
  readonly startedAt: string;
  readonly answeredAt?: string;
  /** Talk time, for `ended`, when answered. */
  readonly durationMs?: number;
  readonly reason?: { readonly code: string; readonly message: string };
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** The user part of a SIP/tel URI, decoded (`sip:+4930123@host` → `+4930123`). */
export function numberOf(remoteUri: string): string {
  const m = /^(?:sips?|tel):([^@;?>]*)/i.exec(remoteUri.trim().replace(/^.*</, ''));
  return safeDecode(m?.[1] ?? '');
}

/** Builds the payload of `trigger` at wall time `now`. */
export function payloadOf(trigger: HookTrigger, now: number): HookPayload {
  const c = trigger.call;
  const iso = (ms: number): string => new Date(ms).toISOString();
  const endedAt = trigger.endedAt;
  return {
    event: trigger.event,
    callId: c.callId,
    accountId: c.accountId,
    direction: c.direction,
    number: numberOf(c.remoteUri),
    name: c.remoteName ?? '',
    remoteUri: c.remoteUri,
    time: iso(now),
    startedAt: iso(c.startedAt),
    ...(c.answeredAt === undefined ? {} : { answeredAt: iso(c.answeredAt) }),
    ...(trigger.event === 'ended' && c.answeredAt !== undefined && endedAt !== undefined ? { durationMs: Math.max(0, endedAt - c.answeredAt) } : {}),
    ...(trigger.reason ? { reason: { code: trigger.reason.code, message: trigger.reason.message } } : {}),
  };
}

/** The template values of a payload. */
export function templateValues(p: HookPayload): Readonly<Record<TemplateField, string>> {
  return { number: p.number, name: p.name, callId: p.callId, event: p.event, accountId: p.accountId, direction: p.direction, remoteUri: p.remoteUri };
}
