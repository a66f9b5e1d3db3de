/**
 * One call as the rest of the core sees it: a plain object over a sip.js
 * Inviter (outgoing) or Invitation (incoming). It reports progress, answer,
 * hold and the end with a typed reason, and offers answer, hangup, hold,
 * resume and DTMF (RFC 4733 in the media, SIP INFO as the fallback). No
 * sip.js object leaves this file.
 */
import { Core, Invitation, Inviter, type Referral, type Session, SessionState, UserAgent, type InviterOptions } from 'sip.js';
import { errorGuides, type ErrorCode } from '../../../common/errors';
import type { AppError } from '../../../common/result';
import { buildDtmfRelayBody, DTMF_RELAY_CONTENT_TYPE, parseDtmfRelayBody, toDtmfDigit } from '../../media/dtmf';
import type { NegotiatedSession } from '../../media/sdp';
import type { Logger } from '../../ports/logger';
import { describeRegistrationFailure } from '../registration/failure-reasons';
import { callerId, splitNameAddrs } from './caller-id';
import { awaitsAck, hookDialog, sendUpdate, type ReinviteVerdict } from './dialog-hooks';
import { type DialtoneSdh, SdpNegotiationError } from './session-description-handler';
import { decideAsUac, decideAsUas, DEFAULT_SESSION_TIMER_POLICY, hasOptionTag, parseMinSe, SessionTimer, type SessionTimerPolicy, type UasTimerDecision } from './session-timer';

/**
 * How long a DTMF key sent by SIP INFO waits for the peer's answer. Well above
 * a UDP answer after two retransmissions (0.5 + 1 + 2 s), well below the
 * transaction's own 32 s, so a silent peer shows as a failed key press soon.
 */
export const DTMF_INFO_ANSWER_MS = 5000;

/** What happened to the call, in SIP terms the call manager maps to its FSM. */
export type SipCallEvent =
  | { readonly kind: 'ringing' }
  | { readonly kind: 'early' }
  | { readonly kind: 'established' }
  | { readonly kind: 'media'; readonly session: NegotiatedSession }
  | { readonly kind: 'dtmf'; readonly digit: string; readonly via: 'rtp' | 'info' }
  /** The other side asked us (REFER) to call `target`; the account follows it with {@link SipCall.takeReferral}. */
  | { readonly kind: 'referred'; readonly target: string; readonly replaces: boolean }
  /** Progress of a transfer we asked for (REFER, then NOTIFY sipfrag). */
  | { readonly kind: 'transfer'; readonly state: 'trying' | 'accepted' | 'succeeded' | 'failed'; readonly status?: number }
  | {
      readonly kind: 'ended';
      readonly by: 'local' | 'remote';
      readonly reason?: AppError;
      /** A 3xx: where the other side sent us, best first (the call manager may follow). */
      readonly redirectTo?: readonly string[];
    };

/** The session data we keep on sip.js's `session.data`, so the SDH factory finds the call's SDH. */
export interface SessionData {
  readonly sdh: DialtoneSdh;
}

/** A call. */
export class SipCall {
  private ended = false;
  private hangingUp = false;
  private listener: ((event: SipCallEvent) => void) | undefined;
  private readonly queued: SipCallEvent[] = [];
  private referral: Referral | undefined;
  /** RFC 4028: restarted by every refresh; see {@link refreshSession} and {@link sessionExpired}. */
  private readonly timer = new SessionTimer({ refresh: () => void this.refreshSession(), expire: (s) => this.sessionExpired(s) });
  /** Incoming calls: the timer the caller asked for, answered in our 200. */
  private uasTimer: UasTimerDecision = { kind: 'none' };
  /** Outgoing calls: the timer the 200 to our INVITE set. */
  private uacTimer: { seconds: number; refresher: 'uac' | 'uas' } | undefined;
  /** Whether the other side allows UPDATE (its Allow), for refreshes without SDP. */
  private peerAllowsUpdate = false;
  /** Why we ended the call ourselves (session expiry), for `ended`. */
  private localReason: AppError | undefined;
  private refreshRetries = 0;
  /** Re-INVITEs held back until the ACK of our 200 (see {@link ackArrived}). */
  private readonly ackWaiters: Array<() => void> = [];

