/**
 * The incoming-call banner: who is calling and Answer / Decline / Ignore.
 * Focus moves to Answer when the call appears, so Enter answers it and screen
 * readers announce it. Ignore sends `call.silence`: the core stops our ringer
 * and marks the call `silenced`, which hides the banner; the caller keeps
 * ringing until they give up, and the call stays in the list with Answer.
 */
import { useEffect, useRef } from 'react';
import type { CallView } from '../../../../main/common/ipc/contract';
import { ErrorMessage } from '../../components/ErrorMessage';
import { uriAddress } from '../../components/format';
import type { Store } from '../../store/store';
import { useCommand } from './useCommand';

/** Props of {@link IncomingCall}. */
export interface IncomingCallProps {
  readonly store: Store;
  readonly call: CallView;
  /** Who is calling: the display name, else the contact's name, else the address's user part. */
  readonly name: string;
  /** The account the call came in on, shown when there are several. */
  readonly accountLabel: string | undefined;
}

/** The banner of one ringing incoming call. */
export function IncomingCall({ store, call, name, accountLabel }: IncomingCallProps): React.JSX.Element {
  const command = useCommand();
  const answer = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    answer.current?.focus();
  }, [call.callId]);
  return (
    <section className="incoming" role="region" aria-label={`Incoming call from ${name}`} aria-live="assertive">
      <p className="incoming-title">Incoming call</p>
      <p className="incoming-name">{name}</p>
      <p className="incoming-address">
        {uriAddress(call.remoteUri)}
        {accountLabel ? ` → ${accountLabel}` : ''}
      </p>
      <div className="incoming-actions">
        <button ref={answer} type="button" className="btn btn-answer" disabled={command.pending} onClick={() => void command.run(() => store.invoke('call.answer', { callId: call.callId }))}>
          Answer
        </button>
        <button type="button" className="btn btn-hangup" disabled={command.pending} onClick={() => void command.run(() => store.invoke('call.hangup', { callId: call.callId }))}>
          Decline
        </button>
        <button type="button" className="btn" disabled={command.pending} onClick={() => void command.run(() => store.invoke('call.silence', { callId: call.callId }))}>
          Ignore
        </button>
      </div>
      {command.error ? <ErrorMessage error={command.error} /> : null}
    </section>
  );
}
