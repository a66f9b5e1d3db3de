/** Integrations: the call hooks and the local control API. */
import type { Store } from '../../store/store';
import { ControlApiSettings } from './ControlApiSettings';
import { HooksSettings } from './HooksSettings';

/** Props of {@link IntegrationSettings}. */
export interface IntegrationSettingsProps {
  readonly store: Store;
}

/** The integration settings. */
export function IntegrationSettings({ store }: IntegrationSettingsProps): React.JSX.Element {
  return (
    <>
      <HooksSettings store={store} />
      <ControlApiSettings store={store} />
    </>
  );
}