  private constructor(
    readonly direction: 'outgoing' | 'incoming',
    readonly remoteUri: string,
    /** The other side's display name (an incoming INVITE's asserted identity or From, see caller-id.ts), when known. */
    readonly remoteName: string | undefined,
    private readonly session: Session,
    private readonly sdh: DialtoneSdh,
    private readonly log: Logger,
    private readonly timerPolicy: SessionTimerPolicy,
  ) {
    const emit = (event: SipCallEvent): void => this.emit(event);
    session.stateChange.addListener((state) => {
      if (state === SessionState.Established) {
        this.established();
        emit({ kind: 'established' });
      }
      // sip.js moves to Terminated before it hands the final response to our
      // onReject; wait a turn so the reason (busy, 488…) is not lost.
      if (state === SessionState.Terminated) setTimeout(() => this.finish(this.hangingUp ? 'local' : 'remote', this.localReason), 0);
    });
    session.delegate = {
      onInfo: (info) => {
        const body = info.request.body;
        const parsed = parseDtmfRelayBody(body);
        void info.accept();
        if (parsed.ok) emit({ kind: 'dtmf', digit: parsed.digit, via: 'info' });
      },
      onRefer: (referral) => {
        this.referral = referral;
        const uri = referral.referTo.uri.clone();
        uri.clearHeaders();
        void referral.accept().then(
          () => emit({ kind: 'referred', target: uri.toString(), replaces: referral.replaces !== undefined }),
          (error: unknown) => log.warn('could not accept a REFER', { error: error instanceof Error ? error.message : String(error) }),
        );
      },
    };
  }

  /** Places a call to `target` from `ua`. The SDH must be the one the UA's factory returns for this session. */
  static dial(ua: UserAgent, target: Core.URI, sdh: DialtoneSdh, log: Logger, referral?: Referral, timerPolicy: SessionTimerPolicy = DEFAULT_SESSION_TIMER_POLICY): SipCall {
    // RFC 4028: we offer a session timer (Supported: timer comes from the UA); the 200 decides.
    const options: InviterOptions = { earlyMedia: true, extraHeaders: [`Session-Expires: ${timerPolicy.preferredSeconds}`, `Min-SE: ${timerPolicy.minSeconds}`] };
    // A referral's Inviter carries Referred-By/Replaces and NOTIFYs the referrer of its progress.
    const inviter = referral ? referral.makeInviter(options) : new Inviter(ua, target, options);
    inviter.data = { sdh } satisfies SessionData;
    const call = new SipCall('outgoing', target.toString(), undefined, inviter, sdh, log, timerPolicy);
    const emit = (event: SipCallEvent): void => call.emit(event);
    inviter
      .invite({
        requestDelegate: {
          onAccept: (response) => {
            // sip.js calls this after it moved the session to Established.
            const m = response.message;
            call.uacTimer = decideAsUac({ sessionExpires: m.getHeader('session-expires') });
            call.peerAllowsUpdate = allowsUpdate(m.getHeaders('allow'));
            if (call.uacTimer) call.startTimer(call.uacTimer.seconds, call.uacTimer.refresher === 'uac');
          },
          onProgress: (response) => {
            const code = response.message.statusCode ?? 0;
            emit(code === 183 || (response.message.body ?? '') !== '' ? { kind: 'early' } : { kind: 'ringing' });
          },
          onReject: (response) => {
            call.finish(call.hangingUp ? 'local' : 'remote', callFailure(response.message.statusCode, response.message.reasonPhrase, !response.message.data, target.toString()));
          },
          onRedirect: (response) => {
            const m = response.message;
            const contacts = redirectTargets(m.getHeaders('contact'));
            const reason = { code: 'CALL_REDIRECT_FAILED' as const, message: `${target.toString()} redirected the call (${m.statusCode} ${m.reasonPhrase})${contacts.length ? ` to ${contacts.join(', ')}` : ' without a Contact'}. ${errorGuides.CALL_REDIRECT_FAILED}` };
            call.finish('remote', reason, contacts);
          },
        },
      })
      .catch((error: unknown) => call.finish('local', negotiationFailure(error)));
    return call;
  }

