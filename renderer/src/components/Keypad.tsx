/** The twelve telephone keys; used by the dialpad and, during a call, for DTMF. */

const keys: ReadonlyArray<readonly [digit: string, letters: string]> = [
  ['1', ''], ['2', 'ABC'], ['3', 'DEF'],
  ['4', 'GHI'], ['5', 'JKL'], ['6', 'MNO'],
  ['7', 'PQRS'], ['8', 'TUV'], ['9', 'WXYZ'],
  ['*', ''], ['0', '+'], ['#', ''],
];

/** Props of {@link Keypad}. */
export interface KeypadProps {
  /** The group's accessible name ("Keys", "Keypad for bob"). */
  readonly label: string;
  readonly onKey: (digit: string) => void;
  readonly disabled?: boolean;
}

/** A 3×4 grid of buttons named "Digit 5", "Digit #", … */
export function Keypad({ label, onKey, disabled = false }: KeypadProps): React.JSX.Element {
  return (
    <div className="keys" role="group" aria-label={label}>
      {keys.map(([digit, letters]) => (
        <button key={digit} type="button" className="key" aria-label={`Digit ${digit}`} disabled={disabled} onClick={() => onKey(digit)}>
          <span className="digit">{digit}</span>
          <span className="letters" aria-hidden="true">{letters}</span>
        </button>
      ))}
    </div>
  );
}
