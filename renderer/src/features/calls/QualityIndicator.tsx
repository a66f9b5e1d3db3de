/** The call-quality indicator (MOS, loss, jitter) that opens the details of a call's media. */
import { useId, useState } from 'react';
import type { CallView } from '../../../../main/common/ipc/contract';
import type { CallStats } from '../../store/reducer';
import { lossPercent, qualityBand } from './call-labels';

const bandNames = { good: 'Good', fair: 'Fair', poor: 'Poor' } as const;

/** Props of {@link QualityIndicator}. */
export interface QualityIndicatorProps {
  readonly call: CallView;
  readonly stats: CallStats | undefined;
}

/** A button "Call quality: Good" with bars; pressing it shows the numbers. */
export function QualityIndicator({ call, stats }: QualityIndicatorProps): React.JSX.Element | null {
  const [open, setOpen] = useState(false);
  const id = useId();
  if (!stats) return null;
  const band = qualityBand(stats.mos);
  const loss = lossPercent(stats);
  return (
    <div className="quality">
      <button type="button" className={`quality-button quality-${band}`} aria-expanded={open} aria-controls={id} onClick={() => setOpen((o) => !o)}>
        <span className="bars" aria-hidden="true">
          <span className="bar on" />
          <span className={band === 'poor' ? 'bar' : 'bar on'} />
          <span className={band === 'good' ? 'bar on' : 'bar'} />
        </span>
        <span>Call quality: {bandNames[band]}</span>
        <span className="quality-summary">
          MOS {stats.mos.toFixed(1)} · loss {loss.toFixed(1)}% · jitter {Math.round(stats.jitterMs)} ms
        </span>
      </button>
      {open ? (
        <dl className="quality-details" id={id} aria-label="Call quality details">
          <dt>MOS (estimate)</dt>
          <dd>{stats.mos.toFixed(2)}</dd>
          <dt>Codec</dt>
          <dd>{call.codec?.toUpperCase() ?? '—'}{call.srtp ? ' · SRTP' : ''}</dd>
          <dt>Packet loss (received)</dt>
          <dd>{loss.toFixed(1)}% ({stats.packetsLost} of {stats.packetsReceived + stats.packetsLost})</dd>
          <dt>Loss reported by the other side</dt>
          <dd>{stats.remoteLossPercent === undefined ? '—' : `${stats.remoteLossPercent.toFixed(1)}%`}</dd>
          <dt>Jitter</dt>
          <dd>{stats.jitterMs.toFixed(1)} ms</dd>
          <dt>Jitter buffer delay</dt>
          <dd>{Math.round(stats.bufferDelayMs)} ms</dd>
          <dt>Round trip</dt>
          <dd>{stats.rttMs === undefined ? '—' : `${Math.round(stats.rttMs)} ms`}</dd>
          <dt>Packets sent / received</dt>
          <dd>{stats.packetsSent} / {stats.packetsReceived}</dd>
          <dt>Late / concealed frames</dt>
          <dd>{stats.lateFrames} / {stats.concealedFrames}</dd>
          {stats.srtpFailures > 0 ? (
            <>
              <dt>SRTP failures</dt>
              <dd>{stats.srtpFailures}</dd>
            </>
          ) : null}
        </dl>
      ) : null}
    </div>
  );
}