  /** Wraps an incoming INVITE; the SDH must already be on `invitation.data`. */
  static incoming(invitation: Invitation, sdh: DialtoneSdh, log: Logger, timerPolicy: SessionTimerPolicy = DEFAULT_SESSION_TIMER_POLICY): SipCall {
    const r = invitation.request;
    const caller = callerId({
      from: { uri: invitation.remoteIdentity.uri.toString(), ...(invitation.remoteIdentity.displayName ? { name: invitation.remoteIdentity.displayName } : {}) },
      assertedIdentity: r.getHeaders('p-asserted-identity'),
      remotePartyId: r.getHeaders('remote-party-id'),
      privacy: r.getHeaders('privacy'),
    });
    if (caller.source !== 'from' || caller.anonymous) log.info('caller ID', { source: caller.source, anonymous: caller.anonymous });
    const call = new SipCall('incoming', caller.uri, caller.name, invitation, sdh, log, timerPolicy);
    call.uasTimer = decideAsUas(timerRequest(r), timerPolicy);
    call.peerAllowsUpdate = allowsUpdate(r.getHeaders('allow'));
    return call;
  }

  /** Receives the call's events; those that came before are delivered at once. */
  onEvent(listener: (event: SipCallEvent) => void): void {
    this.listener = listener;
    for (const e of this.queued.splice(0)) listener(e);
  }

  /** Reports a completed negotiation (the SDH calls this through the account). */
  negotiated(session: NegotiatedSession): void {
    this.emit({ kind: 'media', session });
  }

  private emit(event: SipCallEvent): void {
    if (this.listener) this.listener(event);
    else this.queued.push(event);
  }

  /** The negotiated media now in force. */
  get media(): NegotiatedSession | undefined {
    return this.sdh.current;
  }

  /** Answers an incoming call. */
  async answer(): Promise<AppError | undefined> {
    if (!(this.session instanceof Invitation)) return { code: 'INVALID_ARGS', message: 'Only incoming calls can be answered.' };
    try {
      const timer = this.uasTimer;
      await this.session.accept(timer.kind === 'timer' ? { extraHeaders: [...timer.headers] } : undefined);
      return undefined;
    } catch (error) {
      const reason = negotiationFailure(error);
      this.finish('local', reason);
      return reason;
    }
  }

  /** Ends the call however far it got: CANCEL, reject (486 Busy Here… or 603 when declined) or BYE. */
  async hangup(decline = false): Promise<void> {
    if (this.ended) return;
    this.hangingUp = true;
    const s = this.session;
    try {
      if (s.state === SessionState.Established) await s.bye();
      else if (s instanceof Inviter && (s.state === SessionState.Initial || s.state === SessionState.Establishing)) await s.cancel();
      else if (s instanceof Invitation && (s.state === SessionState.Initial || s.state === SessionState.Establishing)) await s.reject({ statusCode: decline ? 603 : 486 });
      else this.finish('local');
    } catch (error) {
      this.log.warn('hangup failed; ending locally', { error: error instanceof Error ? error.message : String(error) });
      this.finish('local');
    }
  }

  /** The REFER this call received last (for the account to follow); taken once. */
  takeReferral(): Referral | undefined {
    const r = this.referral;
    this.referral = undefined;
    return r;
  }

  /**
   * Whether this incoming INVITE replaces one of our calls (RFC 3891). sip.js
   * answers 481 to a Replaces that matches none of our dialogs before we see
   * the INVITE, and the account refuses one that does not parse, so a parsed
   * header here means a matched dialog.
   */
  get replacesACall(): boolean {
    return this.session instanceof Invitation && this.session.request.parseHeader('replaces') !== undefined;
  }

