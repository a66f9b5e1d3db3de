/**
 * What the desktop shell does for the user outside the window: dial a link or
 * a number (from the OS, the command line or the clipboard), answer, hang up,
 * hold, mute, show or hide the window. Hotkeys, the tray, notifications and
 * CLI switches all end here, and every call goes through the same core
 * commands the UI uses (`call.dial`, `call.answer`...).
 *
 * A link from outside is confirmed before dialling (a web page can fire
 * `tel:` links), unless the user turned that off. Every failure is shown as a
 * notification with its plain-language reason; nothing fails silently.
 */
import { errorGuides } from '../../common/errors';
import type { CallView } from '../../common/ipc/contract';
import { parseDialInput, type CallLink } from '../../common/links/call-link';
import type { HotkeyAction } from '../../common/models/shell';
import type { AppError, Result } from '../../common/result';
import type { Logger } from '../../core/ports/logger';
import type { Router } from '../../core/router/router';
import type { SoftphoneCore } from '../../core/softphone-core';

/** Showing and hiding the main window. */
export interface WindowControl {
  show(): void;
  hide(): void;
  /** Shows the window when hidden or behind others, hides it when it is in front. */
  toggle(): void;
}

/** The part of Electron's `clipboard` used here (asynchronous since Electron 45). */
export interface ClipboardLike {
  readText(): Promise<string>;
  /** The X11/Wayland primary selection (Linux only; undefined elsewhere). */
  readonly selection?: { readText(): Promise<string> } | undefined;
}

/** The user's answer to "Call X?". */
export type DialConfirmation = 'call' | 'cancel' | 'call-and-stop-asking';

/** How the shell talks to the user outside the window. */
export interface ShellFeedback {
  /** A short native notification. */
  notify(title: string, body: string): void;
  /** Asks before dialling a link from outside (a native dialog, so no web page can fake or skip it). */
  confirmDial(link: CallLink, source: LinkSource): Promise<DialConfirmation>;
}

/** Where a dial request came from, for the prompt and the log. */
export type LinkSource = 'link' | 'command-line' | 'clipboard';

/** What {@link createShellActions} needs. */
export interface ShellActionsDeps {
  readonly core: Pick<SoftphoneCore, 'snapshot' | 'subscribe' | 'dial' | 'answer' | 'hangup' | 'hold' | 'dtmf' | 'mute'>;
  readonly router: Router;
  readonly window: WindowControl;
  readonly clipboard?: ClipboardLike;
  readonly feedback: ShellFeedback;
  readonly logger: Logger;
  /** Reads and clears the confirm-before-dial setting. */
  readonly confirmation: { enabled(): boolean; disable(): void };
}

/** The shell's actions. Every method settles; failures are notified, never thrown. */
export interface ShellActions {
  /** Dials a tel:/sip:/sips:/callto: link, after confirmation when that is on. */
  openLink(url: string, source: LinkSource): Promise<Result<{ callId: string } | undefined>>;
  /** Runs a hotkey (or tray, or CLI) action. */
  run(action: HotkeyAction): Promise<void>;
}

const live = (c: CallView): boolean => c.state !== 'ended';

/** The call a hotkey acts on: the ringing incoming one first, then the active one, then the newest. */
function pick(calls: readonly CallView[], wanted: (c: CallView) => boolean): CallView | undefined {
  return [...calls].filter(live).filter(wanted).sort((a, b) => b.startedAt - a.startedAt)[0];
}

