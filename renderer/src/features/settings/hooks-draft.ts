/**
 * The Integrations form's model: the hooks as the user edits them (strings as
 * typed, secrets as "keep / replace / remove"), and the conversion to the
 * `hooks.configure` payload, checked with the same zod schema the core uses
 * so errors show next to the field before anything is sent. Pure.
 */
import { HooksConfigSchema, type HookEvent, type HooksConfig, type HooksView } from '../../../../main/common/models/integrations';

/** A webhook being edited. */
export interface WebhookDraft {
  readonly id: string;
  readonly enabled: boolean;
  readonly url: string;
  readonly events: readonly HookEvent[];
  /** Whether the core holds a secret for it now. */
  readonly hasSecret: boolean;
  /** A new secret typed in ('' = keep what is stored). */
  readonly newSecret: string;
  /** Remove the stored secret (requests go unsigned). */
  readonly removeSecret: boolean;
}

/** A screen-pop being edited. */
export interface ScreenPopDraft {
  readonly id: string;
  readonly enabled: boolean;
  readonly urlTemplate: string;
  readonly events: readonly HookEvent[];
}

/** A command hook being edited; one argument per line. */
export interface CommandDraft {
  readonly id: string;
  readonly enabled: boolean;
  readonly program: string;
  readonly args: string;
  readonly events: readonly HookEvent[];
}

/** Everything the hooks form edits. */
export interface HooksDraft {
  readonly webhooks: readonly WebhookDraft[];
  readonly screenPops: readonly ScreenPopDraft[];
  readonly commands: readonly CommandDraft[];
}

/** The events in the order the form lists them, with their labels. */
export const HOOK_EVENT_LABELS: ReadonlyArray<readonly [HookEvent, string]> = [
  ['incoming', 'Incoming'],
  ['ringing', 'Ringing'],
  ['answered', 'Answered'],
  ['ended', 'Ended'],
  ['missed', 'Missed'],
  ['outgoing', 'Outgoing'],
  ['busy', 'Busy'],
];

/** The saved hooks as a draft. */
export function draftOf(view: HooksView): HooksDraft {
  return {
    webhooks: view.webhooks.map((w) => ({ id: w.id, enabled: w.enabled, url: w.url, events: [...w.events], hasSecret: w.hasSecret, newSecret: '', removeSecret: false })),
    screenPops: view.screenPops.map((p) => ({ id: p.id, enabled: p.enabled, urlTemplate: p.urlTemplate, events: [...p.events] })),
    commands: view.commands.map((c) => ({ id: c.id, enabled: c.enabled, program: c.program, args: c.args.join('\n'), events: [...c.events] })),
  };
}

/** A new id of the form `<prefix>-<n>` not used in `draft`. */
export function newHookId(draft: HooksDraft, prefix: string): string {
  const used = new Set([...draft.webhooks, ...draft.screenPops, ...draft.commands].map((h) => h.id));
  for (let n = 1; ; n += 1) if (!used.has(`${prefix}-${n}`)) return `${prefix}-${n}`;
}

/** Field errors, keyed `webhooks.0.url`, `commands.1.program`, or `form` for the rest. */
export type HookErrors = Readonly<Record<string, string>>;

/** The payload for `hooks.configure`, or the field errors. Webhook timeouts and attempts keep their defaults. */
export function toConfig(draft: HooksDraft): { ok: true; config: HooksConfig } | { ok: false; errors: HookErrors } {
  const raw = {
    webhooks: draft.webhooks.map((w) => ({
      id: w.id,
      enabled: w.enabled,
      url: w.url.trim(),
      events: [...w.events],
      ...(w.newSecret !== '' ? { secret: w.newSecret } : w.removeSecret ? { secret: null } : {}),
    })),
    screenPops: draft.screenPops.map((p) => ({ id: p.id, enabled: p.enabled, urlTemplate: p.urlTemplate.trim(), events: [...p.events] })),
    commands: draft.commands.map((c) => ({
      id: c.id,
      enabled: c.enabled,
      program: c.program.trim(),
      args: c.args.split('\n').map((a) => a.trim()).filter((a) => a !== ''),
      events: [...c.events],
    })),
  };
  const parsed = HooksConfigSchema.safeParse(raw);
  if (parsed.success) return { ok: true, config: parsed.data };
  const errors: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const [list, index, field] = issue.path;
    const key = typeof list === 'string' && typeof index === 'number' ? `${list}.${index}.${typeof field === 'string' ? field : 'events'}` : 'form';
    errors[key] ??= issue.message;
  }
  return { ok: false, errors };
}
