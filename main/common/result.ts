/**
 * The value every command returns across a process boundary.
 *
 * Nothing throws across IPC, the browser WebSocket or headless stdio: a handler
 * either succeeds with `data` or fails with a stable {@link ErrorCode} and a
 * message a person can read. Callers branch on `ok` instead of catching.
 */
import type { ErrorCode } from './errors';

/** A failure that a client can show and branch on. */
export interface AppError {
  /** Stable machine-readable code; clients switch on it. */
  readonly code: ErrorCode;
  /** Plain-language sentence for the user or the log. */
  readonly message: string;
}

/** Success or failure, never an exception. */
export type Result<T> =
  | { readonly ok: true; readonly data: T }
  | { readonly ok: false; readonly error: AppError };

/** Wraps a value as a successful {@link Result}. */
export function ok<T>(data: T): Result<T> {
  return { ok: true, data };
}

/** Builds a failed {@link Result}. */
export function err<T = never>(code: ErrorCode, message: string): Result<T> {
  return { ok: false, error: { code, message } };
}
