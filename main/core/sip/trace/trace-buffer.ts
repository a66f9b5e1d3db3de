/**
 * The SIP trace: every message sent or received, with its time, direction,
 * peer, transport and Call-ID, in a bounded ring buffer. Credentials are
 * redacted before a message is stored, so the trace can be shown, exported
 * and attached to a support request as it is.
 */
import type { Endpoint } from '../../ports/network';
import { cseq, headerValue, startLine } from '../message/sip-text';
import type { TransportKind, WireRecord } from '../transport/transport-options';

/** One stored message. */
export interface TraceEntry {
  /** Grows by one per entry, across accounts. */
  readonly id: number;
  /** Wall-clock ms. */
  readonly time: number;
  readonly accountId: string;
  readonly direction: 'sent' | 'received';
  readonly transport: TransportKind;
  readonly local: Endpoint;
  readonly peer: Endpoint;
  readonly callId: string;
  /** The start line, e.g. `REGISTER sip:example.com SIP/2.0` or `SIP/2.0 200 OK`. */
  readonly summary: string;
  readonly method: string;
  /** The whole message, redacted. */
  readonly text: string;
}

/** A bounded, redacting SIP trace. */
export interface TraceBuffer {
  /** Stores a wire record; returns the entry as stored. */
  add(accountId: string, record: WireRecord): TraceEntry;
  /** Entries in order, oldest first, optionally only those after `afterId`. */
  entries(afterId?: number): readonly TraceEntry[];
  /** The trace as plain text, one block per message, for export. */
  exportText(): string;
  clear(): void;
}

/** Creates a trace keeping at most `capacity` messages; `redact` masks credentials. */
export function createTraceBuffer(capacity: number, now: () => number, redact: (text: string) => string): TraceBuffer {
  const ring: TraceEntry[] = [];
  let nextId = 1;
  const fmt = (e: Endpoint): string => (e.address.includes(':') ? `[${e.address}]:${e.port}` : `${e.address}:${e.port}`);
  return {
    add(accountId, record) {
      const text = redact(record.text);
      const entry: TraceEntry = {
        id: nextId++,
        time: now(),
        accountId,
        direction: record.direction,
        transport: record.transport,
        local: record.local,
        peer: record.peer,
        callId: headerValue(text, 'call-id') ?? '',
        summary: startLine(text),
        method: cseq(text)?.method ?? '',
        text,
      };
      ring.push(entry);
      if (ring.length > capacity) ring.splice(0, ring.length - capacity);
      return entry;
    },
    entries(afterId = 0) {
      return ring.filter((e) => e.id > afterId);
    },
    exportText() {
      return ring
        .map((e) => {
          const arrow = e.direction === 'sent' ? `${fmt(e.local)} -> ${fmt(e.peer)}` : `${fmt(e.peer)} -> ${fmt(e.local)}`;
          return `${new Date(e.time).toISOString()} ${e.direction.toUpperCase()} ${e.transport.toUpperCase()} ${arrow} (${e.accountId})\n${e.text.replace(/\r\n/g, '\n')}`;
        })
        .join('\n');
    },
    clear() {
      ring.length = 0;
    },
  };
}
