/**
 * What clients see of the desktop shell: its settings (confirm before dialling,
 * start at login, start minimized, call links), the global hotkeys with the
 * state of each registration, where passwords are kept, and what this
 * platform and mode can do at all. Zod schemas; types are inferred.
 */
import { z } from 'zod';
import { CALL_LINK_SCHEMES } from '../links/call-link';

/** The actions a global hotkey can trigger. */
export const HotkeyActionSchema = z.enum(['answer', 'hangup', 'toggleMute', 'toggleHold', 'dialClipboard', 'toggleWindow']);
/** One hotkey action. */
export type HotkeyAction = z.infer<typeof HotkeyActionSchema>;

/** A hotkey and whether the OS accepted it. */
export const HotkeyViewSchema = z.strictObject({
  action: HotkeyActionSchema,
  /** Electron accelerator syntax (`CommandOrControl+Alt+Shift+A`), or null when unbound. */
  accelerator: z.string().nullable(),
  /** `failed`: the OS refused it (the reason says why); `unavailable`: no global hotkeys in this mode. */
  status: z.enum(['registered', 'failed', 'unbound', 'unavailable']),
  reason: z.string().optional(),
});
/** A hotkey as clients see it. */
export type HotkeyView = z.infer<typeof HotkeyViewSchema>;

/** A parsed call link, as clients see it (for the confirm-before-dial prompt). */
export const CallLinkViewSchema = z.strictObject({
  scheme: z.enum(CALL_LINK_SCHEMES),
  target: z.string(),
  display: z.string(),
  extension: z.string().optional(),
  /** Parts of the link ignored for safety (SIP headers, URI parameters). */
  dropped: z.array(z.string()),
});

/** The shell settings a user can change with `shell.configure`. */
export const ShellPreferencesSchema = z.strictObject({
  /** Ask before dialling a link that came from outside (a web page, another app, the clipboard). On by default. */
  confirmBeforeDial: z.boolean(),
  /** Start Dialtone when the user logs in. */
  startAtLogin: z.boolean(),
  /** Start in the tray, without showing the window. */
  startMinimized: z.boolean(),
  /** Register Dialtone as the handler of tel:, sip:, sips: and callto: links at start. */
  handleCallLinks: z.boolean(),
});
/** The user-changeable shell settings. */
export type ShellPreferences = z.infer<typeof ShellPreferencesSchema>;

/** Everything the settings view shows about the shell. */
export const ShellSettingsViewSchema = z.strictObject({
  ...ShellPreferencesSchema.shape,
  hotkeys: z.array(HotkeyViewSchema),
  secrets: z.strictObject({
    /** Where new passwords go: the OS keyring, or memory for this session only. */
    kind: z.enum(['os-keyring', 'session-only']),
  }),
  capabilities: z.strictObject({
    /** Global hotkeys exist in this mode (the desktop app). */
    hotkeys: z.boolean(),
    /** False on Wayland, where a registration can report success and still not work: offer the CLI switches. */
    hotkeysReliable: z.boolean(),
    /** Start at login can be set here. */
    loginItem: z.boolean(),
    /** The OS has a Default Apps page to send the user to (Windows). */
    defaultApps: z.boolean(),
  }),
});
/** The shell settings as clients see them. */
export type ShellSettingsView = z.infer<typeof ShellSettingsViewSchema>;
