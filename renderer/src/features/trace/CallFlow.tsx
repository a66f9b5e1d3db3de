/**
 * The call-flow (ladder) diagram, drawn as sngrep draws it: one lifeline per
 * address, one arrow per message with its time. Each arrow is a button; the
 * chosen one is shown in full below. Up/Down move between messages.
 */
import { useRef } from 'react';
import { formatClock } from '../../components/format';
import type { Ladder, LadderArrow } from './trace-model';

/** Props of {@link CallFlow}. */
export interface CallFlowProps {
  readonly ladder: Ladder;
  readonly selectedId: number | undefined;
  readonly onSelect: (id: number) => void;
}

function kindOf(arrow: LadderArrow): string {
  const code = /^(\d)\d\d/.exec(arrow.label)?.[1];
  if (!code) return 'request';
  return code === '1' ? 'provisional' : code === '2' ? 'success' : code === '3' ? 'redirect' : 'failure';
}

/** Percent position of a column's lifeline. */
function at(column: number, columns: number): number {
  return ((column + 0.5) / columns) * 100;
}

/** The ladder; an empty trace shows a sentence instead. */
export function CallFlow({ ladder, selectedId, onSelect }: CallFlowProps): React.JSX.Element {
  const list = useRef<HTMLOListElement>(null);
  const n = Math.max(ladder.columns.length, 1);
  const move = (e: React.KeyboardEvent, delta: number): void => {
    const buttons = [...(list.current?.querySelectorAll<HTMLButtonElement>('button.flow-arrow') ?? [])];
    const i = buttons.indexOf(e.target as HTMLButtonElement);
    const next = buttons[i + delta];
    if (i >= 0 && next) {
      e.preventDefault();
      next.focus();
      next.click();
    }
  };
  if (ladder.arrows.length === 0) return <p className="empty">No SIP messages to show yet.</p>;
  return (
    <div className="flow" style={{ ['--columns' as string]: String(n) }}>
      <div className="flow-columns" aria-hidden="true">
        <span className="flow-time-head">Time</span>
        <div className="flow-lane">
          {ladder.columns.map((c, i) => (
            <span key={c} className="flow-column-name" style={{ left: `${at(i, n)}%` }}>
              <span>{c}</span>
              <span className="flow-column-role">{i === 0 ? 'Dialtone' : 'peer'}</span>
            </span>
          ))}
        </div>
      </div>
      <ol className="flow-rows" aria-label="Call flow" ref={list}>
        {ladder.arrows.map((arrow) => {
          const left = at(Math.min(arrow.from, arrow.to), n);
          const width = Math.abs(at(arrow.to, n) - at(arrow.from, n));
          const rightward = arrow.to >= arrow.from;
          const e = arrow.entry;
          const selected = e.id === selectedId;
          return (
            <li key={e.id} className={`flow-row ${kindOf(arrow)}${selected ? ' selected' : ''}`}>
              <button
                type="button"
                className="flow-arrow"
                aria-pressed={selected}
                aria-label={`${formatClock(e.time)} ${e.direction} ${e.summary}, from ${ladder.columns[arrow.from] ?? ''} to ${ladder.columns[arrow.to] ?? ''}`}
                onClick={() => onSelect(e.id)}
                onKeyDown={(k) => {
                  if (k.key === 'ArrowDown') move(k, 1);
                  else if (k.key === 'ArrowUp') move(k, -1);
                }}
              >
                <span className="flow-time">{formatClock(e.time)}</span>
                <span className="flow-lane">
                  {ladder.columns.map((c, i) => (
                    <span key={c} className="lifeline" style={{ left: `${at(i, n)}%` }} />
                  ))}
                  <span className={`arrow ${rightward ? 'right' : 'left'}`} style={{ left: `${left}%`, width: `${width}%` }}>
                    <span className="arrow-label">{arrow.label}</span>
                  </span>
                </span>
              </button>
            </li>
          );
        })}
      </ol>
    </div>
  );
}
