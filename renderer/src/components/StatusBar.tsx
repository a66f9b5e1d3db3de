/**
 * The status bar, always visible: each account's address and registration
 * state. On failure it shows the plain-language reason, the next step from
 * the error guide, and buttons to retry or open the account settings.
 */
import type { AccountView } from '../../../main/common/ipc/contract';
import type { Store } from '../store/store';
import { nextStep } from './guide';
import { registrationLabels } from './RegistrationBadge';

/** Props of {@link StatusBar}. */
export interface StatusBarProps {
  readonly store: Store;
  readonly accounts: readonly AccountView[] | null;
  readonly connected: boolean;
  readonly onOpenSettings: () => void;
}

function AccountStatus({ store, account, onOpenSettings }: { store: Store; account: AccountView; onOpenSettings: () => void }): React.JSX.Element {
  const { state, reason } = account.registration;
  return (
    <div className={`status-account reg-${state}`}>
      <span className="status-text">
        <span className="dot" aria-hidden="true" />
        {`${account.displayName ?? account.aor} · ${registrationLabels[state]}`}
      </span>
      {reason ? (
        <>
          <span className="status-detail">{reason.message}</span>
          {nextStep(reason) ? <span className="status-guide">{nextStep(reason)}</span> : null}
          <span className="status-actions">
            <button type="button" className="btn btn-small" aria-label={`Retry registering ${account.id}`} onClick={() => void store.invoke('account.register', { accountId: account.id })}>
              Retry now
            </button>
            <button type="button" className="btn btn-small" onClick={onOpenSettings}>
              Account settings
            </button>
          </span>
        </>
      ) : null}
    </div>
  );
}

/** Shows "Connecting…", "No account", or each account's state. */
export function StatusBar({ store, accounts, connected, onOpenSettings }: StatusBarProps): React.JSX.Element {
  return (
    <footer className="status-bar" role="status" aria-label="Account status">
      {!connected && accounts === null ? <span className="status-text">Connecting…</span> : null}
      {accounts !== null && accounts.length === 0 ? (
        <span className="status-account">
          <span className="status-text">No account</span>
          <span className="status-actions">
            <button type="button" className="btn btn-small" onClick={onOpenSettings}>
              Add account
            </button>
          </span>
        </span>
      ) : null}
      {accounts?.map((a) => <AccountStatus key={a.id} store={store} account={a} onOpenSettings={onOpenSettings} />)}
      {!connected && accounts !== null ? <span className="status-detail">Disconnected from Dialtone. Restart it if this persists.</span> : null}
    </footer>
  );
}
