/**
 * A labelled form field: the label names the control, the hint and the error
 * describe it (aria-describedby), and an error marks it aria-invalid. The
 * control is passed as a render function so it can be an input or a select.
 */
import { useId } from 'react';

/** The attributes the control must spread. */
export interface FieldControlProps {
  readonly id: string;
  readonly 'aria-invalid'?: true;
  readonly 'aria-describedby'?: string;
}

/** Props of {@link Field}. */
export interface FieldProps {
  readonly label: string;
  readonly hint?: string | undefined;
  readonly error?: string | undefined;
  /** A fixed id for the control (so code can focus it), else a generated one. */
  readonly id?: string;
  /** Keeps the label for screen readers only (a control whose value says what it is, in a row of similar fields). */
  readonly hideLabel?: boolean;
  readonly children: (control: FieldControlProps) => React.JSX.Element;
}

/** The field. */
export function Field({ label, hint, error, id, hideLabel, children }: FieldProps): React.JSX.Element {
  const generated = useId();
  const controlId = id ?? generated;
  const hintId = `${controlId}-hint`;
  const errorId = `${controlId}-error`;
  const describedBy = [error ? errorId : '', hint ? hintId : ''].filter(Boolean).join(' ');
  return (
    <div className="field">
      <label className={hideLabel ? 'field-label visually-hidden' : 'field-label'} htmlFor={controlId}>
        {label}
      </label>
      {children({ id: controlId, ...(error ? { 'aria-invalid': true } : {}), ...(describedBy ? { 'aria-describedby': describedBy } : {}) })}
      {hint ? (
        <span className="field-hint" id={hintId}>
          {hint}
        </span>
      ) : null}
      {error ? (
        <span className="field-error" id={errorId}>
          {error}
        </span>
      ) : null}
    </div>
  );
}
