/**
 * Dialing from any view (dialpad, contacts, history) with the same rules: the
 * account chosen in the dialpad's picker, else the first registered one; the
 * target cleaned up like a pasted one; Redial remembers it. The call appears
 * when the core reports it, never before.
 */
import { useState } from 'react';
import type { AccountView } from '../../../../main/common/ipc/contract';
import type { AppError } from '../../../../main/common/result';
import { setPreferences, usePreferences } from '../../preferences';
import type { Store } from '../../store/store';
import { cleanDialTarget } from './clean-target';
import { pickDialAccount } from './dial-account';

/** What a view needs to place calls. */
export interface Dialer {
  readonly account: AccountView | undefined;
  readonly canCall: boolean;
  readonly busy: boolean;
  readonly error: AppError | null;
  /** Dials; resolves true once the core accepted the call. */
  dial(target: string): Promise<boolean>;
}

/** A {@link Dialer} over the store. */
export function useDial(store: Store, accounts: readonly AccountView[]): Dialer {
  const prefs = usePreferences();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const { account, canCall } = pickDialAccount(accounts, prefs.dialAccountId);
  const dial = async (what: string): Promise<boolean> => {
    const target = cleanDialTarget(what);
    if (!target || !account || busy) return false;
    setBusy(true);
    setError(null);
    const result = await store.invoke('call.dial', { target, accountId: account.id });
    setBusy(false);
    if (!result.ok) {
      setError(result.error);
      return false;
    }
    setPreferences({ lastDialed: target });
    return true;
  };
  return { account, canCall, busy, error, dial };
}
