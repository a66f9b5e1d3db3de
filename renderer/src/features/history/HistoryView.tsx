/**
 * The call history: all calls or missed only, each with when, who (the
 * contact's name when caller ID matched), what happened and why it failed;
 * Call back, Add to contacts (a prefilled form), Delete; Clear all after a
 * confirmation. Opening the view marks missed calls as seen (the badge in the
 * tab bar clears). It refetches whenever the core says the history changed.
 */
import { useEffect, useState } from 'react';
import type { CallRecord } from '../../../../main/common/history/call-record';
import type { AccountView } from '../../../../main/common/ipc/contract';
import type { AppError } from '../../../../main/common/result';
import { ErrorMessage } from '../../components/ErrorMessage';
import { uriAddress } from '../../components/format';
import type { Store } from '../../store/store';
import { useCommand } from '../calls/useCommand';
import { useDial } from '../dialpad/useDial';
import { callBackTarget, filterHistory, formatWhen, historyName, outcomeIcon, outcomeText, type HistoryFilter } from './history-model';

/** Props of {@link HistoryView}. */
export interface HistoryViewProps {
  readonly store: Store;
  readonly accounts: readonly AccountView[];
  /** Bumped by `history.added` / `history.changed`. */
  readonly revision: number;
  readonly missedUnseen: number;
  /** "Add to contacts": open the contact form with this call's number. */
  readonly onAddContact: (call: CallRecord) => void;
  /** A call was placed: the app shows it. */
  readonly onCalled: () => void;
}

/** How many calls the view shows at first, and how many more "Show older calls" adds (up to the command's 1000). */
const PAGE = 200;
const MAX_SHOWN = 1000;

function HistoryRow({ store, call, canCall, onCallBack, onAddContact }: { store: Store; call: CallRecord; canCall: boolean; onCallBack: () => void; onAddContact: () => void }): React.JSX.Element {
  const command = useCommand();
  const [confirming, setConfirming] = useState(false);
  const name = historyName(call);
  const when = formatWhen(call.startedAt, Date.now());
  const label = `${name}, ${outcomeText(call)}, ${when}`;
  return (
    <li className={`history-row outcome-${call.outcome}${call.outcome === 'missed' && !call.seen ? ' unseen' : ''}`} aria-label={label}>
      <div className="history-main">
        <span className="history-icon" aria-hidden="true">
          {outcomeIcon(call)}
        </span>
        <div className="history-who">
          <span className="history-name">{name}</span>
          <span className="history-detail">
            {outcomeText(call)} · {uriAddress(call.remoteUri)}
          </span>
          {call.reason && call.outcome === 'failed' ? <span className="history-reason">{call.reason.message}</span> : null}
        </div>
        <time className="history-when" dateTime={new Date(call.startedAt).toISOString()}>
          {when}
        </time>
      </div>
      <div className="history-actions">
        <button type="button" className="btn btn-answer" aria-label={`Call back ${name}`} disabled={!canCall} onClick={onCallBack}>
          Call back
        </button>
        {call.contactId === undefined ? (
          <button type="button" className="btn" aria-label={`Add ${name} to contacts`} onClick={onAddContact}>
            Add to contacts
          </button>
        ) : null}
        {confirming ? (
          <span className="confirm" role="group" aria-label={`Confirm deleting the call with ${name}`}>
            <button type="button" className="btn btn-hangup" disabled={command.pending} onClick={() => void command.run(() => store.invoke('history.delete', { ids: [call.id] }))}>
              Delete call
            </button>
            <button type="button" className="btn" onClick={() => setConfirming(false)}>
              Keep
            </button>
          </span>
        ) : (
          <button type="button" className="btn" aria-label={`Delete the call with ${name}, ${when}…`} onClick={() => setConfirming(true)}>
            Delete…
          </button>
        )}
      </div>
      {command.error ? <ErrorMessage error={command.error} /> : null}
    </li>
  );
}

