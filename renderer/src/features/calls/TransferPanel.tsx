/**
 * Transfer for one call: blind (type a number or address; `call.transfer`
 * with `target`) or attended (connect this caller with the party of another
 * call; `call.transfer` with `replacesCallId`). Progress shows on the card
 * from `call.updated` `transfer`; on success the core ends the call.
 */
import { useEffect, useRef, useState } from 'react';
import type { CallView } from '../../../../main/common/ipc/contract';
import { ErrorMessage } from '../../components/ErrorMessage';
import type { Store } from '../../store/store';
import { cleanDialTarget } from '../dialpad/clean-target';
import { useCommand } from './useCommand';

/** Props of {@link TransferPanel}. */
export interface TransferPanelProps {
  readonly store: Store;
  readonly call: CallView;
  /** Who this call is with. */
  readonly name: string;
  /** Other established calls, with their names, for an attended transfer. */
  readonly others: ReadonlyArray<{ readonly call: CallView; readonly name: string }>;
  readonly id: string;
  readonly onClose: () => void;
}

/** The panel. */
export function TransferPanel({ store, call, name, others, id, onClose }: TransferPanelProps): React.JSX.Element {
  const [target, setTarget] = useState('');
  const command = useCommand();
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);
  const blind = async (): Promise<void> => {
    const cleaned = cleanDialTarget(target);
    if (!cleaned) return;
    if (await command.run(() => store.invoke('call.transfer', { callId: call.callId, target: cleaned }))) onClose();
  };
  return (
    <div className="transfer" id={id} role="group" aria-label={`Transfer ${name}`} onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <form
        className="transfer-blind"
        onSubmit={(e) => {
          e.preventDefault();
          void blind();
        }}
      >
        <input
          ref={input}
          type="text"
          inputMode="tel"
          autoComplete="off"
          spellCheck={false}
          aria-label={`Transfer ${name} to`}
          placeholder="Number or SIP address"
          value={target}
          onChange={(e) => setTarget(e.target.value)}
        />
        <button type="submit" className="btn btn-primary" disabled={cleanDialTarget(target) === '' || command.pending}>
          Transfer
        </button>
      </form>
      {others.length > 0 ? (
        <div className="transfer-attended">
          <span className="transfer-or">or connect {name} with:</span>
          {others.map((o) => (
            <button
              key={o.call.callId}
              type="button"
              className="btn"
              aria-label={`Connect ${name} with ${o.name}`}
              disabled={command.pending}
              onClick={() => void command.run(() => store.invoke('call.transfer', { callId: call.callId, replacesCallId: o.call.callId })).then((done) => done && onClose())}
            >
              {o.name}
            </button>
          ))}
        </div>
      ) : null}
      {command.error ? <ErrorMessage error={command.error} /> : null}
    </div>
  );
}
