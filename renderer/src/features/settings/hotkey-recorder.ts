/**
 * The key recorder's logic: a keydown becomes an Electron accelerator, checked
 * with the same rules the main process applies (`normalizeAccelerator`), and
 * conflicts with the other actions' bindings are found before anything is
 * sent. Pure, so it is tested without a browser.
 */
import { normalizeAccelerator } from '../../../../main/common/hotkeys/accelerator';
import type { HotkeyAction } from '../../../../main/common/models/shell';

/** The parts of a KeyboardEvent the recorder reads. */
export interface KeyPress {
  readonly key: string;
  readonly code: string;
  readonly ctrlKey: boolean;
  readonly altKey: boolean;
  readonly shiftKey: boolean;
  readonly metaKey: boolean;
}

/** What a key press means to the recorder. */
export type Recorded =
  | { readonly kind: 'pending' } // only modifiers so far
  | { readonly kind: 'cancel' }
  | { readonly kind: 'invalid'; readonly message: string }
  | { readonly kind: 'conflict'; readonly accelerator: string; readonly other: HotkeyAction }
  | { readonly kind: 'accelerator'; readonly accelerator: string };

const MODIFIER_KEYS = new Set(['Control', 'Alt', 'AltGraph', 'Shift', 'Meta', 'OS', 'Super', 'Hyper']);

const CODE_KEYS: Readonly<Record<string, string>> = {
  Space: 'Space', Enter: 'Enter', NumpadEnter: 'Enter', Tab: 'Tab', Backspace: 'Backspace', Delete: 'Delete', Insert: 'Insert',
  ArrowUp: 'Up', ArrowDown: 'Down', ArrowLeft: 'Left', ArrowRight: 'Right', Home: 'Home', End: 'End', PageUp: 'PageUp', PageDown: 'PageDown',
  PrintScreen: 'PrintScreen', Minus: '-', Equal: '=', BracketLeft: '[', BracketRight: ']', Backslash: '\\', Semicolon: ';', Quote: "'",
  Comma: ',', Period: '.', Slash: '/', Backquote: '`', NumpadAdd: 'numadd', NumpadSubtract: 'numsub', NumpadMultiply: 'nummult', NumpadDivide: 'numdiv', NumpadDecimal: 'numdec',
  AudioVolumeUp: 'VolumeUp', AudioVolumeDown: 'VolumeDown', AudioVolumeMute: 'VolumeMute', MediaTrackNext: 'MediaNextTrack', MediaTrackPrevious: 'MediaPreviousTrack', MediaStop: 'MediaStop', MediaPlayPause: 'MediaPlayPause',
};

/** The key's Electron name, from the physical key (so Shift+1 is "1", not "!"). */
function keyName(p: KeyPress): string | undefined {
  const letter = /^Key([A-Z])$/.exec(p.code);
  if (letter) return letter[1];
  const digit = /^(?:Digit|Numpad)([0-9])$/.exec(p.code);
  if (digit) return p.code.startsWith('Numpad') ? `num${digit[1] ?? ''}` : digit[1];
  if (/^F([1-9]|1[0-9]|2[0-4])$/.test(p.code)) return p.code;
  return CODE_KEYS[p.code] ?? CODE_KEYS[p.key];
}

/**
 * Reads one keydown. `mac`: Ctrl is Control and Cmd is Command there;
 * elsewhere Ctrl is written CommandOrControl (as the defaults are) and the
 * Windows/Super key is Super. Escape alone cancels.
 */
export function recordKey(p: KeyPress, mac: boolean, bindings: Readonly<Record<HotkeyAction, string | null>>, action: HotkeyAction): Recorded {
  if (MODIFIER_KEYS.has(p.key)) return { kind: 'pending' };
  const anyModifier = p.ctrlKey || p.altKey || p.shiftKey || p.metaKey;
  if (p.key === 'Escape' && !anyModifier) return { kind: 'cancel' };
  const key = keyName(p);
  if (key === undefined) return { kind: 'invalid', message: `The key "${p.key}" cannot be used in a global shortcut.` };
  const parts: string[] = [];
  if (p.ctrlKey) parts.push(mac ? 'Control' : 'CommandOrControl');
  if (p.metaKey) parts.push(mac ? 'Command' : 'Super');
  if (p.altKey) parts.push('Alt');
  if (p.shiftKey) parts.push('Shift');
  parts.push(key);
  const normal = normalizeAccelerator(parts.join('+'));
  if (!normal.ok) return { kind: 'invalid', message: normal.message };
  const other = (Object.keys(bindings) as HotkeyAction[]).find((a) => a !== action && bindings[a] !== null && sameAccelerator(bindings[a] ?? '', normal.accelerator, mac));
  if (other !== undefined) return { kind: 'conflict', accelerator: normal.accelerator, other };
  return { kind: 'accelerator', accelerator: normal.accelerator };
}

/** True when two accelerators press the same keys on this platform (CommandOrControl is Control off macOS, Command on it). */
export function sameAccelerator(a: string, b: string, mac: boolean): boolean {
  const canon = (s: string): string => {
    const n = normalizeAccelerator(s);
    const text = n.ok ? n.accelerator : s;
    return text
      .split('+')
      .map((t) => (t === 'CommandOrControl' ? (mac ? 'Command' : 'Control') : t))
      .sort()
      .join('+');
  };
  return canon(a) === canon(b);
}

/** What each action is called in the UI. */
export const HOTKEY_LABELS: Readonly<Record<HotkeyAction, string>> = {
  answer: 'Answer',
  hangup: 'Hang up',
  toggleMute: 'Mute or unmute',
  toggleHold: 'Hold or resume',
  dialClipboard: 'Dial the copied number',
  toggleWindow: 'Show or hide the window',
};

/** An accelerator as a person reads it (Ctrl+Alt+Shift+A; ⌘ names on macOS). */
export function describeAccelerator(accelerator: string, mac: boolean): string {
  const names: Readonly<Record<string, string>> = { CommandOrControl: mac ? 'Cmd' : 'Ctrl', Control: 'Ctrl', Command: 'Cmd', Super: mac ? 'Cmd' : 'Super' };
  return accelerator
    .split('+')
    .map((t) => names[t] ?? t)
    .join('+');
}
