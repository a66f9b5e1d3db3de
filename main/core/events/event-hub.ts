/**
 * Numbers events and fans them out to every bridge.
 *
 * `seq` starts at 1 and grows by one per event across all event kinds, so a
 * client that sees a gap knows it missed something and fetches a snapshot.
 * A listener that throws is logged and does not stop the others.
 */
import type { AppEvent, EventData, EventName } from '../../common/ipc/contract';
import type { Logger } from '../ports/logger';

/** Publishes events and tells subscribers about them. */
export interface EventHub {
  /** Assigns the next seq to the event and delivers it synchronously. */
  emit<K extends EventName>(event: K, data: EventData<K>): AppEvent;
  /** The seq of the last event emitted (0 before any). */
  readonly lastSeq: number;
  /** Adds a listener; returns the function that removes it. */
  subscribe(listener: (event: AppEvent) => void): () => void;
}

/** Creates an event hub that logs failing listeners to `logger`. */
export function createEventHub(logger: Logger): EventHub {
  const listeners = new Set<(event: AppEvent) => void>();
  let seq = 0;
  return {
    emit(event, data) {
      seq += 1;
      const frame = { event, seq, data } as AppEvent;
      for (const listener of [...listeners]) {
        try {
          listener(frame);
        } catch (error) {
          logger.error('event listener failed', { event, error: String(error) });
        }
      }
      return frame;
    },
    get lastSeq() {
      return seq;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}
