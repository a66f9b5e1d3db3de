/** Appearance: theme (system, light, dark) and compact mode, for this window. */
import { setPreferences, usePreferences, type ThemeChoice } from '../../preferences';

const themes: ReadonlyArray<readonly [ThemeChoice, string]> = [
  ['system', 'Follow the system'],
  ['light', 'Light'],
  ['dark', 'Dark'],
];

/** The appearance settings. */
export function AppearanceSettings(): React.JSX.Element {
  const prefs = usePreferences();
  return (
    <section className="settings-section" aria-labelledby="appearance-heading">
      <h2 id="appearance-heading">Appearance</h2>
      <fieldset className="choice">
        <legend>Theme</legend>
        {themes.map(([value, label]) => (
          <label key={value} className="check">
            <input type="radio" name="theme" value={value} checked={prefs.theme === value} onChange={() => setPreferences({ theme: value })} />
            {label}
          </label>
        ))}
      </fieldset>
      <label className="check">
        <input type="checkbox" checked={prefs.compact} onChange={(e) => setPreferences({ compact: e.target.checked })} />
        Compact mode (smaller keypad and spacing)
      </label>
    </section>
  );
}
