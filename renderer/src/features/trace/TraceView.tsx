/**
 * The SIP trace: a filter by call (or everything), the call-flow ladder of
 * the chosen messages, the full text of the selected one, and export as a
 * text file for a support request. Fed by `sip.trace` at start and
 * `sip.traced` events after.
 */
import { useMemo, useState } from 'react';
import type { TraceEntryView } from '../../../../main/common/ipc/contract';
import type { AppError } from '../../../../main/common/result';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Field } from '../../components/Field';
import { formatClock } from '../../components/format';
import type { Store } from '../../store/store';
import { CallFlow } from './CallFlow';
import { buildLadder, groupDialogs } from './trace-model';

/** Props of {@link TraceView}. */
export interface TraceViewProps {
  readonly store: Store;
  readonly trace: readonly TraceEntryView[];
}

const ALL_CALLS = 'calls';
/** How many arrows are drawn at first; older ones come with "Show earlier" (the trace holds up to 2000). */
const PAGE = 200;
const EVERYTHING = 'all';

function download(content: string | Uint8Array<ArrayBuffer>, type: string, extension: string): void {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const a = document.createElement('a');
  const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
  a.href = url;
  a.download = `dialtone-sip-trace-${stamp}.${extension}`;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

/** The SIP trace view. */
export function TraceView({ store, trace }: TraceViewProps): React.JSX.Element {
  const [filter, setFilter] = useState(ALL_CALLS);
  const [selectedId, setSelectedId] = useState<number | undefined>();
  const [exportError, setExportError] = useState<AppError | null>(null);
  const [exported, setExported] = useState(false);
  const [limit, setLimit] = useState(PAGE);
  const dialogs = useMemo(() => groupDialogs(trace), [trace]);
  const inviteIds = useMemo(() => new Set(dialogs.filter((d) => d.method === 'INVITE').map((d) => d.callId)), [dialogs]);
  const shown = useMemo(() => {
    if (filter === EVERYTHING) return trace;
    if (filter === ALL_CALLS) return trace.filter((e) => inviteIds.has(e.callId));
    return trace.filter((e) => e.callId === filter);
  }, [trace, filter, inviteIds]);
  const hidden = Math.max(0, shown.length - limit);
  const ladder = useMemo(() => buildLadder(hidden > 0 ? shown.slice(hidden) : shown), [shown, hidden]);
  const selected = shown.find((e) => e.id === selectedId);

  /** Fetches the trace as text or pcap and saves it as a download. */
  const exportTrace = async (format: 'txt' | 'pcap'): Promise<void> => {
    setExportError(null);
    setExported(false);
    const result = format === 'txt' ? await store.invoke('sip.exportTrace', {}) : await store.invoke('sip.exportPcap', {});
    if (!result.ok) {
      setExportError(result.error);
      return;
    }
    if ('text' in result.data) download(result.data.text, 'text/plain', 'txt');
    else download(Uint8Array.from(atob(result.data.base64), (c) => c.charCodeAt(0)), 'application/vnd.tcpdump.pcap', 'pcap');
    setExported(true);
  };

  return (
    <section className="trace" aria-label="SIP trace">
      <div className="trace-toolbar">
        <Field label="Show">
          {(p) => (
            <select
              {...p}
              value={filter}
              onChange={(e) => {
                setFilter(e.target.value);
                setLimit(PAGE);
              }}
            >
              <option value={ALL_CALLS}>All calls</option>
              <option value={EVERYTHING}>All messages (registrations too)</option>
              {dialogs.map((d) => (
                <option key={d.callId} value={d.callId}>
                  {d.label} ({d.count})
                </option>
              ))}
            </select>
          )}
        </Field>
        <button type="button" className="btn" onClick={() => void exportTrace('txt')} disabled={trace.length === 0}>
          Export trace
        </button>
        <button type="button" className="btn" onClick={() => void exportTrace('pcap')} disabled={trace.length === 0} title="For Wireshark or sngrep: each message as a UDP datagram between its real addresses">
          Export as pcap
        </button>
      </div>
      {exported ? <p className="hint" role="status">Trace exported (passwords and digest responses are masked).</p> : null}
      {exportError ? <ErrorMessage error={exportError} /> : null}
      {shown.length === 0 && filter === ALL_CALLS && trace.length > 0 ? (
        <p className="empty">No calls in the trace yet. Choose “All messages” to see registrations.</p>
      ) : (
        <>
          {hidden > 0 ? (
            <button type="button" className="btn show-earlier" onClick={() => setLimit((l) => l + PAGE)}>
              Show {Math.min(PAGE, hidden)} earlier messages ({hidden} hidden)
            </button>
          ) : null}
          <CallFlow ladder={ladder} selectedId={selected?.id} onSelect={setSelectedId} />
        </>
      )}
      {selected ? (
        <section className="message-details" aria-label="Message details">
          <p className="message-meta">
            {formatClock(selected.time)} · {selected.direction === 'sent' ? `sent to ${selected.peer}` : `received from ${selected.peer}`} · {selected.transport.toUpperCase()} · local {selected.local}
          </p>
          <pre className="message-text" tabIndex={0} aria-label="Message text">
            {selected.text}
          </pre>
        </section>
      ) : null}
    </section>
  );
}
