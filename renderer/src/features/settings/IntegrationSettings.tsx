/** Integrations: the call hooks and the local control API. */
import type { EventData } from '../../../../main/common/ipc/contract';
import type { Store } from '../../store/store';
import { ControlApiSettings } from './ControlApiSettings';
import { HooksSettings } from './HooksSettings';

/** Props of {@link IntegrationSettings}. */
export interface IntegrationSettingsProps {
  readonly store: Store;
  readonly hookFailures: readonly EventData<'hooks.failed'>[];
}

/** The integration settings. */
export function IntegrationSettings({ store, hookFailures }: IntegrationSettingsProps): React.JSX.Element {
  return (
    <>
      <HooksSettings store={store} failures={hookFailures} />
      <ControlApiSettings store={store} />
    </>
  );
}
