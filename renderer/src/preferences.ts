/**
 * Appearance and dialing preferences that belong to this window, kept in
 * localStorage (no contract command exists for settings yet; the storage issue
 * brings `settings.*`, which can take these over).
 */
import { useSyncExternalStore } from 'react';

/** The theme: follow the OS, or force one. */
export type ThemeChoice = 'system' | 'light' | 'dark';

/** What the renderer remembers between runs. */
export interface Preferences {
  readonly theme: ThemeChoice;
  readonly compact: boolean;
  /** The last target dialed, for Redial. */
  readonly lastDialed: string;
  /** The account last chosen in the dialpad's picker. */
  readonly dialAccountId: string;
}

const KEY = 'dialtone.preferences';
const defaults: Preferences = { theme: 'system', compact: false, lastDialed: '', dialAccountId: '' };

function read(): Preferences {
  try {
    const raw: unknown = JSON.parse(window.localStorage.getItem(KEY) ?? '{}');
    if (typeof raw !== 'object' || raw === null) return defaults;
    const r = raw as Record<string, unknown>;
    return {
      theme: r['theme'] === 'light' || r['theme'] === 'dark' ? r['theme'] : 'system',
      compact: r['compact'] === true,
      lastDialed: typeof r['lastDialed'] === 'string' ? r['lastDialed'] : '',
      dialAccountId: typeof r['dialAccountId'] === 'string' ? r['dialAccountId'] : '',
    };
  } catch {
    return defaults;
  }
}

let current: Preferences | undefined;
const listeners = new Set<() => void>();

/** The preferences now. */
export function getPreferences(): Preferences {
  current ??= read();
  return current;
}

/** Changes some preferences, saves them and re-renders whoever uses them. */
export function setPreferences(patch: Partial<Preferences>): void {
  current = { ...getPreferences(), ...patch };
  try {
    window.localStorage.setItem(KEY, JSON.stringify(current));
  } catch {
    // Storage may be unavailable (private mode); the preference still holds for this run.
  }
  applyToDocument(current);
  for (const l of listeners) l();
}

/** Sets the theme and density attributes the stylesheet keys on. */
export function applyToDocument(p: Preferences = getPreferences()): void {
  const root = document.documentElement;
  if (p.theme === 'system') root.removeAttribute('data-theme');
  else root.setAttribute('data-theme', p.theme);
  root.toggleAttribute('data-compact', p.compact);
}

/** The preferences as React state. */
export function usePreferences(): Preferences {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    getPreferences,
  );
}
