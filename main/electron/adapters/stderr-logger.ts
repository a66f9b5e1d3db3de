/**
 * The concrete Logger: one line per entry on stderr (stdout belongs to the
 * headless JSON protocol). Field values that look like secrets are masked as a
 * last line of defence; callers should not pass them in the first place.
 */
import type { LogFields, Logger } from '../../core/ports/logger';

/** Log levels in increasing severity. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const order: Readonly<Record<LogLevel, number>> = { debug: 0, info: 1, warn: 2, error: 3 };

const secretKey = /pass(word)?|secret|token|authorization|credential/i;

/** Masks values whose key names a secret and digest responses inside strings. */
export function redactFields(fields: LogFields): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    if (secretKey.test(key)) out[key] = '[redacted]';
    else if (typeof value === 'string') out[key] = value.replace(/(response|nonce|cnonce)="[^"]*"/gi, '$1="[redacted]"');
    else out[key] = value;
  }
  return out;
}

/** A writable text sink, normally process.stderr. */
export interface TextSink {
  write(text: string): unknown;
}

/** Creates a logger writing `time level scope message {fields}` lines to `sink`. */
export function createStderrLogger(sink: TextSink, minLevel: LogLevel = 'info', scope = 'dialtone'): Logger {
  const line = (level: LogLevel, message: string, fields?: LogFields): void => {
    if (order[level] < order[minLevel]) return;
    const extra = fields && Object.keys(fields).length > 0 ? ` ${JSON.stringify(redactFields(fields))}` : '';
    sink.write(`${new Date().toISOString()} ${level.toUpperCase()} [${scope}] ${message}${extra}\n`);
  };
  return {
    debug: (m, f) => line('debug', m, f),
    info: (m, f) => line('info', m, f),
    warn: (m, f) => line('warn', m, f),
    error: (m, f) => line('error', m, f),
    child: (child) => createStderrLogger(sink, minLevel, `${scope}.${child}`),
  };
}
