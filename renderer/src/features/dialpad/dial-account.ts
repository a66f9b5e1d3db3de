/** Which account a call goes out on: the one chosen in the picker, else the first registered, else the first. Pure. */
import type { AccountView } from '../../../../main/common/ipc/contract';

/** The account to call from, and whether it can call now (it is registered). */
export function pickDialAccount(accounts: readonly AccountView[], preferredId: string): { account: AccountView | undefined; canCall: boolean } {
  const registered = accounts.filter((a) => a.registration.state === 'registered');
  const account = accounts.find((a) => a.id === preferredId) ?? registered[0] ?? accounts[0];
  return { account, canCall: account?.registration.state === 'registered' };
}