  /**
   * Transfers the other side: blind to `to` (a SIP URI), or attended to the
   * party of call `to` (REFER with Replaces). Progress arrives as `transfer` events.
   */
  async transfer(to: string | SipCall): Promise<AppError | undefined> {
    if (this.session.state !== SessionState.Established) return { code: 'INVALID_ARGS', message: 'Only an established call can be transferred.' };
    let target: Core.URI | Session;
    if (typeof to === 'string') {
      const uri = UserAgent.makeURI(to);
      if (!uri) return { code: 'INVALID_ARGS', message: `"${to}" is not a SIP address to transfer to.` };
      target = uri;
    } else {
      if (to.session.state !== SessionState.Established) return { code: 'INVALID_ARGS', message: 'The call to transfer to must be established.' };
      const replacing = replacesReferTo(to.session);
      if (!replacing) return { code: 'INVALID_ARGS', message: 'The call to transfer to has no dialog yet.' };
      target = replacing;
    }
    const emit = (event: SipCallEvent): void => this.emit(event);
    emit({ kind: 'transfer', state: 'trying' });
    return new Promise((resolve) => {
      this.session
        .refer(target, {
          requestDelegate: {
            onAccept: () => {
              emit({ kind: 'transfer', state: 'accepted', status: 202 });
              resolve(undefined);
            },
            onReject: (response) => {
              const status = response.message.statusCode;
              emit({ kind: 'transfer', state: 'failed', ...(status === undefined ? {} : { status }) });
              resolve({ code: 'SIP_REJECTED', message: `The other side refused the transfer (${status ?? ''} ${response.message.reasonPhrase ?? ''}).` });
            },
          },
          onNotify: (notification) => {
            void notification.accept();
            const status = Number(/^SIP\/2\.0\s+(\d{3})/m.exec(notification.request.body ?? '')?.[1] ?? NaN);
            if (!Number.isFinite(status) || status < 200) return;
            emit({ kind: 'transfer', state: status < 300 ? 'succeeded' : 'failed', status });
          },
        })
        .catch((error: unknown) => resolve({ code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) }));
    });
  }

  /** Forwards a ringing incoming call with 302 Moved Temporarily to `uri`. */
  async redirect(uri: string): Promise<AppError | undefined> {
    const s = this.session;
    if (!(s instanceof Invitation) || (s.state !== SessionState.Initial && s.state !== SessionState.Establishing)) return { code: 'INVALID_ARGS', message: 'Only a ringing incoming call can be forwarded.' };
    this.hangingUp = true;
    try {
      await s.reject({ statusCode: 302, extraHeaders: [`Contact: <${uri}>`] });
      return undefined;
    } catch (error) {
      return { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) };
    }
  }

  /** A header of the incoming INVITE (all values joined by commas), e.g. Call-Info or Alert-Info. */
  requestHeader(name: string): string | undefined {
    if (!(this.session instanceof Invitation)) return undefined;
    const values = this.session.request.getHeaders(name);
    return values.length > 0 ? values.join(', ') : undefined;
  }

  /**
   * Puts the call on hold (sendonly) or resumes it (sendrecv) with a
   * re-INVITE. On 491 Request Pending (glare: both sides re-INVITEd at once)
   * it tries again after the RFC 3261 §14.1 wait: 2.1-4 s when we placed the
   * call, 0-2 s otherwise; at most twice.
   */
  async hold(on: boolean, attempt = 0): Promise<AppError | undefined> {
    const failed = await this.reinvite(on);
    if (failed?.status !== 491 || attempt >= 2 || this.ended) return failed?.error;
    const wait = this.direction === 'outgoing' ? 2100 + Math.random() * 1900 : Math.random() * 2000;
    this.log.info('re-INVITE met 491 (glare); trying again', { waitMs: Math.round(wait), attempt: attempt + 1 });
    await new Promise((r) => setTimeout(r, wait));
    return this.hold(on, attempt + 1);
  }

  /**
   * Waits until the caller's ACK of our 200 arrived: a re-INVITE before it
   * would cross our own 200 (RFC 3261 §14.2 glare with ourselves; sip.js
   * would send it anyway). Bounded by sip.js's ACK timeout, which ends the call.
   */
  private async ackArrived(): Promise<void> {
    const dialog = this.sessionDialog;
    if (this.ended || !dialog || !awaitsAck(dialog)) return;
    this.log.info('holding back a re-INVITE until the ACK of our 200 arrives');
    await new Promise<void>((resolve) => this.ackWaiters.push(resolve));
  }

  private releaseAckWaiters(): void {
    for (const resolve of this.ackWaiters.splice(0)) resolve();
  }

  private async reinvite(on: boolean): Promise<{ error: AppError; status?: number } | undefined> {
    await this.ackArrived();
    if (this.session.state !== SessionState.Established) return { error: { code: 'INVALID_ARGS', message: 'Only an established call can be held or resumed.' } };
    this.session.sessionDescriptionHandlerOptionsReInvite = { hold: on } as object;
    return new Promise((resolve) => {
      this.session
        .invite({
          requestOptions: { extraHeaders: this.refreshHeaders() },
          requestDelegate: {
            onAccept: (response) => {
              // Any re-INVITE of ours refreshes the session.
              this.refreshAnswered(response.message);
              resolve(undefined);
            },
            onReject: (response) => {
              const status = response.message.statusCode;
              resolve({ error: { code: 'SIP_REJECTED', message: `The other side refused the ${on ? 'hold' : 'resume'} (${status} ${response.message.reasonPhrase}).` }, ...(status === undefined ? {} : { status }) });
            },
          },
        })
        .catch((error: unknown) => resolve({ error: negotiationFailure(error) }));
    });
  }

  /** Sends DTMF: RFC 4733 when negotiated, else one SIP INFO per digit. */
  async sendDtmf(digits: string): Promise<AppError | undefined> {
    if (this.session.state !== SessionState.Established) return { code: 'INVALID_ARGS', message: 'DTMF needs an established call.' };
    for (const ch of digits) if (!toDtmfDigit(ch)) return { code: 'INVALID_ARGS', message: `"${ch}" is not a DTMF key (0-9, *, #, A-D).` };
    if (this.sdh.sendDtmf(digits)) return undefined;
    for (const ch of digits) {
      const digit = toDtmfDigit(ch);
      if (!digit) continue;
      // Wait for the answer: a peer that refuses INFO (415, 405, 501…) must show as a failed key press, not as sent.
      // A peer that never answers would hold the key press for the whole transaction (32 s on UDP): give up sooner.
      let timer: ReturnType<typeof setTimeout> | undefined;
      const refused = await new Promise<AppError | undefined>((resolve) => {
        timer = setTimeout(
          () => resolve({ code: 'SIP_TIMEOUT', message: `The other side did not answer the DTMF key ${digit} sent by SIP INFO within ${DTMF_INFO_ANSWER_MS / 1000} s; it may accept only in-band (RFC 4733) tones.` }),
          DTMF_INFO_ANSWER_MS,
        );
        this.session
          .info({
            requestDelegate: {
              onAccept: () => resolve(undefined),
              onReject: (response) =>
                resolve({ code: 'SIP_REJECTED', message: `The other side refused the DTMF key ${digit} sent by SIP INFO (${response.message.statusCode} ${response.message.reasonPhrase}); it may accept only in-band (RFC 4733) tones.` }),
            },
            requestOptions: { body: { contentDisposition: 'render', contentType: DTMF_RELAY_CONTENT_TYPE, content: buildDtmfRelayBody(digit, 160) } },
          })
          .catch((error: unknown) => resolve({ code: 'SIP_REJECTED', message: `Sending DTMF by SIP INFO failed: ${error instanceof Error ? error.message : String(error)}` }));
      });
      clearTimeout(timer);
      if (refused) return refused;
    }
    return undefined;
  }

  /** Reports a DTMF digit received in the media. */
  dtmfReceived(digit: string): void {
    this.emit({ kind: 'dtmf', digit, via: 'rtp' });
  }

  /** sip.js's dialog of the call (its core `Session` interface is implemented by `SessionDialog`). */
  private get sessionDialog(): Core.SessionDialog | undefined {
    const d = this.session.dialog;
    return d instanceof Core.SessionDialog ? d : undefined;
  }

  /** The session timer in force: interval and whether we refresh (undefined: none). */
  get sessionTimer(): { readonly seconds: number; readonly weRefresh: boolean } | undefined {
    return this.timer.state;
  }

  /** The call is up: hook the dialog (UPDATE, re-INVITE refreshes) and start the session timer, if any. */
  private established(): void {
    const dialog = this.sessionDialog;
    if (dialog) hookDialog(dialog, { onUpdate: (m, uas) => void this.onUpdate(m, uas), onReinvite: (m) => this.reinviteVerdict(m), onAck: () => this.releaseAckWaiters() }, this.log);
    // Outgoing calls start theirs from the 2xx (the Inviter's onAccept, which runs after this).
    const uas = this.uasTimer;
    if (uas.kind === 'timer') this.startTimer(uas.seconds, uas.refresher === 'uas');
  }

  private startTimer(seconds: number, weRefresh: boolean): void {
    if (this.ended) return;
    this.timer.start(seconds, weRefresh);
    this.log.debug('session timer', { seconds, refresher: weRefresh ? 'us' : 'them' });
  }

  /** A re-INVITE from the other side: 422 with our Min-SE when its interval is below our minimum (RFC 4028 §9), else a refresh. */
  private reinviteVerdict(message: Core.IncomingRequestMessage): ReinviteVerdict {
    const d = decideAsUas(timerRequest(message), this.timerPolicy);
    if (d.kind === 'tooSmall') {
      this.log.info('refusing a re-INVITE', { status: 422, reason: `session interval below our minimum of ${d.minSeconds} s` });
      return { kind: 'reject', statusCode: 422, headers: [`Min-SE: ${d.minSeconds}`] };
    }
    return { kind: 'accept', headers: this.peerRefreshed(d, 'INVITE') };
  }

  /**
   * A refresh from the other side (re-INVITE or UPDATE), given the RFC 4028
   * §9 decision its caller already made; returns the headers for our 2xx. Without
   * Session-Expires the session has no timer any more. (Below our minimum,
   * the request was already refused with 422.)
   */
  private peerRefreshed(d: UasTimerDecision, method: 'INVITE' | 'UPDATE'): readonly string[] {
    if (d.kind === 'timer') {
      this.startTimer(d.seconds, d.refresher === 'uas');
      return d.headers;
    }
    if (d.kind === 'none') {
      if (this.timer.state) this.log.info('the other side refreshed without Session-Expires; no session timer now', { method });
      this.timer.stop();
    }
    return [];
  }

  /**
   * Answers an UPDATE (RFC 3311): without a body it is a session refresh
   * (200); with an SDP offer we answer it through the SDH (488 when we cannot,
   * 491 while an offer is outstanding).
   */
  private async onUpdate(message: Core.IncomingRequestMessage, uas: Core.InfoUserAgentServer): Promise<void> {
    const timer = decideAsUas(timerRequest(message), this.timerPolicy);
    if (timer.kind === 'tooSmall') {
      uas.reject({ statusCode: 422, extraHeaders: [`Min-SE: ${timer.minSeconds}`] });
      return;
    }
    const contact = (this.session as unknown as { _contact?: string })._contact;
    const contactHeader = contact ? [`Contact: ${contact}`] : [];
    const offer = message.body ?? '';
    let body: Core.Body | undefined;
    if (offer.trim() !== '') {
      const type = message.getHeader('content-type') ?? '';
      if (!this.sdh.hasDescription(type)) {
        uas.reject({ statusCode: 415, extraHeaders: ['Accept: application/sdp'] });
        return;
      }
      if (this.sdh.offerPending) {
        uas.reject({ statusCode: 491 });
        return;
      }
      try {
        await this.sdh.setDescription(offer);
        const answer = await this.sdh.getDescription();
        body = { contentDisposition: 'session', contentType: answer.contentType, content: answer.body };
      } catch (error) {
        await this.sdh.rollbackDescription();
        const status = error instanceof SdpNegotiationError ? error.sdp.sipStatus : 500;
        this.log.info('refusing an UPDATE offer', { status, reason: error instanceof Error ? error.message : String(error) });
        uas.reject({ statusCode: status });
        return;
      }
    }
    const headers = this.peerRefreshed(timer, 'UPDATE');
    uas.accept({ statusCode: 200, extraHeaders: [...headers, ...contactHeader], ...(body ? { body } : {}) });
  }

  /** Session-timer headers for a request of ours that refreshes the session (we are its UAC). */
  private refreshHeaders(): string[] {
    const t = this.timer.state;
    if (!t) return [];
    return [`Session-Expires: ${t.seconds};refresher=${t.weRefresh ? 'uac' : 'uas'}`, `Min-SE: ${this.timerPolicy.minSeconds}`, 'Supported: timer'];
  }

  /** The 2xx to our refresh: its Session-Expires sets the next interval; none means no timer (RFC 4028 §7.2). */
  private refreshAnswered(message: Core.IncomingResponseMessage): void {
    this.refreshRetries = 0;
    if (!this.timer.state) return;
    const d = decideAsUac({ sessionExpires: message.getHeader('session-expires') });
    if (d) this.startTimer(d.seconds, d.refresher === 'uac');
    else this.timer.stop();
  }

  /** Our turn to refresh: UPDATE when the other side allows it (no SDP), else a re-INVITE with the same SDP. */
  private async refreshSession(): Promise<void> {
    if (this.ended || this.session.state !== SessionState.Established || !this.timer.state) return;
    const headers = this.refreshHeaders();
    const onReject = (response: Core.IncomingResponse): void => this.refreshRefused(response.message);
    const dialog = this.sessionDialog;
    if (this.peerAllowsUpdate && dialog) {
      this.log.debug('refreshing the session with UPDATE');
      sendUpdate(dialog, headers, { onAccept: (r) => this.refreshAnswered(r.message), onReject });
      return;
    }
    this.log.debug('refreshing the session with re-INVITE');
    this.session.sessionDescriptionHandlerOptionsReInvite = {};
    try {
      await this.session.invite({ requestOptions: { extraHeaders: headers }, requestDelegate: { onAccept: (r) => this.refreshAnswered(r.message), onReject } });
    } catch (error) {
      // A re-INVITE of ours is still running (hold): try again shortly.
      this.log.debug('session refresh postponed', { error: error instanceof Error ? error.message : String(error) });
      this.timer.retrySoon(2000);
    }
  }

  /** Our refresh was refused: 422 → again with its Min-SE; 491 → again shortly; 408/481 → the session is gone (RFC 4028 §10). */
  private refreshRefused(message: Core.IncomingResponseMessage): void {
    const status = message.statusCode ?? 0;
    const t = this.timer.state;
    if (!t || this.ended) return;
    const minSe = parseMinSe(message.getHeader('min-se')) ?? 0;
    if (status === 422 && minSe > t.seconds && this.refreshRetries < 2) {
      this.refreshRetries += 1;
      this.timer.start(minSe, true);
      void this.refreshSession();
      return;
    }
    if (status === 491 && this.refreshRetries < 2) {
      this.refreshRetries += 1;
      this.timer.retrySoon(Math.random() * 2000);
      return;
    }
    if (status === 408 || status === 481) {
      this.endForTimer(`${this.remoteUri} did not accept our session refresh (${status} ${message.reasonPhrase ?? ''}).`);
      return;
    }
    this.log.info('session refresh refused; keeping the call', { status });
    this.startTimer(t.seconds, true);
  }

  /** No refresh came by the expiry: BYE, and the call ends with CALL_SESSION_EXPIRED. */
  private sessionExpired(seconds: number): void {
    this.endForTimer(`${this.remoteUri} did not refresh the session within its ${seconds} s session timer.`);
  }

  private endForTimer(what: string): void {
    if (this.ended) return;
    this.log.warn('session timer: ending the call', { why: what });
    this.localReason = { code: 'CALL_SESSION_EXPIRED', message: `${what} ${errorGuides.CALL_SESSION_EXPIRED}` };
    void this.hangup();
  }

  private finish(by: 'local' | 'remote', reason?: AppError, redirectTo?: readonly string[]): void {
    if (this.ended) return;
    this.ended = true;
    this.timer.stop();
    this.releaseAckWaiters();
    this.sdh.close();
    this.emit({ kind: 'ended', by, ...(reason ? { reason } : {}), ...(redirectTo && redirectTo.length > 0 ? { redirectTo } : {}) });
  }
}

