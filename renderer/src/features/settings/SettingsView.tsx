/** Settings: accounts, audio and appearance (hotkeys, links and integrations come with their issues). */
import type { AccountView } from '../../../../main/common/ipc/contract';
import type { Store } from '../../store/store';
import { AccountsSettings } from './AccountsSettings';
import { AppearanceSettings } from './AppearanceSettings';
import { AudioSettings } from './AudioSettings';
import type { UiState } from '../../store/reducer';

/** Props of {@link SettingsView}. */
export interface SettingsViewProps {
  readonly store: Store;
  readonly accounts: readonly AccountView[];
  readonly audio: Pick<UiState, 'devices' | 'deviceProblem' | 'levels'>;
}

/** The settings view. */
export function SettingsView({ store, accounts, audio }: SettingsViewProps): React.JSX.Element {
  return (
    <div className="settings">
      <AccountsSettings store={store} accounts={accounts} />
      <AudioSettings store={store} pushedDevices={audio.devices} problem={audio.deviceProblem} levels={audio.levels} />
      <AppearanceSettings />
    </div>
  );
}
