/** A failure as the user reads it: what happened, and the next step from the error guide. */
import type { AppError } from '../../../main/common/result';
import { nextStep } from './guide';

/** Props of {@link ErrorMessage}. */
export interface ErrorMessageProps {
  readonly error: AppError;
  /** `alert` announces it at once (for the result of an action); `none` for standing state. */
  readonly role?: 'alert' | 'none';
  readonly id?: string;
}

/** The message and its guide; the code is kept for support in a title. */
export function ErrorMessage({ error, role = 'alert', id }: ErrorMessageProps): React.JSX.Element {
  const guide = nextStep(error);
  return (
    <div className="error-message" role={role === 'alert' ? 'alert' : undefined} id={id} title={error.code}>
      <p className="error-text">{error.message}</p>
      {guide ? <p className="error-guide">{guide}</p> : null}
    </div>
  );
}
