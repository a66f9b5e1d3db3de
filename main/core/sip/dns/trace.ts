/**
 * What one resolution tried and how each step came out, turned into the
 * message of the failure: "no NAPTR, SRV _sip._udp.example.com,
 * _sip._tcp.example.com or A/AAAA record for example.com".
 */
import type { ErrorCode } from '../../../common/errors';

/** A DNS question: its type and the name asked. */
export interface Question {
  readonly type: 'NAPTR' | 'SRV' | 'A' | 'AAAA';
  readonly name: string;
}

/** How a question went wrong without a plain "no such record". */
export type Fault = 'timeout' | 'unreachable' | 'error';

interface FaultEntry extends Question {
  readonly fault: Fault;
  readonly code: string;
}

const key = (q: Question): string => `${q.type} ${q.name}`;

function joinOr(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1] ?? ''}`;
}

/**
 * Collects, each once, the questions that came back empty, notes about records
 * that lead nowhere, and faults. Questions run in parallel, so everything is
 * reported in the order the questions were asked, not the order answers came.
 */
export class Trace {
  private readonly askedList: string[] = [];
  private readonly missingList: Question[] = [];
  private readonly noteList: Array<{ anchor: Question; text: string }> = [];
  private readonly faultList: FaultEntry[] = [];

  /** `q` is being asked (call before awaiting the answer). */
  asked(q: Question): void {
    if (!this.askedList.includes(key(q))) this.askedList.push(key(q));
  }

  /** `q` was answered with "no such name" or "no record of this type". */
  missing(q: Question): void {
    if (!this.missingList.some((m) => key(m) === key(q))) this.missingList.push(q);
  }

  /** A sentence about the answer to `anchor`, which was found but leads nowhere. */
  note(anchor: Question, text: string): void {
    if (!this.noteList.some((n) => n.text === text)) this.noteList.push({ anchor, text });
  }

  /** `q` got no usable answer at all. */
  fault(q: Question, fault: Fault, code: string): void {
    if (!this.faultList.some((f) => key(f) === key(q))) this.faultList.push({ ...q, fault, code });
  }

  /**
   * True when a question that resolution depended on timed out or was refused.
   * A NAPTR fault does not count: resolution goes on without NAPTR, so it
   * decides nothing.
   */
  get unreachable(): boolean {
    return this.faultList.some((f) => f.fault !== 'error' && f.type !== 'NAPTR');
  }

  /**
   * The code and message of a resolution of `domain` that found nothing:
   * NETWORK_UNREACHABLE when the DNS server did not answer a question that
   * mattered (the records may well exist; worth retrying), else DNS_NO_RECORD.
   */
  describe(domain: string): { code: ErrorCode; message: string } {
    const parts: string[] = [];
    const missing = this.ranked(this.missingList, (m) => m);
    if (missing.length > 0) parts.push(`no ${joinOr(missingLabels(missing, domain))} record for ${domain}`);
    parts.push(...this.ranked(this.noteList, (n) => n.anchor).map((n) => n.text), ...this.describeFaults());
    if (missing.length === 0) parts[0] = `no usable server for ${domain}: ${parts[0] ?? 'nothing was found'}`;
    return { code: this.unreachable ? 'NETWORK_UNREACHABLE' : 'DNS_NO_RECORD', message: parts.join('; ') };
  }

  private ranked<T>(items: readonly T[], anchor: (item: T) => Question): T[] {
    const rank = (item: T): number => this.askedList.indexOf(key(anchor(item)));
    return [...items].sort((a, b) => rank(a) - rank(b));
  }

  private describeFaults(): string[] {
    const byCode = new Map<string, FaultEntry[]>();
    for (const f of this.ranked(this.faultList, (e) => e)) byCode.set(f.code, [...(byCode.get(f.code) ?? []), f]);
    return [...byCode.entries()].map(([code, entries]) => {
      const asked = entries.map(key).join(', ');
      const fault = entries[0]?.fault;
      if (fault === 'timeout') return `the DNS server did not answer ${asked} in time (${code})`;
      if (fault === 'unreachable') return `the DNS server could not be reached or refused ${asked} (${code})`;
      return `the DNS server failed on ${asked} (${code})`;
    });
  }
}

/** "NAPTR", "SRV _sip._udp.x", "_sip._tcp.x", "A/AAAA", "A/AAAA other.x": a type is named once per run. */
function missingLabels(missing: readonly Question[], domain: string): string[] {
  const merged: Array<{ type: string; name: string }> = [];
  for (const q of missing) {
    const last = merged[merged.length - 1];
    if (last && last.type === 'A' && q.type === 'AAAA' && last.name === q.name) last.type = 'A/AAAA';
    else merged.push({ type: q.type, name: q.name });
  }
  return merged.map((q, i) => {
    const previous = merged[i - 1];
    if (q.name === domain) return q.type;
    return previous?.type === q.type && previous.name !== domain ? q.name : `${q.type} ${q.name}`;
  });
}
