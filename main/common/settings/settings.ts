/**
 * The settings document: one zod-validated object with defaults, stored as a
 * whole and carried forward by migrations when its shape changes.
 *
 * Adding a setting: add it with a `.default()` to its section (old documents
 * then read with the default, no migration needed). Renaming or reshaping one:
 * bump {@link SETTINGS_VERSION} and add a step to {@link settingsMigrations}.
 */
import { z } from 'zod';
import { describeIssues } from '../validation';
import { isKnownRegion } from '../contacts/phone-number';

/** The version of the document this code writes. */
export const SETTINGS_VERSION = 1;

const RegionSchema = z.string().refine(isKnownRegion, { message: 'must be a two-letter country code such as US, GB or DE' });

/** Settings of the address book. */
export const ContactsSettingsSchema = z.strictObject({
  /** The country whose numbering plan applies to numbers typed without `+` (normalization to E.164). */
  defaultRegion: RegionSchema.default('US'),
});

/** Settings of the call history. */
export const HistorySettingsSchema = z.strictObject({
  /** Calls older than this many days are deleted; 0 keeps them forever. */
  retentionDays: z.number().int().min(0).max(36500).default(365),
});

/** The whole settings document. */
export const SettingsSchema = z.strictObject({
  version: z.literal(SETTINGS_VERSION).default(SETTINGS_VERSION),
  contacts: ContactsSettingsSchema.default({ defaultRegion: 'US' }),
  history: HistorySettingsSchema.default({ retentionDays: 365 }),
});
/** The settings document. */
export type Settings = z.output<typeof SettingsSchema>;

/** A change to some settings: any subset of the sections and their fields. */
export const SettingsPatchSchema = z.strictObject({
  contacts: ContactsSettingsSchema.partial().optional(),
  history: HistorySettingsSchema.partial().optional(),
});
/** A change to some settings. */
export type SettingsPatch = z.infer<typeof SettingsPatchSchema>;

/** The defaults, with `defaultRegion` taken from the OS locale when it names a known country. */
export function defaultSettings(region?: string): Settings {
  const base = SettingsSchema.parse({});
  return region && isKnownRegion(region) ? { ...base, contacts: { ...base.contacts, defaultRegion: region } } : base;
}

/** One step: the document of version `from` → the document of version `from + 1`. */
export type SettingsMigration = (doc: Record<string, unknown>) => Record<string, unknown>;

/** Steps by source version. Empty while version 1 is the only one. */
export const settingsMigrations: Readonly<Record<number, SettingsMigration>> = {};

/** What reading a stored document gave, and what had to be fixed. */
export interface LoadedSettings {
  readonly settings: Settings;
  /** Plain-language notes on what was migrated or reset to a default (for the log). */
  readonly notes: string[];
  /** True when the stored document should be written back (migrated or repaired). */
  readonly rewrite: boolean;
}

/**
 * Reads a stored document: runs the migrations up to {@link SETTINGS_VERSION},
 * then validates. A section that does not validate falls back to its defaults
 * (named in `notes`), so one bad value never loses the others.
 */
export function loadSettings(stored: unknown, fallback: Settings, migrations: Readonly<Record<number, SettingsMigration>> = settingsMigrations, current: number = SETTINGS_VERSION): LoadedSettings {
  if (stored === null || stored === undefined) return { settings: fallback, notes: [], rewrite: false };
  if (typeof stored !== 'object' || Array.isArray(stored)) return { settings: fallback, notes: ['stored settings were not an object; using the defaults'], rewrite: true };
  let doc = { ...(stored as Record<string, unknown>) };
  const notes: string[] = [];
  let version = typeof doc['version'] === 'number' && Number.isInteger(doc['version']) ? (doc['version'] as number) : 1;
  if (version > current) {
    notes.push(`settings were written by a newer Dialtone (version ${version}); reading what this version knows`);
    version = current;
  }
  while (version < current) {
    const step = migrations[version];
    if (!step) {
      notes.push(`no migration from settings version ${version}; using the defaults`);
      return { settings: fallback, notes, rewrite: true };
    }
    doc = step(doc);
    version += 1;
    notes.push(`settings migrated to version ${version}`);
  }
  const out: Record<string, unknown> = { version: SETTINGS_VERSION };
  const sections = { contacts: ContactsSettingsSchema, history: HistorySettingsSchema } as const;
  let repaired = false;
  for (const [name, schema] of Object.entries(sections)) {
    const parsed = schema.strip().safeParse(doc[name] ?? {});
    if (parsed.success) out[name] = parsed.data;
    else {
      notes.push(`settings.${name} reset to defaults: ${describeIssues(parsed.error)}`);
      out[name] = fallback[name as keyof typeof sections];
      repaired = true;
    }
  }
  return { settings: SettingsSchema.parse(out), notes, rewrite: repaired || notes.some((n) => n.startsWith('settings migrated')) };
}

/** Applies a patch; the result is validated by the caller through {@link SettingsSchema}. */
export function applySettingsPatch(current: Settings, patch: SettingsPatch): unknown {
  return {
    ...current,
    contacts: { ...current.contacts, ...patch.contacts },
    history: { ...current.history, ...patch.history },
  };
}
