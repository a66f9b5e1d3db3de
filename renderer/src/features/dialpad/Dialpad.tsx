/**
 * The dialpad: a number or SIP address field that cleans up what is pasted
 * into it, the twelve keys, Call, Redial and the account to call from. The
 * Call button is enabled only when there is something to dial and a
 * registered account to dial it with. A call appears when the core reports it
 * (`call.updated`), never before.
 */
import { useEffect, useRef, useState } from 'react';
import type { AccountView } from '../../../../main/common/ipc/contract';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Field } from '../../components/Field';
import { Keypad } from '../../components/Keypad';
import { setPreferences, usePreferences } from '../../preferences';
import type { Store } from '../../store/store';
import { cleanDialTarget } from './clean-target';
import { ContactSuggestions } from './ContactSuggestions';
import { useDial } from './useDial';

/** Props of {@link Dialpad}. */
export interface DialpadProps {
  readonly store: Store;
  readonly accounts: readonly AccountView[];
  /** Bumped by `contacts.changed` (the suggestions search again). */
  readonly contactsRevision?: number;
}

/** The dialpad view. */
export function Dialpad({ store, accounts, contactsRevision = 0 }: DialpadProps): React.JSX.Element {
  const prefs = usePreferences();
  const [target, setTarget] = useState('');
  const dialer = useDial(store, accounts);
  const { busy, error } = dialer;
  const field = useRef<HTMLInputElement>(null);
  // Typing a digit with nothing focused starts dialing: it goes into the field, which takes the focus.
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.ctrlKey || e.metaKey || e.altKey || !/^[0-9*#+]$/.test(e.key)) return;
      if (document.activeElement && document.activeElement !== document.body) return;
      e.preventDefault();
      setTarget((t) => t + e.key);
      field.current?.focus();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  const chosen = dialer.account;
  const canCall = dialer.canCall;

  const dial = async (what: string): Promise<void> => {
    if (await dialer.dial(what)) setTarget('');
  };

  return (
    <section className="dialpad" aria-label="Dialpad">
      <form
        className="dial-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (canCall) void dial(target);
        }}
      >
        {accounts.length > 1 ? (
          <Field label="Call from">
            {(p) => (
              <select {...p} value={chosen?.id ?? ''} onChange={(e) => setPreferences({ dialAccountId: e.target.value })}>
                {accounts.map((a) => (
                  <option key={a.id} value={a.id}>
                    {(a.displayName ? `${a.displayName} · ` : '') + a.id + (a.registration.state === 'registered' ? '' : ' (not registered)')}
                  </option>
                ))}
              </select>
            )}
          </Field>
        ) : null}
        <input
          ref={field}
          className="dial-target"
          type="text"
          inputMode="tel"
          autoComplete="off"
          spellCheck={false}
          aria-label="Number or SIP address"
          placeholder="Number or SIP address"
          value={target}
          onChange={(e) => setTarget(e.target.value)}
          onPaste={(e) => {
            const pasted = e.clipboardData.getData('text/plain');
            if (!pasted) return;
            e.preventDefault();
            const input = e.currentTarget;
            const start = input.selectionStart ?? target.length;
            const end = input.selectionEnd ?? target.length;
            setTarget(cleanDialTarget(target.slice(0, start) + pasted + target.slice(end)));
          }}
        />
      </form>
      <ContactSuggestions store={store} text={target} canCall={canCall && !busy} revision={contactsRevision} onCall={(t) => void dial(t)} />
      <Keypad label="Keys" onKey={(d) => setTarget((t) => t + d)} />
      <div className="actions">
        <button type="button" className="redial" aria-label={prefs.lastDialed ? `Redial ${prefs.lastDialed}` : 'Redial'} disabled={!canCall || !prefs.lastDialed || busy} onClick={() => void dial(prefs.lastDialed)}>
          ↻
        </button>
        <button type="button" className="call" disabled={!canCall || target.trim() === '' || busy} title={canCall ? 'Call' : 'Register an account to call'} onClick={() => void dial(target)}>
          Call
        </button>
        <button type="button" className="backspace" aria-label="Delete last character" disabled={target === ''} onClick={() => setTarget((t) => t.slice(0, -1))}>
          ⌫
        </button>
      </div>
      {!canCall && accounts.length > 0 ? <p className="hint">{chosen ? `${chosen.id} is not registered, so it cannot call.` : ''}</p> : null}
      {error ? <ErrorMessage error={error} /> : null}
    </section>
  );
}