/** The history view. */
export function HistoryView({ store, accounts, revision, missedUnseen, onAddContact, onCalled }: HistoryViewProps): React.JSX.Element {
  const [filter, setFilter] = useState<HistoryFilter>('all');
  const [calls, setCalls] = useState<readonly CallRecord[] | null>(null);
  const [loadError, setLoadError] = useState<AppError | null>(null);
  const [confirmClear, setConfirmClear] = useState(false);
  const [limit, setLimit] = useState(PAGE);
  const clear = useCommand();
  const dialer = useDial(store, accounts);

  useEffect(() => {
    let current = true;
    void store.invoke('history.list', { limit }).then((result) => {
      if (!current) return;
      if (!result.ok) {
        setLoadError(result.error);
        return;
      }
      setLoadError(null);
      setCalls(result.data.calls);
    });
    return () => {
      current = false;
    };
  }, [store, revision, limit]);

  // Looking at the history is seeing the missed calls: clear the badge.
  useEffect(() => {
    if (missedUnseen === 0) return;
    void store.invoke('history.markSeen', {}).then((result) => {
      if (result.ok) store.dispatch({ type: 'missedCounted', missedUnseen: result.data.missedUnseen });
    });
  }, [store, missedUnseen]);

  const shown = calls ? filterHistory(calls, filter) : [];
  const callBack = async (call: CallRecord): Promise<void> => {
    if (await dialer.dial(callBackTarget(call.remoteUri))) onCalled();
  };

  return (
    <div className="history">
      <div className="history-toolbar">
        <div className="segmented" role="radiogroup" aria-label="Show">
          {(['all', 'missed'] as const).map((f) => (
            <label key={f} className={filter === f ? 'seg on' : 'seg'}>
              <input type="radio" name="history-filter" value={f} checked={filter === f} onChange={() => setFilter(f)} />
              {f === 'all' ? 'All calls' : 'Missed'}
            </label>
          ))}
        </div>
        {calls && calls.length > 0 ? (
          confirmClear ? (
            <span className="confirm" role="group" aria-label="Confirm clearing the history">
              <button
                type="button"
                className="btn btn-hangup"
                disabled={clear.pending}
                onClick={() =>
                  void clear.run(() => store.invoke('history.clear', {})).then(() => {
                    setConfirmClear(false);
                  })
                }
              >
                Clear all {calls.length} calls
              </button>
              <button type="button" className="btn" onClick={() => setConfirmClear(false)}>
                Keep
              </button>
            </span>
          ) : (
            <button type="button" className="btn" onClick={() => setConfirmClear(true)}>
              Clear history…
            </button>
          )
        ) : null}
      </div>
      {clear.error ? <ErrorMessage error={clear.error} /> : null}
      {dialer.error ? <ErrorMessage error={dialer.error} /> : null}
      {loadError ? <ErrorMessage error={loadError} /> : null}
      {!dialer.canCall && accounts.length > 0 ? <p className="hint">{dialer.account ? `${dialer.account.id} is not registered, so it cannot call back.` : ''}</p> : null}
      {shown.length > 0 ? (
        <ul className="history-list" aria-label={filter === 'all' ? 'Recent calls' : 'Missed calls'}>
          {shown.map((c) => (
            <HistoryRow key={c.id} store={store} call={c} canCall={dialer.canCall && !dialer.busy} onCallBack={() => void callBack(c)} onAddContact={() => onAddContact(c)} />
          ))}
        </ul>
      ) : null}
      {calls && calls.length >= limit && limit < MAX_SHOWN ? (
        <button type="button" className="btn show-older" onClick={() => setLimit((l) => Math.min(MAX_SHOWN, l + PAGE))}>
          Show older calls
        </button>
      ) : null}
      {calls && shown.length === 0 ? (
        <p className="empty" role="status">
          {filter === 'missed' ? 'No missed calls.' : 'No calls yet.'}
        </p>
      ) : null}
    </div>
  );
}
