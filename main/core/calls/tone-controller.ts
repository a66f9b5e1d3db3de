/**
 * Plays the tones that follow call state, by watching `call.updated`:
 * - ringback while an outgoing call rings without early media (a 180; a 183
 *   brings the far end's own audio, so we stay quiet);
 * - the ringtone on the ringer device for an incoming call when no other
 *   call is up, or else a soft call-waiting beep on the calls' device.
 * Each tone stops when its call leaves the ringing state or is ignored
 * (`silenced`).
 */
import type { AppEvent, CallView } from '../../common/ipc/contract';
import type { MediaEngine } from '../media/engine';
import type { ToneName } from '../media/tones';

/** Options of {@link startToneController}. */
export interface ToneControllerOptions {
  /** Ringback cadence: North American (default) or European. */
  readonly ringback?: Extract<ToneName, 'ringback' | 'ringback-eu'>;
}

/** Starts following events; returns the function that stops every tone and listener. */
export function startToneController(subscribe: (listener: (event: AppEvent) => void) => () => void, engine: MediaEngine, options: ToneControllerOptions = {}): () => void {
  const calls = new Map<string, CallView>();
  const playing = new Map<string, () => void>();
  const stop = (callId: string): void => {
    playing.get(callId)?.();
    playing.delete(callId);
  };
  const othersUp = (callId: string): boolean => [...calls.values()].some((c) => c.callId !== callId && (c.state === 'active' || c.state === 'held'));
  const off = subscribe((event) => {
    if (event.event === 'call.ended') {
      calls.delete(event.data.callId);
      stop(event.data.callId);
      return;
    }
    if (event.event !== 'call.updated') return;
    const call = event.data;
    calls.set(call.callId, call);
    const ringing = call.state === 'ringing' && call.silenced !== true;
    if (!ringing) {
      stop(call.callId);
      return;
    }
    if (playing.has(call.callId)) return;
    if (call.direction === 'outgoing') playing.set(call.callId, engine.playTone(options.ringback ?? 'ringback', 'calls'));
    else playing.set(call.callId, othersUp(call.callId) ? engine.playTone('call-waiting', 'calls') : engine.playTone('ringtone', 'ringer'));
  });
  return () => {
    off();
    for (const id of [...playing.keys()]) stop(id);
  };
}