/**
 * A failed call's reason: each final status a caller meets has its own code
 * and guide (the status and phrase stay in the message); the rest map like
 * registrations (401/407, 403, no answer at all…).
 */
export function callFailure(status: number | undefined, phrase: string | undefined, synthetic: boolean, target: string): AppError {
  const said = `${status ?? ''}${phrase ? ` ${phrase}` : ''}`;
  const of = (code: ErrorCode, what: string): AppError => ({ code, message: `${what} (${said}). ${errorGuides[code]}` });
  if (status === 404 || status === 604) return of('SIP_NOT_FOUND', `${target} does not exist`);
  if (status === 486 || status === 600) return of('SIP_BUSY', `${target} is busy`);
  if (status === 603 || status === 607) return of('CALL_DECLINED', `${target} declined the call`);
  if (status === 480) return of('CALL_UNAVAILABLE', `${target} is not available right now`);
  if (status === 408 && !synthetic) return of('CALL_NO_ANSWER', `${target} did not answer`);
  if (status === 487) return of('CALL_CANCELLED', 'The call was cancelled');
  if (status === 488 || status === 606) return of('CALL_MEDIA_MISMATCH', `${target} accepts none of our codecs or its media security does not match ours`);
  if (status !== undefined && status >= 500 && status < 600 && !synthetic) return of('CALL_SERVER_ERROR', `The call to ${target} failed on a server`);
  return describeRegistrationFailure({ status, reasonPhrase: phrase, synthetic, target });
}

