/**
 * Settings, in sections chosen from a tab list (it wraps in a narrow window):
 * accounts, audio and appearance together first, then call handling,
 * hotkeys, links, integrations and the connection doctor.
 */
import { useState } from 'react';
import type { AccountView } from '../../../../main/common/ipc/contract';
import { Tabs } from '../../components/Tabs';
import type { UiState } from '../../store/reducer';
import type { Store } from '../../store/store';
import { DiagnosticsView } from '../diagnostics/DiagnosticsView';
import { AccountsSettings } from './AccountsSettings';
import { AppearanceSettings } from './AppearanceSettings';
import { AudioSettings } from './AudioSettings';
import { CallSettings } from './CallSettings';
import { HotkeySettings } from './HotkeySettings';
import { IntegrationSettings } from './IntegrationSettings';
import { LinkSettings } from './LinkSettings';
import './settings.css';

/** Props of {@link SettingsView}. */
export interface SettingsViewProps {
  readonly store: Store;
  readonly accounts: readonly AccountView[];
  readonly audio: Pick<UiState, 'devices' | 'deviceProblem' | 'levels'>;
  /** The doctor's live run (from the store). */
  readonly diagnostics?: UiState['diagnostics'];
  /** Hooks that gave up recently (from the store). */
  readonly hookFailures?: UiState['hookFailures'];
}

/** The sections. */
export type SettingsSection = 'general' | 'calls' | 'hotkeys' | 'links' | 'integrations' | 'diagnostics';

const sections: ReadonlyArray<{ key: SettingsSection; label: string }> = [
  { key: 'general', label: 'Accounts & audio' },
  { key: 'calls', label: 'Call handling' },
  { key: 'hotkeys', label: 'Hotkeys' },
  { key: 'links', label: 'Links' },
  { key: 'integrations', label: 'Integrations' },
  { key: 'diagnostics', label: 'Diagnostics' },
];

/** The settings view. */
export function SettingsView({ store, accounts, audio, diagnostics, hookFailures = [] }: SettingsViewProps): React.JSX.Element {
  const [section, setSection] = useState<SettingsSection>('general');
  return (
    <div className="settings">
      <nav className="settings-nav" aria-label="Settings">
        <Tabs idPrefix="settings" label="Settings sections" current={section} onChange={setSection} tabs={sections} />
      </nav>
      <div className="settings-panel" id={`settings-panel-${section}`} role="tabpanel" aria-labelledby={`settings-tab-${section}`}>
        {section === 'general' ? (
          <>
            <AccountsSettings store={store} accounts={accounts} />
            <AudioSettings store={store} pushedDevices={audio.devices} problem={audio.deviceProblem} levels={audio.levels} />
            <AppearanceSettings />
          </>
        ) : null}
        {section === 'calls' ? <CallSettings store={store} /> : null}
        {section === 'hotkeys' ? <HotkeySettings store={store} /> : null}
        {section === 'links' ? <LinkSettings store={store} /> : null}
        {section === 'integrations' ? <IntegrationSettings store={store} hookFailures={hookFailures} /> : null}
        {section === 'diagnostics' ? <DiagnosticsView store={store} accounts={accounts} run={diagnostics} /> : null}
      </div>
    </div>
  );
}
