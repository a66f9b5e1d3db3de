/**
 * Native notifications: an incoming call (with Answer and Decline buttons
 * where the OS supports notification actions, macOS today; elsewhere a click
 * brings the window up), a missed call, and the shell's short messages
 * (a hotkey that failed, a link that could not be dialled).
 *
 * Electron's Notification comes in as a narrow interface so this is tested
 * with a fake.
 */
import type { AppEvent, CallView } from '../../common/ipc/contract';
import type { Result } from '../../common/result';

/** The options used of Electron's NotificationConstructorOptions. */
export interface NotificationSpec {
  readonly title: string;
  readonly body: string;
  /** Buttons, where the OS supports them. */
  readonly actions?: ReadonlyArray<{ readonly type: 'button'; readonly text: string }>;
  readonly urgency?: 'normal' | 'critical';
  readonly timeoutType?: 'default' | 'never';
}

/** The part of an Electron Notification used here. */
export interface NotificationLike {
  show(): void;
  close(): void;
  onClick(listener: () => void): void;
  /** `action` (macOS): the index of the button pressed. */
  onAction(listener: (index: number) => void): void;
}

/** Creates notifications (Electron's `new Notification(...)`), and says what the OS supports. */
export interface NotificationPlatform {
  isSupported(): boolean;
  /** Whether notification buttons work here (macOS). */
  readonly supportsActions: boolean;
  create(spec: NotificationSpec): NotificationLike;
}

/** What notifications may do to calls and the window. */
export interface NotificationActions {
  answer(callId: string): Promise<Result<void>>;
  hangup(callId: string): Promise<Result<void>>;
  showWindow(): void;
}

/** Shows notifications for the core's call events; `notify` is the shell's plain message. */
export function createCallNotifications(
  platform: NotificationPlatform,
  core: { subscribe(listener: (e: AppEvent) => void): () => void },
  actions: NotificationActions,
): { notify(title: string, body: string): void; dispose(): void } {
  const ringing = new Map<string, { call: CallView; note: NotificationLike | undefined }>();
  const show = (spec: NotificationSpec): NotificationLike | undefined => {
    if (!platform.isSupported()) return undefined;
    const note = platform.create(spec);
    note.onClick(() => actions.showWindow());
    note.show();
    return note;
  };
  const who = (call: CallView): string => call.remoteUri.replace(/^sips?:/i, '');

  const off = core.subscribe((e) => {
    if (e.event === 'call.updated') {
      const call = e.data;
      const known = ringing.get(call.callId);
      if (call.direction === 'incoming' && call.state === 'ringing') {
        if (known) return;
        const note = show({
          title: 'Incoming call',
          body: who(call),
          urgency: 'critical',
          timeoutType: 'never',
          ...(platform.supportsActions ? { actions: [{ type: 'button', text: 'Answer' }, { type: 'button', text: 'Decline' }] } : {}),
        });
        note?.onAction((index) => void (index === 0 ? actions.answer(call.callId) : actions.hangup(call.callId)));
        ringing.set(call.callId, { call, note });
      } else if (known) {
        // Answered (here or elsewhere): the ringing notification goes.
        known.note?.close();
        ringing.delete(call.callId);
      }
    } else if (e.event === 'call.ended') {
      const known = ringing.get(e.data.callId);
      if (!known) return;
      known.note?.close();
      ringing.delete(e.data.callId);
      // The caller gave up (or the call failed) before anyone answered: a missed call. Declining is not missing.
      if (e.data.endedBy === 'remote') show({ title: 'Missed call', body: who(known.call) });
    }
  });

  return {
    notify: (title, body) => void show({ title, body }),
    dispose() {
      off();
      for (const { note } of ringing.values()) note?.close();
      ringing.clear();
    },
  };
}
