/**
 * Settings of the call-center integrations: call hooks (webhooks, screen-pops,
 * commands) and the local control API. Validated wherever they enter the app.
 *
 * They are stored in the settings store (`main/core/data/persisted-settings.ts`);
 * webhook secrets and the control API token only in the keychain. Webhook
 * secrets are never sent back to clients: views carry `hasSecret` instead.
 */
import { z } from 'zod';

/** The call moments a hook can fire on. */
export const HookEventSchema = z.enum(['incoming', 'ringing', 'answered', 'ended', 'missed', 'outgoing', 'busy']);
/** One of the hook moments. */
export type HookEvent = z.infer<typeof HookEventSchema>;

/** The placeholders a URL template or a command argument may use. */
export const TEMPLATE_FIELDS = ['number', 'name', 'callId', 'event', 'accountId', 'direction', 'remoteUri'] as const;
/** One of the template placeholders. */
export type TemplateField = (typeof TEMPLATE_FIELDS)[number];

const PLACEHOLDER = /\{([A-Za-z]+)\}/g;

/** The placeholders of `template` that are not in {@link TEMPLATE_FIELDS}. */
export function unknownPlaceholders(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((m) => m[1] ?? '').filter((f) => !(TEMPLATE_FIELDS as readonly string[]).includes(f));
}

const HOST = String.raw`(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*)(?::\d{1,5})?`;
const HTTP_URL = new RegExp(`^https?://${HOST}(?:[/?#][\\x21-\\x7e]*)?$`);
const ORIGIN = new RegExp(`^https?://${HOST}$`);

/**
 * True when `value` is an absolute http: or https: URL with no user info and
 * no spaces or control characters. A strict pattern instead of the URL parser,
 * since main/common has neither DOM nor Node types, and stricter is safer here.
 */
export function isHttpUrl(value: string): boolean {
  return HTTP_URL.test(value);
}

/** True when `value` is a bare origin: scheme, host, optional port, lower-case scheme and host. */
export function isOrigin(value: string): boolean {
  return ORIGIN.test(value) && value === value.toLowerCase();
}

const id = z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'ids are 1-64 letters, digits, _ . or -');
const events = z.array(HookEventSchema).min(1, 'name at least one call event').max(7);
const template = z
  .string()
  .min(1)
  .max(2048)
  .refine((t) => unknownPlaceholders(t).length === 0, { message: `placeholders are ${TEMPLATE_FIELDS.map((f) => `{${f}}`).join(', ')}` });

/** An HTTP(S) webhook: a signed JSON POST for each chosen call event. */
export const WebhookSchema = z.strictObject({
  id,
  enabled: z.boolean().default(true),
  url: z.string().max(2048).refine(isHttpUrl, { message: 'must be an http:// or https:// URL' }),
  events,
  /**
   * HMAC-SHA256 key for the `X-Dialtone-Signature` header; without one requests
   * are unsigned. In `hooks.configure`, leaving it out keeps the secret the
   * webhook of the same id had; `null` removes it.
   */
  secret: z.string().min(16, 'use a secret of at least 16 characters').max(256).nullable().optional(),
  /** Per attempt. */
  timeoutMs: z.number().int().min(500).max(30_000).default(5000),
  /** Attempts in all, the first included; retries back off exponentially with jitter. */
  maxAttempts: z.number().int().min(1).max(10).default(5),
});
/** A webhook's settings. */
export type Webhook = z.infer<typeof WebhookSchema>;

/** A screen-pop: opens a URL built from a template in the default browser. */
export const ScreenPopSchema = z.strictObject({
  id,
  enabled: z.boolean().default(true),
  /** e.g. `https://crm.example.com/search?phone={number}`; values are URL-encoded; the result must be http(s). */
  urlTemplate: template.refine((t) => isHttpUrl(t.replace(PLACEHOLDER, 'x')), { message: 'must build an http:// or https:// URL' }),
  events: events.default(['incoming']),
});
/** A screen-pop's settings. */
export type ScreenPop = z.infer<typeof ScreenPopSchema>;

/** A program run with arguments (never through a shell). */
export const CommandHookSchema = z.strictObject({
  id,
  enabled: z.boolean().default(true),
  /**
   * The program: an absolute path or a name found on PATH. Windows batch files
   * are refused: Windows runs them through cmd.exe, which would parse caller data.
   */
  program: z
    .string()
    .min(1)
    .max(1024)
    .refine((p) => !/\.(bat|cmd)$/i.test(p.trim()), { message: 'batch files (.bat, .cmd) run through cmd.exe; point to an .exe or a script interpreter instead' }),
  /** One template per argument; each placeholder is replaced by the raw value, as one argument. */
  args: z.array(template).max(32).default([]),
  events,
  timeoutMs: z.number().int().min(500).max(120_000).default(10_000),
});
/** A command hook's settings. */
export type CommandHook = z.infer<typeof CommandHookSchema>;

/** All hooks. Ids are unique across the three lists. */
export const HooksConfigSchema = z
  .strictObject({
    webhooks: z.array(WebhookSchema).max(20).default([]),
    screenPops: z.array(ScreenPopSchema).max(20).default([]),
    commands: z.array(CommandHookSchema).max(20).default([]),
  })
  .refine((h) => {
    const ids = [...h.webhooks, ...h.screenPops, ...h.commands].map((x) => x.id);
    return new Set(ids).size === ids.length;
  }, { message: 'hook ids must be unique' });
/** All hooks, validated. */
export type HooksConfig = z.infer<typeof HooksConfigSchema>;

/** The hooks as clients see them: webhook secrets replaced by `hasSecret`. */
export const HooksViewSchema = z.strictObject({
  webhooks: z.array(WebhookSchema.omit({ secret: true }).extend({ hasSecret: z.boolean() })),
  screenPops: z.array(ScreenPopSchema),
  commands: z.array(CommandHookSchema),
});
/** The hooks as clients see them. */
export type HooksView = z.infer<typeof HooksViewSchema>;

/** An origin such as `https://crm.example.com` or `http://localhost:3000` (scheme, host, optional port). */
export const OriginSchema = z
  .string()
  .max(256)
  .refine(isOrigin, { message: 'must be an origin such as https://crm.example.com (no path, no trailing slash)' });

/** The local control API's settings (off by default). */
export const ControlApiSettingsSchema = z.strictObject({
  enabled: z.boolean(),
  /** The 127.0.0.1 port; 0 picks a free one. */
  port: z.number().int().min(0).max(65535).default(0),
  /** Web pages allowed to call the API from a browser; requests with no Origin (curl, a CRM's server) need only the token. */
  allowedOrigins: z.array(OriginSchema).max(32).default([]),
});
/** The control API settings. */
export type ControlApiSettings = z.infer<typeof ControlApiSettingsSchema>;

/** The control API's state as its configurer sees it (the token included: the caller is the local user). */
export const ControlApiStatusSchema = z.strictObject({
  enabled: z.boolean(),
  /** `http://127.0.0.1:<port>` while listening. */
  url: z.string().optional(),
  port: z.number().int().optional(),
  token: z.string().optional(),
  allowedOrigins: z.array(z.string()),
});
/** The control API's state. */
export type ControlApiStatus = z.infer<typeof ControlApiStatusSchema>;
