/**
 * The account form's values and their conversion to an `AccountConfig`,
 * validated by the same zod schema the core uses, so the form shows exactly
 * the errors the core would return, next to the field they belong to. Pure.
 */
import type { AccountView } from '../../../../main/common/ipc/contract';
import { AccountConfigSchema, type AccountConfig } from '../../../../main/common/models/account';

/** The codecs Dialtone speaks, in its default order. */
export const ALL_CODECS = ['opus', 'g722', 'pcmu', 'pcma'] as const;
/** One codec name. */
export type Codec = (typeof ALL_CODECS)[number];
/** What the user reads for each codec. */
export const codecNames: Readonly<Record<Codec, string>> = { opus: 'Opus', g722: 'G.722 (HD)', pcmu: 'G.711 µ-law (PCMU)', pcma: 'G.711 A-law (PCMA)' };

/** Every field of the form, as strings and booleans the inputs hold. */
export interface AccountFormValues {
  readonly displayName: string;
  readonly aor: string;
  readonly username: string;
  readonly password: string;
  readonly server: string;
  readonly transport: AccountConfig['transport'];
  /** `default` = let the core choose (required over TLS, else off). */
  readonly srtp: 'default' | AccountConfig['srtp'];
  /** All codecs in preference order, each on or off. */
  readonly codecs: ReadonlyArray<{ readonly codec: Codec; readonly enabled: boolean }>;
  readonly register: boolean;
  readonly tlsCaFile: string;
  readonly allowDirectCalls: boolean;
  readonly natLatching: boolean;
  /** host or host:port; empty = none. */
  readonly stunServer: string;
  /** Not edited here (no dial-plan editor yet), but kept so saving the form does not drop it. */
  readonly dialPlan: AccountConfig['dialPlan'];
}

/** The fields an error can point at. */
export type AccountField = Exclude<keyof AccountFormValues, 'password' | 'dialPlan'> | 'form';

/** Errors per field, in the words of the schema. */
export type FieldErrors = Partial<Record<AccountField, string>>;

/** The form for a new account, or filled from an existing one (never with its password). */
export function formValuesFrom(view: AccountView | undefined): AccountFormValues {
  const enabled: readonly Codec[] = view?.codecs ?? ALL_CODECS;
  const rest = ALL_CODECS.filter((c) => !enabled.includes(c));
  return {
    displayName: view?.displayName ?? '',
    aor: view?.aor ?? '',
    username: view?.username ?? '',
    password: '',
    server: view?.server ?? '',
    transport: view?.transport ?? 'udp',
    srtp: view ? view.srtp : 'default',
    codecs: [...enabled.map((codec) => ({ codec, enabled: true })), ...rest.map((codec) => ({ codec, enabled: false }))],
    register: view?.register ?? true,
    tlsCaFile: view?.tlsCaFile ?? '',
    allowDirectCalls: view?.allowDirectCalls ?? false,
    natLatching: view?.natLatching ?? false,
    stunServer: view?.stunServer ?? '',
    dialPlan: view?.dialPlan,
  };
}

/** The user part of a SIP address, to prefill the username. */
export function userOfAor(aor: string): string {
  return /^(?:sips?:)?([^@:;]+)@/i.exec(aor.trim())?.[1] ?? '';
}

/** Accepts `alice@example.com` as `sip:alice@example.com`. */
function normaliseAor(aor: string): string {
  const t = aor.trim();
  return t === '' || /^sips?:/i.test(t) ? t : `sip:${t}`;
}

const fieldOf: Readonly<Record<string, AccountField>> = {
  aor: 'aor', username: 'username', server: 'server', transport: 'transport', srtp: 'srtp', codecs: 'codecs',
  displayName: 'displayName', tlsCaFile: 'tlsCaFile', allowDirectCalls: 'allowDirectCalls', register: 'register',
  natLatching: 'natLatching', stunServer: 'stunServer', dialPlan: 'form',
};

/** Validates the form: a config to save, or the errors to show per field. */
export function toAccountConfig(v: AccountFormValues): { ok: true; config: AccountConfig } | { ok: false; errors: FieldErrors } {
  const input = {
    aor: normaliseAor(v.aor),
    username: v.username.trim(),
    server: v.server.trim(),
    transport: v.transport,
    ...(v.srtp === 'default' ? {} : { srtp: v.srtp }),
    codecs: v.codecs.filter((c) => c.enabled).map((c) => c.codec),
    register: v.register,
    ...(v.displayName.trim() ? { displayName: v.displayName.trim() } : {}),
    ...(v.transport === 'tls' && v.tlsCaFile.trim() ? { tlsCaFile: v.tlsCaFile.trim() } : {}),
    ...(v.allowDirectCalls ? { allowDirectCalls: true } : {}),
    ...(v.natLatching ? { natLatching: true } : {}),
    ...(v.stunServer.trim() ? { stunServer: v.stunServer.trim() } : {}),
    ...(v.dialPlan ? { dialPlan: v.dialPlan } : {}),
  };
  const parsed = AccountConfigSchema.safeParse(input);
  if (parsed.success) return { ok: true, config: parsed.data };
  const errors: FieldErrors = {};
  for (const issue of parsed.error.issues) {
    const key = fieldOf[String(issue.path[0] ?? '')] ?? 'form';
    errors[key] ??= key === 'aor' && input.aor === '' ? 'must not be empty' : issue.message;
  }
  return { ok: false, errors };
}

/** Moves codec `index` one place up (-1) or down (+1). */
export function moveCodec(v: AccountFormValues, index: number, delta: -1 | 1): AccountFormValues {
  const to = index + delta;
  if (to < 0 || to >= v.codecs.length) return v;
  const codecs = [...v.codecs];
  const [item] = codecs.splice(index, 1);
  if (item) codecs.splice(to, 0, item);
  return { ...v, codecs };
}
