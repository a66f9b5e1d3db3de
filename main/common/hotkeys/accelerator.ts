/**
 * Checks and normalises global-shortcut accelerators in Electron's syntax
 * (https://www.electronjs.org/docs/latest/api/accelerator) before they reach
 * `globalShortcut.register`, which throws on bad syntax and swallows the keys
 * system-wide once registered. Hand-written: Electron does the real parsing
 * only in the main process (C++), and the UI must be able to check a binding
 * before sending it.
 *
 * Rules beyond Electron's: exactly one key; no modifier twice; a plain key
 * (a letter, a digit, Space...) needs at least one modifier other than Shift,
 * because a global hotkey on it would take that key from every application.
 * Media keys and F13-F24 may stand alone.
 */

const MODIFIERS: Readonly<Record<string, string>> = {
  command: 'Command',
  cmd: 'Command',
  control: 'Control',
  ctrl: 'Control',
  commandorcontrol: 'CommandOrControl',
  cmdorctrl: 'CommandOrControl',
  alt: 'Alt',
  option: 'Alt',
  altgr: 'AltGr',
  shift: 'Shift',
  super: 'Super',
  meta: 'Super',
};

const NAMED_KEYS = [
  'Plus', 'Space', 'Tab', 'Capslock', 'Numlock', 'Scrolllock', 'Backspace', 'Delete', 'Insert', 'Return', 'Enter',
  'Up', 'Down', 'Left', 'Right', 'Home', 'End', 'PageUp', 'PageDown', 'Escape', 'Esc', 'PrintScreen',
  'num0', 'num1', 'num2', 'num3', 'num4', 'num5', 'num6', 'num7', 'num8', 'num9', 'numdec', 'numadd', 'numsub', 'nummult', 'numdiv',
];
/** Keys that may be bound without a modifier. */
const STANDALONE_KEYS = ['VolumeUp', 'VolumeDown', 'VolumeMute', 'MediaNextTrack', 'MediaPreviousTrack', 'MediaStop', 'MediaPlayPause'];
const PUNCTUATION = [')', '!', '@', '#', '$', '%', '^', '&', '*', '(', ':', ';', '<', '=', '>', '?', '-', '_', '[', ']', '{', '}', '|', '\\', ',', '.', '/', '`', '~', "'", '"'];

const keyByLower = new Map<string, string>([...NAMED_KEYS, ...STANDALONE_KEYS].map((k) => [k.toLowerCase(), k]));

/** The outcome of {@link normalizeAccelerator}. */
export type AcceleratorResult = { readonly ok: true; readonly accelerator: string } | { readonly ok: false; readonly message: string };

function canonicalKey(token: string): string | undefined {
  if (/^[a-z]$/i.test(token)) return token.toUpperCase();
  if (/^[0-9]$/.test(token)) return token;
  const f = /^f([1-9]|1[0-9]|2[0-4])$/i.exec(token);
  if (f) return `F${f[1]}`;
  if (PUNCTUATION.includes(token)) return token;
  return keyByLower.get(token.toLowerCase());
}

/** Checks `input` and returns it in canonical form (`CommandOrControl+Alt+Shift+A`), or says what is wrong. */
export function normalizeAccelerator(input: string): AcceleratorResult {
  if (typeof input !== 'string' || input.length === 0 || input.length > 64) return { ok: false, message: 'A shortcut is 1 to 64 characters.' };
  // "+" is the separator, so the key "+" is written "Plus"; a trailing "++" means the same.
  const raw = input.trim().replace(/\+\+$/, '+Plus');
  const tokens = raw.split('+').map((t) => t.trim());
  if (tokens.some((t) => t === '')) return { ok: false, message: `"${input}" has an empty part; write the + key as "Plus".` };
  const modifiers: string[] = [];
  let key: string | undefined;
  for (const token of tokens) {
    const modifier = MODIFIERS[token.toLowerCase()];
    if (modifier !== undefined) {
      if (key !== undefined) return { ok: false, message: `In "${input}", modifiers must come before the key.` };
      if (modifiers.includes(modifier)) return { ok: false, message: `"${input}" names ${modifier} twice.` };
      modifiers.push(modifier);
      continue;
    }
    const k = canonicalKey(token);
    if (k === undefined) return { ok: false, message: `"${token}" is not a key Electron knows.` };
    if (key !== undefined) return { ok: false, message: `"${input}" has two keys (${key} and ${k}); a shortcut has exactly one.` };
    key = k;
  }
  if (key === undefined) return { ok: false, message: `"${input}" has no key, only modifiers.` };
  const standalone = STANDALONE_KEYS.includes(key) || /^F(1[3-9]|2[0-4])$/.test(key);
  if (!standalone && modifiers.filter((m) => m !== 'Shift').length === 0) {
    return { ok: false, message: `"${input}" would take ${key} away from every other application; add Ctrl, Alt, Cmd or Super.` };
  }
  return { ok: true, accelerator: [...modifiers, key].join('+') };
}
