/** Incoming-call banners, the list of calls (with Merge when two or more are up), and why recent calls ended. */
import type { AccountView, CallView } from '../../../../main/common/ipc/contract';
import { ErrorMessage } from '../../components/ErrorMessage';
import { uriUser } from '../../components/format';
import type { UiState } from '../../store/reducer';
import type { Store } from '../../store/store';
import { joinAll } from '../../bridge/conference-commands';
import { isUnansweredIncoming } from './call-labels';
import { mergePlan } from './call-controls-model';
import { useCallerNames } from './useCallerNames';
import { useCommand } from './useCommand';
import { CallCard } from './CallCard';
import { IncomingCall } from './IncomingCall';

/** "a", "a and b", "a, b and c". */
function andList(names: readonly string[]): string {
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names.at(-1) ?? ''}`;
}

/** Props of {@link CallsPanel}. */
export interface CallsPanelProps {
  readonly store: Store;
  readonly calls: readonly CallView[];
  readonly accounts: readonly AccountView[];
  readonly state: UiState;
}

/** All calls; renders nothing when there are none and nothing to report. */
export function CallsPanel({ store, calls, accounts, state }: CallsPanelProps): React.JSX.Element | null {
  const nameOf = useCallerNames(store, calls, state.contactsRevision);
  const merge = useCommand();
  const plan = mergePlan(calls);
  // Ignored calls (`silenced`, set by the core) leave the banner but stay listed: the caller still rings.
  const ringing = calls.filter((c) => isUnansweredIncoming(c) && c.silenced !== true);
  const listed = calls.filter((c) => !ringing.includes(c));
  const failures = state.ended.filter((e) => e.reason);
  if (calls.length === 0 && failures.length === 0) return null;
  return (
    <div className="calls">
      {ringing.map((call) => (
        <IncomingCall
          key={call.callId}
          store={store}
          call={call}
          name={nameOf(call)}
          accountLabel={accounts.length > 1 ? call.accountId : undefined}
        />
      ))}
      {listed.length > 0 ? (
        <section className="call-list" aria-label="Calls">
          {listed.map((call) => (
            <CallCard key={call.callId} store={store} call={call} calls={calls} nameOf={nameOf} stats={state.stats[call.callId]} dtmfReceived={state.dtmfReceived[call.callId]} />
          ))}
          {plan ? (
            <div className="merge-row">
              <button
                type="button"
                className="btn btn-primary"
                aria-label={`Merge the calls with ${andList([plan.anchor, ...plan.joining].map(nameOf))}`}
                disabled={merge.pending}
                onClick={() => void merge.run(() => joinAll(store, plan))}
              >
                {plan.anchor.conference !== undefined ? `Add ${plan.joining.length === 1 ? 'call' : 'calls'} to conference` : 'Merge calls'}
              </button>
              {merge.error ? <ErrorMessage error={merge.error} /> : null}
            </div>
          ) : null}
        </section>
      ) : null}
      {failures.map((e) => (
        <section key={e.callId} className="ended-notice" aria-label={`Call with ${uriUser(e.remoteUri) || 'unknown'} ended`}>
          <div className="ended-head">
            <span>Call with {uriUser(e.remoteUri) || 'unknown'} {e.answered ? 'ended' : 'failed'}</span>
            <button type="button" className="btn btn-small" aria-label="Dismiss" onClick={() => store.dispatch({ type: 'endedDismissed', callId: e.callId })}>
              ✕
            </button>
          </div>
          {e.reason ? <ErrorMessage error={e.reason} role="none" /> : null}
        </section>
      ))}
    </div>
  );
}
