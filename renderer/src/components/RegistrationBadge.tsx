/** A coloured dot and word for an account's registration state. */
import type { AccountView } from '../../../main/common/ipc/contract';

/** What a person calls each registration state. */
export const registrationLabels: Readonly<Record<AccountView['registration']['state'], string>> = {
  registering: 'Registering…',
  registered: 'Registered',
  unregistered: 'Not registered',
  failed: 'Registration failed',
};

/** The badge; the word carries the meaning, the colour only repeats it. */
export function RegistrationBadge({ account }: { readonly account: AccountView }): React.JSX.Element {
  const state = account.registration.state;
  return (
    <span className={`reg-badge reg-${state}`}>
      <span className="dot" aria-hidden="true" />
      {registrationLabels[state]}
    </span>
  );
}
