/**
 * Runs one command at a time for a control and keeps its failure to show. The
 * control is disabled while the command is in flight; the call itself changes
 * only when the core's event arrives.
 */
import { useCallback, useState } from 'react';
import type { AppError, Result } from '../../../../main/common/result';

/** The state of a command a view sends. */
export interface CommandRunner {
  readonly pending: boolean;
  readonly error: AppError | null;
  run(send: () => Promise<Result<unknown>>): Promise<boolean>;
  clear(): void;
}

/** A {@link CommandRunner} for one view. */
export function useCommand(): CommandRunner {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const run = useCallback(async (send: () => Promise<Result<unknown>>): Promise<boolean> => {
    setPending(true);
    setError(null);
    const result = await send();
    setPending(false);
    if (!result.ok) setError(result.error);
    return result.ok;
  }, []);
  const clear = useCallback(() => setError(null), []);
  return { pending, error, run, clear };
}
