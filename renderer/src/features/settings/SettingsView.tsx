/** Settings: accounts and appearance (audio, hotkeys, links and integrations come with their issues). */
import type { AccountView } from '../../../../main/common/ipc/contract';
import type { Store } from '../../store/store';
import { AccountsSettings } from './AccountsSettings';
import { AppearanceSettings } from './AppearanceSettings';

/** Props of {@link SettingsView}. */
export interface SettingsViewProps {
  readonly store: Store;
  readonly accounts: readonly AccountView[];
}

/** The settings view. */
export function SettingsView({ store, accounts }: SettingsViewProps): React.JSX.Element {
  return (
    <div className="settings">
      <AccountsSettings store={store} accounts={accounts} />
      <AppearanceSettings />
    </div>
  );
}
