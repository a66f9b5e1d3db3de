/** The next step to show for an error, unless its message already ends with it. */
import { errorGuides } from '../../../main/common/errors';
import type { AppError } from '../../../main/common/result';

/** The guide of `error.code`, or undefined when the message already carries it (the core often appends it). */
export function nextStep(error: AppError): string | undefined {
  const guide = errorGuides[error.code];
  return error.message.includes(guide) ? undefined : guide;
}
