/** Words for call states and quality, shared by the call views (pure, unit-tested). */
import type { CallView } from '../../../../main/common/ipc/contract';
import type { CallStats } from '../../store/reducer';

/** What a person calls each state. */
export function callStateLabel(call: CallView): string {
  switch (call.state) {
    case 'dialing':
      return 'Calling…';
    case 'ringing':
      return call.direction === 'incoming' ? 'Incoming call' : 'Ringing…';
    case 'early':
      return call.direction === 'incoming' ? 'Incoming call' : 'Ringing (early media)…';
    case 'active':
      return call.remoteHold ? 'On hold by the other side' : 'In call';
    case 'held':
      return 'On hold';
    case 'ended':
      return 'Ended';
  }
}

/** True for an incoming call still waiting to be answered. */
export function isUnansweredIncoming(call: CallView): boolean {
  return call.direction === 'incoming' && (call.state === 'ringing' || call.state === 'early' || call.state === 'dialing');
}

/** Quality bands on the MOS scale (ITU-T G.107 user satisfaction). */
export type QualityBand = 'good' | 'fair' | 'poor';

/** The band of a MOS estimate: ≥ 4.0 good, ≥ 3.6 fair (some users dissatisfied), below poor. */
export function qualityBand(mos: number): QualityBand {
  if (mos >= 4) return 'good';
  if (mos >= 3.6) return 'fair';
  return 'poor';
}

/** Received packet loss in percent (lost / expected). */
export function lossPercent(stats: CallStats): number {
  const expected = stats.packetsReceived + stats.packetsLost;
  return expected > 0 ? (stats.packetsLost / expected) * 100 : 0;
}
