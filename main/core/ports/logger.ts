/**
 * How the core writes its log. The core never prints: headless mode keeps
 * stdout for JSON lines, and Electron may send logs to a file.
 */

/** Structured context attached to one log line. Values must already be safe to show. */
export type LogFields = Readonly<Record<string, string | number | boolean | null | undefined>>;

/** A scoped logger. Implementations must redact secrets they are handed by mistake. */
export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** A logger whose lines carry `scope` (for example `sip.transport`). */
  child(scope: string): Logger;
}
