/**
 * Turns the flat SIP trace into what the call-flow view draws: dialogs grouped
 * by Call-ID, the columns (one per address, ours first, as sngrep does) and
 * one arrow per message. Pure, so it is unit-tested without a browser.
 */
import type { TraceEntryView } from '../../../../main/common/ipc/contract';

/** One Call-ID's messages: a call, a registration, an OPTIONS ping. */
export interface TraceDialog {
  readonly callId: string;
  /** The method that opened it (INVITE, REGISTER, OPTIONS…). */
  readonly method: string;
  /** A human label: "INVITE bob@127.0.0.1 · 14:02:07". */
  readonly label: string;
  readonly count: number;
  readonly firstTime: number;
}

/** One arrow of the ladder. */
export interface LadderArrow {
  readonly entry: TraceEntryView;
  readonly from: number;
  readonly to: number;
  /** The short label on the arrow: method, or status code and phrase. */
  readonly label: string;
}

/** The ladder of a set of messages. */
export interface Ladder {
  /** Column addresses, ours first. */
  readonly columns: readonly string[];
  readonly arrows: readonly LadderArrow[];
}

/** The short label of a start line: `INVITE`, `200 OK`, `401 Unauthorized`. */
export function arrowLabel(entry: TraceEntryView): string {
  const status = /^SIP\/2\.0\s+(\d{3})\s*(.*)$/.exec(entry.summary);
  if (status) return `${status[1]} ${status[2] ?? ''}`.trim();
  const request = /^([A-Z]+)\s/.exec(entry.summary);
  return request?.[1] ?? entry.method;
}

/** The Request-URI of a request's start line without the scheme (`bob@127.0.0.1`), else ''. */
function requestTarget(summary: string): string {
  const m = /^[A-Z]+\s+(?:sips?:)?([^\s;]+)/.exec(summary);
  return m?.[1] ?? '';
}

function clock(ms: number): string {
  const d = new Date(ms);
  return [d.getHours(), d.getMinutes(), d.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
}

/** The dialogs of the trace, newest first. */
export function groupDialogs(entries: readonly TraceEntryView[]): TraceDialog[] {
  const byId = new Map<string, { first: TraceEntryView; count: number }>();
  for (const e of entries) {
    if (!e.callId) continue;
    const g = byId.get(e.callId);
    if (g) g.count += 1;
    else byId.set(e.callId, { first: e, count: 1 });
  }
  return [...byId.entries()]
    .map(([callId, { first, count }]) => {
      const method = /^SIP\//.test(first.summary) ? first.method : arrowLabel(first);
      const target = requestTarget(first.summary);
      return { callId, method, label: `${method}${target ? ` ${target}` : ''} · ${clock(first.time)}`, count, firstTime: first.time };
    })
    .sort((a, b) => b.firstTime - a.firstTime);
}

/** The ladder of `entries` (already filtered), oldest message first. */
export function buildLadder(entries: readonly TraceEntryView[]): Ladder {
  const columns: string[] = [];
  const column = (address: string): number => {
    const i = columns.indexOf(address);
    if (i >= 0) return i;
    columns.push(address);
    return columns.length - 1;
  };
  // Our own addresses first, in order of appearance, then the peers.
  for (const e of entries) column(e.local);
  const arrows = entries.map((entry) => {
    const local = column(entry.local);
    const peer = column(entry.peer);
    return entry.direction === 'sent' ? { entry, from: local, to: peer, label: arrowLabel(entry) } : { entry, from: peer, to: local, label: arrowLabel(entry) };
  });
  return { columns, arrows };
}
