/**
 * The dialpad: a number or SIP address field and the twelve keys. Typing and
 * clicking both work; the Call button is enabled only when there is something
 * to dial and an account registered to dial it with.
 */
import { useState } from 'react';

const keys: ReadonlyArray<readonly [digit: string, letters: string]> = [
  ['1', ''], ['2', 'ABC'], ['3', 'DEF'],
  ['4', 'GHI'], ['5', 'JKL'], ['6', 'MNO'],
  ['7', 'PQRS'], ['8', 'TUV'], ['9', 'WXYZ'],
  ['*', ''], ['0', '+'], ['#', ''],
];

/** Props of {@link Dialpad}. */
export interface DialpadProps {
  /** True when an account is registered, so a call could be placed. */
  readonly canCall: boolean;
}

/** The dialpad view. */
export function Dialpad({ canCall }: DialpadProps): React.JSX.Element {
  const [target, setTarget] = useState('');
  return (
    <section className="dialpad" aria-label="Dialpad">
      <input
        className="dial-target"
        type="text"
        inputMode="tel"
        autoComplete="off"
        aria-label="Number or SIP address"
        placeholder="Number or SIP address"
        value={target}
        onChange={(e) => setTarget(e.target.value)}
      />
      <div className="keys" role="group" aria-label="Keys">
        {keys.map(([digit, letters]) => (
          <button key={digit} type="button" className="key" aria-label={`Digit ${digit}`} onClick={() => setTarget((t) => t + digit)}>
            <span className="digit">{digit}</span>
            <span className="letters" aria-hidden="true">{letters}</span>
          </button>
        ))}
      </div>
      <div className="actions">
        <button type="button" className="call" disabled={!canCall || target.trim() === ''} title={canCall ? 'Call' : 'Register an account to call'}>
          Call
        </button>
        <button type="button" className="backspace" aria-label="Delete last character" disabled={target === ''} onClick={() => setTarget((t) => t.slice(0, -1))}>
          ⌫
        </button>
      </div>
    </section>
  );
}
