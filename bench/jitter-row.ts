/**
 * One receiver's line in the jitter benchmark's table (`bench/jitter-impairment.ts`),
 * so that Dialtone and baresip print side by side from the same run.
 */
import type { Impairment } from './jitter-peer-client';

/** What one receiver measured behind the impairing relay. */
export interface JitterRow {
  readonly receiver: string;
  /** Packets the peer sent towards the receiver. */
  readonly sent: number;
  /** Relay drops / datagrams, %. */
  readonly networkLossPct: number;
  /** Packets the receiver's buffer refused as too late (undefined: not reported). */
  readonly late: number | undefined;
  /** Frames the receiver filled in (concealment or underrun), or undefined. */
  readonly concealed: number | undefined;
  /** The receiver's own buffering figure (Dialtone: `bufferDelayMs`; baresip: jbuf + aubuf fill), mean and max after warm-up. */
  readonly meanBufferingMs: number;
  readonly maxBufferingMs: number;
  /** Mean time a played frame waited between arrival and playout (baresip: mean queued audio, by Little's law). */
  readonly meanArrivalToPlayMs: number;
  /** Anything else worth a line under the table. */
  readonly notes: string;
}

/** Prints the table (markdown) and the goal check for each row. */
export function printJitterTable(impairment: Impairment, seed: number, seconds: number, rows: readonly JitterRow[], load: string): void {
  console.log(`\nJitter buffer under ${impairment.loss * 100} % loss, ${impairment.delayMs} ± ${impairment.jitterMs} ms one-way delay (relay seed ${seed}), ${seconds} s, ${new Date().toISOString()}, load average ${load}:\n`);
  console.log('| receiver | packets sent | network loss % | late (dropped) | late loss % | concealed frames | mean buffering ms | max buffering ms | mean arrival → play ms |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    const latePct = r.late === undefined ? undefined : (100 * r.late) / Math.max(1, r.sent);
    console.log(
      `| ${r.receiver} | ${r.sent} | ${r.networkLossPct.toFixed(2)} | ${r.late ?? 'n/a'} | ${latePct === undefined ? 'n/a' : latePct.toFixed(2)} | ${r.concealed ?? 'n/a'} | ${r.meanBufferingMs.toFixed(1)} | ${r.maxBufferingMs.toFixed(1)} | ${r.meanArrivalToPlayMs.toFixed(1)} |`,
    );
  }
  console.log('');
  for (const r of rows) {
    const latePct = r.late === undefined ? Number.NaN : (100 * r.late) / Math.max(1, r.sent);
    console.log(`${r.receiver}: late loss ${latePct.toFixed(2)} % (goal <= 1 %: ${latePct <= 1 ? 'met' : 'NOT met'}), mean buffering ${r.meanBufferingMs.toFixed(1)} ms (goal <= 80: ${r.meanBufferingMs <= 80 ? 'met' : 'NOT met'}). ${r.notes}`);
  }
}
