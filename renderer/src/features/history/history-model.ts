/** Pure helpers of the history view: filters, the words for outcomes, when a call was. */
import type { CallRecord } from '../../../../main/common/history/call-record';
import { formatDuration, uriAddress, uriUser } from '../../components/format';

/** The two lists the view offers. */
export type HistoryFilter = 'all' | 'missed';

/** The calls a filter shows, order kept. */
export function filterHistory(calls: readonly CallRecord[], filter: HistoryFilter): CallRecord[] {
  return filter === 'all' ? [...calls] : calls.filter((c) => c.outcome === 'missed');
}

/** The name to show: the contact's (caller ID at the time), else the user part of the address. */
export function historyName(call: Pick<CallRecord, 'displayName' | 'remoteUri'>): string {
  return call.displayName || uriUser(call.remoteUri) || uriAddress(call.remoteUri);
}

/** What happened, in a person's words: "Outgoing · 1:05", "Missed", "Declined"… */
export function outcomeText(call: Pick<CallRecord, 'direction' | 'outcome' | 'durationSeconds'>): string {
  switch (call.outcome) {
    case 'answered':
      return `${call.direction === 'incoming' ? 'Incoming' : 'Outgoing'} · ${formatDuration(call.durationSeconds * 1000)}`;
    case 'missed':
      return 'Missed';
    case 'rejected':
      return 'Declined';
    case 'cancelled':
      return 'Cancelled';
    case 'failed':
      return 'Not connected';
  }
}

/** An arrow for the direction and outcome (decorative; the text says it in words). */
export function outcomeIcon(call: Pick<CallRecord, 'direction' | 'outcome'>): string {
  if (call.outcome === 'missed') return '↙︎';
  return call.direction === 'incoming' ? '↙' : '↗';
}

/** "14:05" today, "Yesterday 14:05", else "24 Nov 14:05" (and the year when not this one), in local time. */
export function formatWhen(ms: number, now: number): string {
  const d = new Date(ms);
  const n = new Date(now);
  const time = `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
  const day = (x: Date): number => new Date(x.getFullYear(), x.getMonth(), x.getDate()).getTime();
  const days = Math.round((day(n) - day(d)) / 86400000);
  if (days === 0) return time;
  if (days === 1) return `Yesterday ${time}`;
  const month = d.toLocaleString('en', { month: 'short' });
  return `${d.getDate()} ${month}${d.getFullYear() === n.getFullYear() ? '' : ` ${d.getFullYear()}`} ${time}`;
}

/** What "Call back" dials: the address without display name or parameters (`sip:bob@pbx`), or the tel number. */
export function callBackTarget(remoteUri: string): string {
  const inner = (/<([^>]+)>/.exec(remoteUri)?.[1] ?? remoteUri).trim();
  const tel = /^tel:([^;]+)/i.exec(inner)?.[1];
  if (tel) return tel;
  const sip = /^(sips?):([^;?]+)/i.exec(inner);
  return sip ? `${(sip[1] ?? 'sip').toLowerCase()}:${sip[2] ?? ''}` : inner;
}
