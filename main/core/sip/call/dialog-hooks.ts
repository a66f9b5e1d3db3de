/**
 * The places where we reach into sip.js's core for what it lacks: UPDATE
 * (RFC 3311, answered 405 by its core), headers on the 2xx of a re-INVITE,
 * sending an in-dialog UPDATE, and retrying an INVITE refused with 422
 * (RFC 4028). Each hook uses the same mechanism sip.js uses itself (its core's
 * method list, a dialog's receiveRequest, a user agent client's retry guard,
 * as for digest challenges), so no message is built by hand. Kept in one
 * file so that a sip.js upgrade is checked here.
 */
import { Core } from 'sip.js';
import { AllowedMethods } from 'sip.js/lib/core/user-agent-core/allowed-methods.js';
import type { Logger } from '../../ports/logger';
import { parseMinSe, parseSessionExpires } from './session-timer';

/**
 * Lets sip.js's core accept UPDATE. Its method list is one module-level
 * array ("should be configurable", says its FIXME); the `Allow` headers it
 * writes are built from the same array, so they then tell the truth too.
 */
export function allowUpdate(): void {
  if (!AllowedMethods.includes('UPDATE')) AllowedMethods.push('UPDATE');
}

/** What a call does with the mid-dialog requests sip.js does not handle for us. */
export interface DialogHooks {
  /** An UPDATE arrived in the dialog (sequence checked); answer it through `uas`. */
  onUpdate(message: Core.IncomingRequestMessage, uas: Core.InfoUserAgentServer): void;
  /**
   * A re-INVITE arrived: the headers to add to its 2xx (session timer), or a
   * refusal sent at once, before sip.js's session sees the offer (422).
   */
  onReinvite(message: Core.IncomingRequestMessage): ReinviteVerdict;
  /** An ACK arrived (of our 200 to the INVITE or to a re-INVITE). */
  onAck(): void;
}

/** What a call says to a re-INVITE before sip.js's session answers it. */
export type ReinviteVerdict =
  | { readonly kind: 'accept'; readonly headers: readonly string[] }
  | { readonly kind: 'reject'; readonly statusCode: number; readonly headers: readonly string[] };

/** Whether the dialog still waits for the ACK of our 200 to the initial INVITE (sip.js keeps this private). */
export function awaitsAck(dialog: Core.SessionDialog): boolean {
  return (dialog as unknown as { ackWait?: boolean }).ackWait === true;
}

interface DialogInternals {
  sequenceGuard(message: Core.IncomingRequestMessage): boolean;
}

/** Installs `hooks` on an established dialog. */
export function hookDialog(dialog: Core.SessionDialog, hooks: DialogHooks, log: Logger): void {
  const original = dialog.receiveRequest.bind(dialog);
  dialog.receiveRequest = (message) => {
    if (message.method !== 'UPDATE') {
      original(message);
      return;
    }
    // What SessionDialog does for any request before its method switch: the CSeq order, then the remote CSeq.
    if (!(dialog as unknown as DialogInternals).sequenceGuard(message)) return;
    Core.Dialog.prototype.receiveRequest.call(dialog, message);
    hooks.onUpdate(message, new Core.InfoUserAgentServer(dialog, message));
  };
  const delegate = dialog.delegate;
  const onInvite = delegate?.onInvite?.bind(delegate);
  if (!delegate || !onInvite) {
    log.warn('no re-INVITE handler on the dialog; session-timer headers will be missing from re-INVITE answers');
    return;
  }
  const onAck = delegate.onAck?.bind(delegate);
  delegate.onAck = (ack) => {
    const result = onAck?.(ack);
    hooks.onAck();
    return result;
  };
  delegate.onInvite = (uas) => {
    const verdict = hooks.onReinvite(uas.message);
    if (verdict.kind === 'reject') {
      // The dialog rolls its offer/answer state back (ReInviteUserAgentServer.reject); the session never sees it.
      uas.reject({ statusCode: verdict.statusCode, extraHeaders: [...verdict.headers] });
      return;
    }
    const extra = verdict.headers;
    if (extra.length > 0) {
      const accept = uas.accept.bind(uas);
      uas.accept = (options) => accept({ statusCode: 200, ...options, extraHeaders: [...(options?.extraHeaders ?? []), ...extra] });
    }
    onInvite(uas);
  };
}

/** Sends an UPDATE in `dialog` (no body: a session refresh). */
export function sendUpdate(dialog: Core.SessionDialog, extraHeaders: readonly string[], delegate: Core.OutgoingRequestDelegate): void {
  const message = dialog.createOutgoingRequestMessage('UPDATE', { extraHeaders: [...extraHeaders] });
  new Core.UserAgentClient(Core.NonInviteClientTransaction, dialog.userAgentCore, message, delegate);
}

interface ClientInternals {
  authenticationGuard(message: Core.IncomingResponseMessage, dialog?: unknown): boolean;
  init(): void;
}

/**
 * Also unrefs Timer D of an INVITE transaction that got a final non-2xx, so
 * that quitting does not wait up to 32 s for it.
 *
 * Retries an initial INVITE answered 422 (Session Interval Too Small) with
 * the Min-SE it names as both Session-Expires and Min-SE (RFC 4028 §7.4), on
 * the same Call-ID with the next CSeq, at most `maxRetries` times. sip.js
 * retries digest challenges in its user agent client's
 * `authenticationGuard`; we extend that guard, so the Inviter never sees the
 * 422 and the call goes on as if the first INVITE had been accepted.
 */
export function retryTooSmallSessionInterval(core: Core.UserAgentCore, log: Logger, maxRetries = 2): void {
  const invite = core.invite.bind(core);
  core.invite = (request, delegate) => {
    const uac = invite(request, delegate);
    const internals = uac as unknown as ClientInternals;
    const guard = internals.authenticationGuard.bind(uac);
    let retries = 0;
    internals.authenticationGuard = (message, dialog) => {
      // A final non-2xx (407, 486, 422…) leaves the transaction in Completed for Timer D (32 s on UDP,
      // RFC 3261 §17.1.1.2) to absorb retransmissions. It must not keep the process alive when quitting.
      if ((message.statusCode ?? 0) >= 300) (uac as unknown as { _transaction?: { D?: { unref?(): void } } })._transaction?.D?.unref?.();
      if (message.statusCode !== 422 || retries >= maxRetries) return guard(message, dialog);
      const minSe = parseMinSe(message.getHeader('min-se'));
      const asked = parseSessionExpires(request.getHeader('session-expires'))?.seconds ?? 0;
      if (minSe === undefined || minSe <= asked) return guard(message, dialog);
      retries += 1;
      setExtraHeader(request, 'Session-Expires', String(minSe));
      setExtraHeader(request, 'Min-SE', String(minSe));
      request.cseq += 1;
      request.setHeader('cseq', `${request.cseq} ${request.method}`);
      log.info('INVITE refused with 422 Session Interval Too Small; retrying', { sessionExpires: minSe, attempt: retries });
      internals.init();
      return false;
    };
    return uac;
  };
}

/** Replaces (or adds) an extra header of a request sip.js has built. */
function setExtraHeader(request: Core.OutgoingRequestMessage, name: string, value: string): void {
  const re = new RegExp(`^\\s*${name}\\s*:`, 'i');
  const i = request.extraHeaders.findIndex((h) => re.test(h));
  if (i >= 0) request.extraHeaders[i] = `${name}: ${value}`;
  else request.extraHeaders.push(`${name}: ${value}`);
}
