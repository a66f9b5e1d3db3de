/** The status bar: which account is in use and whether it is registered. */
import type { AccountView } from '../../../main/common/ipc/contract';

const stateLabels: Readonly<Record<AccountView['registration']['state'], string>> = {
  registering: 'Registering…',
  registered: 'Registered',
  unregistered: 'Not registered',
  failed: 'Registration failed',
};

/** Props of {@link StatusBar}. */
export interface StatusBarProps {
  readonly accounts: readonly AccountView[] | null;
  readonly connected: boolean;
}

/** Shows "No account", or each account's address and registration state with the reason on failure. */
export function StatusBar({ accounts, connected }: StatusBarProps): React.JSX.Element {
  let text: string;
  let detail: string | undefined;
  if (!connected && accounts === null) text = 'Connecting…';
  else if (!accounts || accounts.length === 0) text = 'No account';
  else {
    const first = accounts[0] as AccountView;
    text = `${first.displayName ?? first.aor} · ${stateLabels[first.registration.state]}`;
    detail = first.registration.reason?.message;
  }
  return (
    <footer className="status-bar" role="status" aria-label="Account status">
      <span className="status-text">{text}</span>
      {detail ? <span className="status-detail">{detail}</span> : null}
      {!connected && accounts !== null ? <span className="status-detail">Disconnected from Dialtone</span> : null}
    </footer>
  );
}
