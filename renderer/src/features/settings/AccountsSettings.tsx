/** The accounts section: each account with its state, Edit, Register/Unregister and Remove; and Add account. */
import { useState } from 'react';
import type { AccountView } from '../../../../main/common/ipc/contract';
import { ErrorMessage } from '../../components/ErrorMessage';
import { RegistrationBadge } from '../../components/RegistrationBadge';
import { useCommand } from '../calls/useCommand';
import type { Store } from '../../store/store';
import { AccountForm } from './AccountForm';

/** Props of {@link AccountsSettings}. */
export interface AccountsSettingsProps {
  readonly store: Store;
  readonly accounts: readonly AccountView[];
}

function AccountRow({ store, account, onEdit }: { store: Store; account: AccountView; onEdit: () => void }): React.JSX.Element {
  const command = useCommand();
  const [confirming, setConfirming] = useState(false);
  const up = account.registration.state === 'registered' || account.registration.state === 'registering' || (account.registration.state === 'failed' && account.register !== false);
  return (
    <li className="account-row" aria-label={account.id}>
      <div className="account-head">
        <div>
          <p className="account-name">{account.displayName ?? account.id}</p>
          <p className="account-server">
            {account.server} · {account.transport.toUpperCase()} · SRTP {account.srtp}
          </p>
        </div>
        <RegistrationBadge account={account} />
      </div>
      {account.registration.reason ? <ErrorMessage error={account.registration.reason} role="none" /> : null}
      <div className="account-actions">
        <button type="button" className="btn" aria-label={`Edit ${account.id}`} onClick={onEdit}>
          Edit
        </button>
        {up ? (
          <button type="button" className="btn" aria-label={`Unregister ${account.id}`} disabled={command.pending} onClick={() => void command.run(() => store.invoke('account.unregister', { accountId: account.id }))}>
            Unregister
          </button>
        ) : null}
        {account.registration.state !== 'registered' && account.registration.state !== 'registering' ? (
          <button type="button" className="btn" aria-label={`Register ${account.id}`} disabled={command.pending} onClick={() => void command.run(() => store.invoke('account.register', { accountId: account.id }))}>
            {account.registration.state === 'failed' ? 'Retry now' : 'Register'}
          </button>
        ) : null}
        {confirming ? (
          <span className="confirm" role="group" aria-label={`Confirm removing ${account.id}`}>
            <button type="button" className="btn btn-hangup" disabled={command.pending} onClick={() => void command.run(() => store.invoke('account.remove', { accountId: account.id }))}>
              Remove {account.id}
            </button>
            <button type="button" className="btn" onClick={() => setConfirming(false)}>
              Keep
            </button>
          </span>
        ) : (
          <button type="button" className="btn" aria-label={`Remove ${account.id}…`} onClick={() => setConfirming(true)}>
            Remove…
          </button>
        )}
      </div>
      {command.error ? <ErrorMessage error={command.error} /> : null}
    </li>
  );
}

/** The accounts settings. */
export function AccountsSettings({ store, accounts }: AccountsSettingsProps): React.JSX.Element {
  const [editing, setEditing] = useState<string | 'new' | null>(null);
  const edited = editing && editing !== 'new' ? accounts.find((a) => a.id === editing) : undefined;
  return (
    <section className="settings-section" aria-labelledby="accounts-heading">
      <h2 id="accounts-heading">Accounts</h2>
      {accounts.length === 0 && editing === null ? <p className="empty">No account yet. Add the SIP account your provider or PBX gave you.</p> : null}
      {accounts.length > 0 ? (
        <ul className="account-list">
          {accounts.map((a) => (
            <AccountRow key={a.id} store={store} account={a} onEdit={() => setEditing(a.id)} />
          ))}
        </ul>
      ) : null}
      {editing !== null ? (
        <AccountForm key={editing} store={store} account={edited} onDone={() => setEditing(null)} />
      ) : (
        <button type="button" className="btn btn-primary" onClick={() => setEditing('new')}>
          Add account
        </button>
      )}
    </section>
  );
}
