/**
 * One call in the list: who, state and timer, codec and encryption, the
 * quality indicator, and its controls (answer, hold/resume or swap, mute,
 * keypad for DTMF, transfer, split a conference, hang up). Buttons send
 * commands; the card changes only when the core's `call.updated` arrives.
 */
import { useId, useRef, useState } from 'react';
import type { CallView } from '../../../../main/common/ipc/contract';
import { ErrorMessage } from '../../components/ErrorMessage';
import { formatDuration, uriAddress } from '../../components/format';
import { Keypad } from '../../components/Keypad';
import { useNow } from '../../components/useNow';
import type { CallStats } from '../../store/reducer';
import type { Store } from '../../store/store';
import { conferenceOf, splitCall } from '../../bridge/conference-commands';
import { callStateLabel, isUnansweredIncoming } from './call-labels';
import { attendedTargets, canSwap, transferText } from './call-controls-model';
import { TransferPanel } from './TransferPanel';
import { QualityIndicator } from './QualityIndicator';
import { useCommand } from './useCommand';

/** Props of {@link CallCard}. */
export interface CallCardProps {
  readonly store: Store;
  readonly call: CallView;
  readonly stats: CallStats | undefined;
  /** Digits the other side pressed. */
  readonly dtmfReceived: string | undefined;
  /** Every call (for swap and attended transfer). */
  readonly calls: readonly CallView[];
  /** The name to show for a call: its display name, else the contact's, else the address's user part. */
  readonly nameOf: (call: CallView) => string;
}

const dtmfKey = /^[0-9*#A-Da-d]$/;

/** The card of one call. */
export function CallCard({ store, call, stats, dtmfReceived, calls, nameOf }: CallCardProps): React.JSX.Element {
  const command = useCommand();
  const [keypadOpen, setKeypadOpen] = useState(false);
  const [transferOpen, setTransferOpen] = useState(false);
  const transferId = useId();
  const conference = conferenceOf(call);
  const swap = canSwap(call, calls);
  const [sent, setSent] = useState('');
  const chain = useRef<Promise<unknown>>(Promise.resolve());
  const keypadId = useId();
  const live = call.state === 'active' || call.state === 'held';
  const now = useNow(call.answeredAt !== undefined);
  const name = nameOf(call);
  const elapsed = call.answeredAt === undefined ? undefined : formatDuration(now - call.answeredAt);

  const sendDigit = (digit: string): void => {
    setSent((s) => (s + digit).slice(-32));
    chain.current = chain.current.then(() => command.run(() => store.invoke('call.dtmf', { callId: call.callId, digits: digit })));
  };

  return (
    <article
      className={`call-card state-${call.state}`}
      aria-label={`Call with ${name}`}
      onKeyDown={(e) => {
        // With the keypad open, typing 0-9, *, #, A-D anywhere in the card sends the tone.
        if (!keypadOpen || !live || e.ctrlKey || e.metaKey || e.altKey || !dtmfKey.test(e.key)) return;
        e.preventDefault();
        sendDigit(e.key.toUpperCase());
      }}
    >
      <header className="call-head">
        <div className="call-who">
          <span className="call-name">{name}</span>
          <span className="call-address">{uriAddress(call.remoteUri)}</span>
        </div>
        <div className="call-state">
          <span className="call-state-label">{callStateLabel(call)}</span>
          {elapsed !== undefined ? (
            <span className="call-timer" role="timer" aria-label="Call duration">
              {elapsed}
            </span>
          ) : null}
        </div>
      </header>
      <div className="call-meta">
        {call.codec ? <span className="badge">{call.codec.toUpperCase()}</span> : null}
        {call.srtp ? <span className="badge badge-secure" title="Media is encrypted with SRTP">Encrypted</span> : live ? <span className="badge badge-plain" title="Media is not encrypted">Not encrypted</span> : null}
        {conference !== undefined ? <span className="badge badge-conference">Conference</span> : null}
        {call.muted ? <span className="badge badge-muted">Muted</span> : null}
        <QualityIndicator call={call} stats={stats} />
      </div>
      <div className="call-controls" role="group" aria-label={`Controls for the call with ${name}`}>
        {isUnansweredIncoming(call) ? (
          <button type="button" className="btn btn-answer" disabled={command.pending} onClick={() => void command.run(() => store.invoke('call.answer', { callId: call.callId }))}>
            Answer
          </button>
        ) : null}
        {call.state === 'active' ? (
          <button type="button" className="btn" disabled={command.pending} onClick={() => void command.run(() => store.invoke('call.hold', { callId: call.callId }))}>
            Hold
          </button>
        ) : null}
        {call.state === 'held' && swap ? (
          <button type="button" className="btn btn-pressed" aria-label={`Swap to ${name}`} disabled={command.pending} onClick={() => void command.run(() => store.invoke('call.swap', { callId: call.callId }))}>
            Swap
          </button>
        ) : null}
        {call.state === 'held' && !swap ? (
          <button type="button" className="btn btn-pressed" disabled={command.pending} onClick={() => void command.run(() => store.invoke('call.resume', { callId: call.callId }))}>
            Resume
          </button>
        ) : null}
        {live ? (
          <button type="button" className={call.muted ? 'btn btn-pressed' : 'btn'} aria-pressed={call.muted} disabled={command.pending} onClick={() => void command.run(() => store.invoke('call.mute', { callId: call.callId, muted: !call.muted }))}>
            Mute
          </button>
        ) : null}
        {live ? (
          <button type="button" className="btn" aria-expanded={keypadOpen} aria-controls={keypadId} onClick={() => setKeypadOpen((o) => !o)}>
            Keypad
          </button>
        ) : null}
        {live ? (
          <button type="button" className="btn" aria-expanded={transferOpen} aria-controls={transferId} onClick={() => setTransferOpen((o) => !o)}>
            Transfer
          </button>
        ) : null}
        {conference !== undefined && live ? (
          <button type="button" className="btn" aria-label={`Split ${name} from the conference`} disabled={command.pending} onClick={() => void command.run(() => splitCall(store, { callId: call.callId }))}>
            Split
          </button>
        ) : null}
        <button type="button" className="btn btn-hangup" onClick={() => void command.run(() => store.invoke('call.hangup', { callId: call.callId }))}>
          {isUnansweredIncoming(call) ? 'Decline' : 'Hang up'}
        </button>
      </div>
      {call.transfer ? (
        <p className={`transfer-progress transfer-${call.transfer.state}`} role="status">
          {transferText(call.transfer)}
        </p>
      ) : null}
      {transferOpen && live ? (
        <TransferPanel
          store={store}
          call={call}
          name={name}
          others={attendedTargets(call, calls).map((c) => ({ call: c, name: nameOf(c) }))}
          id={transferId}
          onClose={() => setTransferOpen(false)}
        />
      ) : null}
      {keypadOpen && live ? (
        <div className="call-keypad" id={keypadId}>
          <Keypad label={`Keypad for ${name}`} onKey={sendDigit} />
          <p className="dtmf-line" aria-live="polite">
            <span>Sent: <output aria-label="Digits sent">{sent}</output></span>
            {dtmfReceived ? <span>Received: <output aria-label="Digits received">{dtmfReceived}</output></span> : null}
          </p>
        </div>
      ) : null}
      {command.error ? <ErrorMessage error={command.error} /> : null}
    </article>
  );
}