/** Creates the shell actions over the core. */
export function createShellActions(deps: ShellActionsDeps): ShellActions {
  const log = deps.logger.child('shell');
  const fail = (title: string, error: AppError): void => {
    log.warn(title, { code: error.code, message: error.message });
    deps.feedback.notify(title, `${error.message} ${errorGuides[error.code]}`.trim());
  };
  const calls = (): readonly CallView[] => deps.core.snapshot().calls;

  /** Sends the extension as DTMF once the call is answered (RFC 3966 `;ext=`). */
  const dialExtensionWhenAnswered = (callId: string, extension: string): void => {
    const off = deps.core.subscribe((event) => {
      if (event.event === 'call.ended' && event.data.callId === callId) off();
      if (event.event === 'call.updated' && event.data.callId === callId && event.data.state === 'active') {
        off();
        void deps.core.dtmf(callId, extension).then((r) => {
          if (!r.ok) fail(`Could not dial extension ${extension}`, r.error);
        });
      }
    });
  };

  // One prompt at a time: links that arrive together are asked about in order.
  let prompts: Promise<unknown> = Promise.resolve();
  const confirmInTurn = (link: CallLink, source: LinkSource): Promise<DialConfirmation> => {
    const turn = prompts.then(() => {
      deps.window.show();
      return deps.feedback.confirmDial(link, source);
    });
    prompts = turn.catch(() => undefined);
    return turn.catch((): DialConfirmation => 'cancel');
  };

  const dialLink = async (link: CallLink, source: LinkSource): Promise<Result<{ callId: string } | undefined>> => {
    log.info('dial request', { source, scheme: link.scheme, dropped: link.dropped.join(' ') });
    if (deps.confirmation.enabled()) {
      const answer = await confirmInTurn(link, source);
      if (answer === 'cancel') return { ok: true, data: undefined };
      if (answer === 'call-and-stop-asking') deps.confirmation.disable();
    }
    const dialled = await deps.core.dial(link.target);
    if (!dialled.ok) {
      fail(`Could not call ${link.display}`, dialled.error);
      return dialled;
    }
    if (link.extension !== undefined) dialExtensionWhenAnswered(dialled.data.callId, link.extension);
    return dialled;
  };

  const openText = async (text: string, source: LinkSource): Promise<Result<{ callId: string } | undefined>> => {
    const parsed = parseDialInput(text);
    if (!parsed.ok) {
      const error: AppError = { code: 'INVALID_LINK', message: parsed.error.message };
      fail(source === 'clipboard' ? 'Nothing to dial in the clipboard' : 'Cannot dial this link', error);
      return { ok: false, error };
    }
    return dialLink(parsed.link, source);
  };

  const report = (what: string) => (r: Result<unknown>): void => {
    if (!r.ok) fail(what, r.error);
  };
  const nothing = (title: string, body: string): void => {
    log.info(title);
    deps.feedback.notify(title, body);
  };

  return {
    openLink: (url, source) => openText(url, source),
    async run(action) {
      log.info('shell action', { action });
      switch (action) {
        case 'answer': {
          const call = pick(calls(), (c) => c.direction === 'incoming' && c.state === 'ringing');
          if (!call) return nothing('No call to answer', 'There is no incoming call ringing.');
          return report('Could not answer')(await deps.core.answer(call.callId));
        }
        case 'hangup': {
          const call = pick(calls(), (c) => c.state === 'active') ?? pick(calls(), () => true);
          if (!call) return nothing('No call to hang up', 'There is no call in progress.');
          return report('Could not hang up')(await deps.core.hangup(call.callId));
        }
        case 'toggleHold': {
          const call = pick(calls(), (c) => c.state === 'active' || c.state === 'held');
          if (!call) return nothing('No call to hold', 'There is no answered call.');
          return report(call.state === 'held' ? 'Could not resume' : 'Could not hold')(await deps.core.hold(call.callId, call.state !== 'held'));
        }
        case 'toggleMute': {
          const call = pick(calls(), (c) => c.state === 'active' || c.state === 'held');
          if (!call) return nothing('No call to mute', 'There is no answered call.');
          return report(call.muted ? 'Could not unmute' : 'Could not mute')(deps.core.mute(call.callId, !call.muted));
        }
        case 'dialClipboard': {
          const clip = deps.clipboard;
          if (!clip) return nothing('No clipboard', 'Dialling from the clipboard is not available here.');
          const read = async (source: { readText(): Promise<string> } | undefined): Promise<string> => (source ? (await source.readText().catch(() => '')).trim() : '');
          const selection = await read(clip.selection);
          await openText(selection !== '' ? selection : await read(clip), 'clipboard');
          return;
        }
        case 'toggleWindow':
          deps.window.toggle();
          return;
      }
    },
  };
}