/** The Contact URIs of a 3xx, highest `q` first (RFC 3261 8.1.3.4). */
export function redirectTargets(contacts: readonly string[]): string[] {
  const found: Array<{ uri: string; q: number }> = [];
  for (const header of contacts) {
    for (const part of splitNameAddrs(header)) {
      const uri = /<([^>]+)>/.exec(part)?.[1] ?? /^\s*([^;\s]+)/.exec(part)?.[1];
      if (!uri || !/^sips?:/i.test(uri)) continue;
      const q = Number(/;\s*q=([0-9.]+)/i.exec(part.replace(/<[^>]*>/, ''))?.[1] ?? '1');
      found.push({ uri, q: Number.isFinite(q) ? q : 1 });
    }
  }
  return found.sort((a, b) => b.q - a.q).map((f) => f.uri);
}

function negotiationFailure(error: unknown): AppError {
  if (error instanceof SdpNegotiationError) return { code: 'CALL_MEDIA_MISMATCH', message: `${error.sdp.message} ${errorGuides.CALL_MEDIA_MISMATCH}` };
  return { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) };
}

/**
 * The Refer-To of an attended transfer: the other party's address of record
 * with `?Replaces=` for its dialog. sip.js uses the dialog's remote target
 * (the Contact, often `sip:random@ip:port`), which a proxy or PBX looks up as
 * a user and answers 404; the AOR routes like any call and the Replaces
 * header still picks the dialog. sip.js writes a URI target verbatim, so the
 * name-addr form (angle brackets, needed with `?headers`) comes from
 * toString.
 */
function replacesReferTo(other: Session): Core.URI | undefined {
  const dialog = other.dialog;
  if (!dialog) return undefined;
  const replaces = encodeURIComponent(`${dialog.callId};to-tag=${dialog.remoteTag};from-tag=${dialog.localTag}`);
  const aor = other.remoteIdentity.uri.clone();
  aor.clearHeaders();
  const text = `<${aor.toString()}?Replaces=${replaces}>`;
  const uri = aor.clone();
  uri.toString = () => text;
  return uri;
}

/** The headers of an INVITE or UPDATE that RFC 4028's UAS rules read. */
function timerRequest(message: Core.IncomingRequestMessage): { sessionExpires: string | undefined; minSe: string | undefined; supported: string[] } {
  return { sessionExpires: message.getHeader('session-expires'), minSe: message.getHeader('min-se'), supported: message.getHeaders('supported') };
}

/** Whether an Allow header (all its values) names UPDATE. */
function allowsUpdate(allow: readonly string[]): boolean {
  return hasOptionTag(allow.map((a) => a.toLowerCase()), 'update');
}
