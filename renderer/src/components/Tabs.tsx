/** The view switcher: an ARIA tablist (Left/Right/Home/End move between tabs, as the pattern says). */
import { useRef } from 'react';

/** One tab. */
export interface TabSpec<K extends string> {
  readonly key: K;
  readonly label: string;
  /** A small count next to the label (calls in progress, missed calls). */
  readonly badge?: number;
  /** What the count means, for screen readers ("in progress", "missed"). */
  readonly badgeLabel?: string;
  /** Draws the badge as an alert (missed calls). */
  readonly badgeTone?: 'normal' | 'alert';
}

/** Props of {@link Tabs}. */
export interface TabsProps<K extends string> {
  readonly tabs: readonly TabSpec<K>[];
  readonly current: K;
  readonly onChange: (key: K) => void;
  /** id prefix; the panel of tab `k` must have id `${idPrefix}-panel-${k}`. */
  readonly idPrefix: string;
  /** The tab list's accessible name (default "Views"). */
  readonly label?: string;
}

/** The tab bar. */
export function Tabs<K extends string>({ tabs, current, onChange, idPrefix, label = 'Views' }: TabsProps<K>): React.JSX.Element {
  const refs = useRef(new Map<K, HTMLButtonElement>());
  const go = (index: number): void => {
    const tab = tabs[(index + tabs.length) % tabs.length];
    if (!tab) return;
    onChange(tab.key);
    refs.current.get(tab.key)?.focus();
  };
  return (
    <div className="tabs" role="tablist" aria-label={label}>
      {tabs.map((t, i) => (
        <button
          key={t.key}
          ref={(el) => {
            if (el) refs.current.set(t.key, el);
            else refs.current.delete(t.key);
          }}
          type="button"
          role="tab"
          id={`${idPrefix}-tab-${t.key}`}
          aria-selected={t.key === current}
          aria-controls={`${idPrefix}-panel-${t.key}`}
          tabIndex={t.key === current ? 0 : -1}
          className="tab"
          onClick={() => onChange(t.key)}
          onKeyDown={(e) => {
            const moves: Record<string, number> = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: tabs.length - 1 };
            const to = moves[e.key];
            if (to !== undefined) {
              e.preventDefault();
              go(to);
            }
          }}
        >
          {t.label}
          {t.badge ? (
            <span className={t.badgeTone === 'alert' ? 'tab-badge tab-badge-alert' : 'tab-badge'} aria-label={`, ${t.badge} ${t.badgeLabel ?? 'in progress'}`}>
              {t.badge}
            </span>
          ) : null}
        </button>
      ))}
    </div>
  );
}
