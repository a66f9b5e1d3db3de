/**
 * All calls of the app: their state machines, their media, and the events the
 * clients see (`call.updated`, `call.ended`, `call.stats`, `dtmf.received`).
 * It talks to SIP only through SipAccount/SipCall and to audio only through
 * the MediaEngine (on this thread, or proxied to the media worker).
 *
 * The rules over several calls:
 * - at most `maxCalls` calls exist (ringing, active, held); beyond it an
 *   incoming call is refused with 486 before it rings and a dial is refused;
 * - at most one call is active: answering, dialing or resuming another call
 *   first holds the active one (`call.swap` is resume-with-that-rule, named
 *   for what the user does);
 * - a call that ends never resumes another on its own (the user chooses);
 * - calls can be merged into one local conference (the media engine
 *   mixes them), one call at a time; its members are held and resumed
 *   together and count as the one active "call"; a member that ends leaves
 *   the others mixed (a lone survivor is a plain call again), and `split`
 *   dissolves it.
 */
import { randomUUID } from 'node:crypto';
import type { CallView } from '../../common/ipc/contract';
import { applyDialPlan } from '../../common/dialplan/dial-plan';
import { DEFAULT_CALL_SETTINGS, type CallSettings, type CallSettingsPatch } from '../../common/models/call-settings';
import { errorGuides } from '../../common/errors';
import { err, ok, type AppError, type Result } from '../../common/result';
import type { EventHub } from '../events/event-hub';
import type { ManagedCallMedia, MediaEngine } from '../media/engine';
import { codecImpairment, estimateCallQuality } from '../media/rtcp';
import type { Clock, TimerHandle } from '../ports/clock';
import type { Logger } from '../ports/logger';
import type { SipCall, SipCallEvent } from '../sip/call/sip-call';
import type { IncomingVerdict, SipAccount } from '../sip/sip-account';
import { CallMachine, CallState } from './call-state';

/** What the manager needs. */
export interface CallManagerDeps {
  readonly hub: EventHub;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly engine: MediaEngine;
  /** Answer incoming calls at once (headless `--auto-answer`). */
  readonly autoAnswer: boolean;
  /** How often `call.stats` is published for an active call, ms. */
  readonly statsIntervalMs?: number;
  /** The settings to start with (default {@link DEFAULT_CALL_SETTINGS}). */
  readonly settings?: CallSettings;
}

interface CallEntry {
  view: CallView;
  readonly machine: CallMachine;
  /** The SIP leg now in force (a followed 3xx replaces it). */
  sip: SipCall;
  media: ManagedCallMedia;
  statsTimer: TimerHandle | undefined;
  /** Outgoing calls: the account, to follow redirects. */
  readonly account: SipAccount | undefined;
  /** Outgoing calls: every URI tried so far (redirect loop guard). */
  readonly tried: Set<string>;
  /** Auto-answer and no-answer forwarding timers, cleared when the call ends. */
  readonly timers: TimerHandle[];
  /** Why we ended the call ourselves (RTP timeout), for `call.ended`. */
  localReason?: AppError;
  /** The RTP watchdog's next check. */
  rtpTimer?: TimerHandle;
}

/** How many 3xx redirects one call follows at most. */
export const MAX_REDIRECTS = 5;

/** How long quitting waits for each call's hangup before it goes on. */
export const SHUTDOWN_HANGUP_MS = 3000;

/** The call manager. */
export class CallManager {
  private readonly calls = new Map<string, CallEntry>();
  /** The media each SipCall was created with (filled by the factory's `bind`). */
  private readonly mediaOf = new WeakMap<SipCall, ManagedCallMedia>();
  private readonly log: Logger;
  /** In memory; the settings store persists them once it exists. */
  private current: CallSettings;

  constructor(private readonly deps: CallManagerDeps) {
    this.log = deps.logger.child('calls');
    this.current = deps.settings ?? DEFAULT_CALL_SETTINGS;
  }

  /** The call-handling settings now in force. */
  settings(): CallSettings {
    return this.current;
  }

  /** Changes some settings (already validated by the contract); returns them all. */
  configure(patch: CallSettingsPatch): Result<CallSettings> {
    const next: CallSettings = { ...this.current, ...(Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as Partial<CallSettings>) };
    if (next.forward !== 'off' && (next.forwardTo ?? '') === '') return err('INVALID_ARGS', `Forwarding "${next.forward}" needs forwardTo: the number or SIP address calls go to.`);
    // The same check as a dialled number (the account's own rules apply when a call is forwarded).
    if (patch.forwardTo !== undefined && patch.forwardTo.trim() !== '') {
      const target = applyDialPlan(patch.forwardTo);
      if (!target.ok) return err('INVALID_ARGS', `Calls cannot be forwarded to that: ${target.error.message}`);
    }
    this.current = next;
    this.log.info('call settings changed', { settings: JSON.stringify(this.current) });
    return ok(this.current);
  }

  /**
   * Screens an incoming call before it rings (SipAccount's `screenIncoming`):
   * forward always, then DND, then the call limit (busy forwarding, else 486).
   */
  screenIncoming(): IncomingVerdict | undefined {
    const s = this.current;
    const forwardTo = s.forwardTo ?? '';
    if (s.forward === 'always') return { status: 302, forwardTo, why: 'forwarding all calls' };
    const busy = s.dnd ? `do not disturb` : this.calls.size >= s.maxCalls ? `already ${this.calls.size} calls (the most allowed is ${s.maxCalls})` : undefined;
    if (busy === undefined) return undefined;
    if (s.forward === 'busy') return { status: 302, forwardTo, why: `forwarding when busy: ${busy}` };
    return { status: s.dnd ? s.dndStatus : 486, why: busy };
  }

  /** Calls as clients see them. */
  views(): CallView[] {
    return [...this.calls.values()].map((c) => c.view);
  }

  /** The media factory to hand to each SipAccount. */
  mediaFactory(): (localAddress: string, options?: { readonly latch?: boolean }) => { media: ManagedCallMedia; bind(call: SipCall): void } {
    return (localAddress, options) => {
      let bound: SipCall | undefined;
      const media = this.deps.engine.createCallMedia({ localAddress, ...(options?.latch ? { latch: true } : {}), onDtmf: (digit) => bound?.dtmfReceived(digit) });
      return {
        media,
        bind: (call) => {
          bound = call;
          this.mediaOf.set(call, media);
        },
      };
    };
  }

  /** Places a call from `account`, holding the active call first. */
  async dial(accountId: string, account: SipAccount, target: string): Promise<Result<{ callId: string }>> {
    if (this.calls.size >= this.current.maxCalls) return err('INVALID_ARGS', `You already have ${this.calls.size} calls, the most allowed (${this.current.maxCalls}). End one first, or raise the limit in the call settings.`);
    const held = await this.holdActive(undefined);
    if (!held.ok) return held;
    const placed = account.dial(target);
    if (!placed.ok) return placed;
    const callId = this.track(accountId, placed.data, CallState.Dialing, account);
    return ok({ callId });
  }

  /** Registers an incoming call from `account` (SipAccount's onIncomingCall). */
  incoming(accountId: string, call: SipCall, account?: SipAccount): void {
    const callId = this.track(accountId, call, CallState.Ringing, account);
    const c = this.calls.get(callId);
    if (!c) return;
    if (call.replacesACall) {
      // Attended transfer: this call takes over one of ours (sip.js BYEs that one once we answer).
      this.log.info('answering a call that replaces one of ours', { callId });
      void call.answer();
      return;
    }
    if (this.deps.autoAnswer) {
      void this.answer(callId);
      return;
    }
    const s = this.current;
    const busy = [...this.calls.values()].some((o) => o !== c && o.machine.state === CallState.Active);
    if (s.autoAnswer && !busy) {
      this.log.info('answering by itself (auto-answer setting)', { callId, afterSeconds: s.autoAnswerAfterSeconds });
      c.timers.push(this.deps.clock.setTimeout(() => void this.answer(callId), s.autoAnswerAfterSeconds * 1000));
      return;
    }
    const after = this.current.autoAnswerOnRequest ? requestedAutoAnswer(call) : undefined;
    if (after !== undefined && !busy) {
      this.log.info('answering on the caller\'s request', { callId, afterSeconds: after });
      c.timers.push(this.deps.clock.setTimeout(() => void this.answer(callId), after * 1000));
    }
    if (s.forward === 'noAnswer' && account && s.forwardTo) {
      const uri = account.forwardUri(s.forwardTo);
      c.timers.push(
        this.deps.clock.setTimeout(() => {
          if (c.machine.state !== CallState.Ringing) return;
          this.log.info('forwarding an unanswered call', { callId, to: uri });
          void c.sip.redirect(uri);
        }, s.forwardAfterSeconds * 1000),
      );
    }
  }

  /** Transfers the other side of `callId`: blind to `target`, or attended to the party of `replacesCallId`. */
  async transfer(callId: string, to: { target: string } | { replacesCallId: string }): Promise<Result<void>> {
    const c = this.calls.get(callId);
    if (!c) return err('NOT_FOUND', `No call "${callId}".`);
    if (c.machine.state !== CallState.Active && c.machine.state !== CallState.Held) return err('INVALID_ARGS', 'Only an answered call can be transferred.');
    let target: string | SipCall;
    if ('target' in to) {
      if (!c.account) return err('INTERNAL', 'This call has no account to build the transfer address with.');
      const planned = c.account.targetUri(to.target);
      if (!planned.ok) return planned;
      target = planned.data;
    } else {
      const other = this.calls.get(to.replacesCallId);
      if (!other || other === c) return err('NOT_FOUND', `No other call "${to.replacesCallId}" to transfer to.`);
      target = other.sip;
    }
    const failed = await c.sip.transfer(target);
    return failed ? { ok: false, error: failed } : ok(undefined);
  }

  /** Refuses a ringing incoming call: 486 Busy Here or 603 Decline (default: the `rejectWith` setting). */
  async reject(callId: string, reason?: 'busy' | 'decline'): Promise<Result<void>> {
    const c = this.calls.get(callId);
    if (!c) return err('NOT_FOUND', `No call "${callId}".`);
    if (c.view.direction !== 'incoming' || c.machine.state !== CallState.Ringing) return err('INVALID_ARGS', 'Only a ringing incoming call can be rejected; hang up the others.');
    await c.sip.hangup((reason ?? this.current.rejectWith) === 'decline');
    return ok(undefined);
  }

  /** Ignores a ringing incoming call: `silenced` on its view stops the ringtone; SIP is untouched. */
  silence(callId: string): Result<void> {
    const c = this.calls.get(callId);
    if (!c) return err('NOT_FOUND', `No call "${callId}".`);
    if (c.view.direction !== 'incoming' || c.machine.state !== CallState.Ringing) return err('INVALID_ARGS', 'Only a ringing incoming call can be ignored.');
    if (c.view.silenced !== true) {
      c.view = { ...c.view, silenced: true };
      this.deps.hub.emit('call.updated', c.view);
    }
    return ok(undefined);
  }

  async answer(callId: string): Promise<Result<void>> {
    const c = this.calls.get(callId);
    if (!c) return err('NOT_FOUND', `No call "${callId}".`);
    if (c.view.direction !== 'incoming' || c.machine.state !== CallState.Ringing) return err('INVALID_ARGS', 'Only a ringing incoming call can be answered.');
    const held = await this.holdActive(callId);
    if (!held.ok) return held;
    const failed = await c.sip.answer();
    return failed ? { ok: false, error: failed } : ok(undefined);
  }

  async hangup(callId: string): Promise<Result<void>> {
    const c = this.calls.get(callId);
    if (!c) return err('NOT_FOUND', `No call "${callId}".`);
    await c.sip.hangup();
    return ok(undefined);
  }

  /**
   * Holds or resumes a call. A conference is held and resumed as one: every
   * member follows (resuming it holds any other active call first).
   */
  async hold(callId: string, on: boolean): Promise<Result<void>> {
    const c = this.calls.get(callId);
    if (!c) return err('NOT_FOUND', `No call "${callId}".`);
    const want = on ? CallState.Active : CallState.Held;
    if (c.machine.state !== want) return err('INVALID_ARGS', on ? 'Only an active call can be put on hold.' : 'Only a held call can be resumed.');
    const group = this.conferenceOf(c);
    if (!on) {
      const held = await this.holdActive(group.map((m) => m.view.callId));
      if (!held.ok) return held;
    }
    for (const m of group) {
      if (m.machine.state !== want) continue;
      const failed = await m.sip.hold(on);
      if (failed) return { ok: false, error: failed };
      this.move(m, on ? CallState.Held : CallState.Active);
    }
    return ok(undefined);
  }

  /**
   * Merges calls `a` and `b` into the local conference: the media engine
   * mixes its members (each hears us and every other member), held members
   * are resumed, and all carry the same `conference` id. When one of the two
   * is already in the conference, the other joins it (so a conference grows
   * one call at a time, up to the call limit). Any other active call is held
   * first. There is one conference at a time.
   */
  async merge(a: string, b: string): Promise<Result<void>> {
    const ca = this.calls.get(a);
    const cb = this.calls.get(b);
    if (!ca || !cb) return err('NOT_FOUND', `No call "${ca ? b : a}".`);
    if (ca === cb) return err('INVALID_ARGS', 'A conference needs two different calls.');
    for (const c of [ca, cb]) {
      if (c.machine.state !== CallState.Active && c.machine.state !== CallState.Held) return err('INVALID_ARGS', `Only answered calls can be merged; the call with ${c.view.remoteUri} is ${c.machine.state}.`);
    }
    if (ca.view.conference !== undefined && ca.view.conference === cb.view.conference) return ok(undefined);
    if (ca.view.conference !== undefined && cb.view.conference !== undefined) return err('INVALID_ARGS', 'These calls are in two different conferences; split one first.');
    // The member of the conference, when one of the two is in it: the other joins.
    const member = ca.view.conference !== undefined ? ca : cb.view.conference !== undefined ? cb : undefined;
    if (!member && [...this.calls.values()].some((c) => c.view.conference !== undefined)) {
      return err('INVALID_ARGS', 'There is already a conference: merge one of these calls with a call in it to add it, or split the conference first.');
    }
    const existing = member?.view.conference;
    const members = member ? [...this.conferenceOf(member), member === ca ? cb : ca] : [ca, cb];
    const held = await this.holdActive(members.map((m) => m.view.callId));
    if (!held.ok) return held;
    for (const c of members) {
      if (c.machine.state !== CallState.Held) continue;
      const failed = await c.sip.hold(false);
      if (failed) return err(failed.code, `The held call with ${c.view.remoteUri} could not be resumed for the conference: ${failed.message}`);
      this.move(c, CallState.Active);
    }
    if (members.some((m) => !this.calls.has(m.view.callId))) return err('NOT_FOUND', 'A call ended while the conference was being set up.');
    const conference = existing ?? randomUUID();
    this.deps.engine.setConference(members.map((m) => m.media));
    for (const c of members) {
      if (c.view.conference === conference) continue;
      c.view = { ...c.view, conference };
      this.deps.hub.emit('call.updated', c.view);
    }
    this.log.info('calls merged', { conference, calls: members.map((m) => m.view.callId).join(', ') });
    return ok(undefined);
  }

  /** Splits the conference that holds `callId`: it stays active, the other member is held. */
  async split(callId: string): Promise<Result<void>> {
    const c = this.calls.get(callId);
    if (!c) return err('NOT_FOUND', `No call "${callId}".`);
    if (c.view.conference === undefined) return err('INVALID_ARGS', 'This call is not in a conference.');
    const others = this.conferenceOf(c).filter((m) => m !== c);
    this.dissolve(c.view.conference);
    for (const m of others) {
      if (m.machine.state !== CallState.Active) continue;
      const failed = await m.sip.hold(true);
      if (failed) return err(failed.code, `The conference was split, but the call with ${m.view.remoteUri} could not be put on hold: ${failed.message}`);
      this.move(m, CallState.Held);
    }
    if (c.machine.state === CallState.Held) return this.hold(callId, false);
    return ok(undefined);
  }

  /** The members of `c`'s conference (just `c` when it is in none). */
  private conferenceOf(c: CallEntry): CallEntry[] {
    if (c.view.conference === undefined) return [c];
    return [...this.calls.values()].filter((m) => m.view.conference === c.view.conference);
  }

  /** Stops mixing conference `id`; its members remain as plain calls. */
  private dissolve(id: string): void {
    this.deps.engine.setConference([]);
    for (const m of this.calls.values()) {
      if (m.view.conference !== id) continue;
      const { conference: _gone, ...rest } = m.view;
      m.view = rest;
      this.deps.hub.emit('call.updated', m.view);
    }
    this.log.info('conference dissolved', { conference: id });
  }

  /** Holds the active call (if another) and resumes `callId`, which must be held. */
  async swap(callId: string): Promise<Result<void>> {
    const c = this.calls.get(callId);
    if (!c) return err('NOT_FOUND', `No call "${callId}".`);
    if (c.machine.state !== CallState.Held) return err('INVALID_ARGS', 'Only a held call can be swapped to.');
    return this.hold(callId, false);
  }

  /** Puts the active calls other than `except` on hold, so that only one call (or one conference) is ever active. */
  private async holdActive(except: string | readonly string[] | undefined): Promise<Result<void>> {
    const keep = new Set(typeof except === 'string' ? [except] : except ?? []);
    for (const other of this.calls.values()) {
      if (keep.has(other.view.callId) || other.machine.state !== CallState.Active) continue;
      const held = await this.hold(other.view.callId, true);
      if (!held.ok) return err(held.error.code, `The active call could not be put on hold first: ${held.error.message}`);
    }
    return ok(undefined);
  }

  async dtmf(callId: string, digits: string): Promise<Result<void>> {
    const c = this.calls.get(callId);
    if (!c) return err('NOT_FOUND', `No call "${callId}".`);
    const failed = await c.sip.sendDtmf(digits.toUpperCase());
    return failed ? { ok: false, error: failed } : ok(undefined);
  }

  /** Sends silence instead of the microphone (or stops doing so); the call and its RTP go on. */
  mute(callId: string, muted: boolean): Result<void> {
    const c = this.calls.get(callId);
    if (!c) return err('NOT_FOUND', `No call "${callId}".`);
    if (c.machine.state === CallState.Ended) return err('INVALID_ARGS', 'The call has ended.');
    c.media.setMuted(muted);
    if (c.view.muted !== muted) {
      c.view = { ...c.view, muted };
      this.deps.hub.emit('call.updated', c.view);
    }
    return ok(undefined);
  }

  /**
   * Hangs up every call (quit). Each hangup gets {@link SHUTDOWN_HANGUP_MS}:
   * a BYE on a 200 that was never ACKed waits for the ACK timeout (32 s on
   * UDP), and quitting must not.
   */
  async shutdown(): Promise<void> {
    const clock = this.deps.clock;
    await Promise.all([...this.calls.values()].map((c) => new Promise<void>((resolve) => {
      const timer = clock.setTimeout(() => {
        this.log.warn('hangup did not finish in time; quitting anyway', { callId: c.view.callId });
        resolve();
      }, SHUTDOWN_HANGUP_MS);
      void c.sip.hangup().finally(() => {
        clock.clearTimeout(timer);
        resolve();
      });
    })));
    await this.deps.engine.close();
  }

  private track(accountId: string, sip: SipCall, initial: CallState.Dialing | CallState.Ringing, account?: SipAccount): string {
    const callId = randomUUID();
    const machine = new CallMachine(initial, (from, to) => this.log.error('refused call transition', { callId, from, to }));
    const media = this.mediaOf.get(sip);
    if (!media) throw new Error('a call without media');
    const entry: CallEntry = {
      view: { callId, accountId, direction: sip.direction, state: initial, remoteUri: sip.remoteUri, ...(sip.remoteName ? { remoteName: sip.remoteName } : {}), srtp: false, remoteHold: false, muted: false, startedAt: this.deps.clock.now() },
      machine,
      sip,
      media,
      statsTimer: undefined,
      account,
      tried: new Set([normalizeUri(sip.remoteUri)]),
      timers: [],
    };
    this.calls.set(callId, entry);
    this.deps.hub.emit('call.updated', entry.view);
    sip.onEvent((event) => this.onSipEvent(entry, sip, event));
    return callId;
  }

  /**
   * Follows a 3xx: dials the best Contact not tried yet on the same callId,
   * at most {@link MAX_REDIRECTS} times. Returns false when it cannot (loop,
   * too many hops, no usable target), so the call ends with the 3xx reason.
   */
  private followRedirect(c: CallEntry, targets: readonly string[]): boolean {
    if (!c.account || c.machine.state === CallState.Ended) return false;
    if (c.tried.size > MAX_REDIRECTS) {
      this.log.info('not following a redirect: too many hops', { callId: c.view.callId, hops: c.tried.size - 1 });
      return false;
    }
    const next = targets.find((t) => !c.tried.has(normalizeUri(t)));
    if (!next) {
      this.log.info('not following a redirect: loop', { callId: c.view.callId, targets: targets.join(', ') });
      return false;
    }
    const placed = c.account.dial(next);
    if (!placed.ok) return false;
    const media = this.mediaOf.get(placed.data);
    if (!media) return false;
    c.tried.add(normalizeUri(next));
    c.sip = placed.data;
    c.media = media;
    c.view = { ...c.view, remoteUri: placed.data.remoteUri };
    this.log.info('following a redirect', { callId: c.view.callId, to: next, hop: c.tried.size - 1 });
    this.deps.hub.emit('call.updated', c.view);
    const sip = placed.data;
    sip.onEvent((event) => this.onSipEvent(c, sip, event));
    return true;
  }

  private onSipEvent(c: CallEntry, from: SipCall, event: SipCallEvent): void {
    // A replaced leg (after a followed 3xx) has nothing more to say.
    if (from !== c.sip) return;
    switch (event.kind) {
      case 'ringing':
        this.move(c, CallState.Ringing);
        return;
      case 'early':
        this.move(c, CallState.Early);
        return;
      case 'established':
        c.view = { ...c.view, answeredAt: this.deps.clock.now() };
        this.move(c, CallState.Active);
        this.scheduleStats(c);
        this.watchRtp(c, c.media.stats.packetsReceived, this.deps.clock.now());
        return;
      case 'media': {
        const s = event.session;
        c.view = s.disabled ? c.view : { ...c.view, codec: s.sendCodec.name, srtp: s.srtp !== undefined, remoteHold: s.remoteHold.onHold };
        this.deps.hub.emit('call.updated', c.view);
        return;
      }
      case 'dtmf':
        this.deps.hub.emit('dtmf.received', { callId: c.view.callId, digit: event.digit, via: event.via });
        return;
      case 'referred': {
        const followed = c.account?.followReferral(c.sip);
        if (!followed?.ok) {
          this.log.warn('could not follow a transfer', { callId: c.view.callId, reason: followed?.error.message ?? 'no account' });
          return;
        }
        const newId = this.track(c.view.accountId, followed.data, CallState.Dialing, c.account);
        this.log.info('transferred by the other side', { callId: c.view.callId, newCallId: newId, to: event.target, attended: event.replaces });
        return;
      }
      case 'transfer':
        c.view = { ...c.view, transfer: { state: event.state, ...(event.status === undefined ? {} : { status: event.status }) } };
        this.deps.hub.emit('call.updated', c.view);
        // The transfer is done: our part of the call ends (RFC 5589 §6.1).
        if (event.state === 'succeeded') void c.sip.hangup();
        return;
      case 'ended':
        if (event.redirectTo && this.followRedirect(c, event.redirectTo)) return;
        this.end(c, event.by, event.reason);
        return;
    }
  }

  private move(c: CallEntry, to: CallState): void {
    if (!c.machine.transition(to)) return;
    c.view = { ...c.view, state: to };
    this.deps.hub.emit('call.updated', c.view);
  }

  private end(c: CallEntry, by: 'local' | 'remote', sipReason?: AppError): void {
    const reason = sipReason ?? c.localReason;
    if (c.statsTimer) this.deps.clock.clearTimeout(c.statsTimer);
    for (const t of c.timers.splice(0)) this.deps.clock.clearTimeout(t);
    if (c.rtpTimer) this.deps.clock.clearTimeout(c.rtpTimer);
    this.move(c, CallState.Ended);
    this.calls.delete(c.view.callId);
    // A member leaving a conference of three or more leaves the rest mixed; of two, the other stays as a plain active call.
    if (c.view.conference !== undefined) {
      const rest = [...this.calls.values()].filter((m) => m.view.conference === c.view.conference);
      if (rest.length >= 2) this.deps.engine.setConference(rest.map((m) => m.media));
      else this.dissolve(c.view.conference);
    }
    this.deps.hub.emit('call.ended', reason ? { callId: c.view.callId, endedBy: by, reason } : { callId: c.view.callId, endedBy: by });
    this.log.info('call ended', { callId: c.view.callId, by, reason: reason?.code ?? '' });
  }

  /**
   * Ends an active call when no RTP arrived for `rtpTimeoutSeconds` (polled
   * once a second from the media stats). Held calls (either side) are not
   * watched: no RTP is expected then, and the clock restarts on resume.
   */
  private watchRtp(c: CallEntry, lastCount: number, lastChange: number): void {
    c.rtpTimer = this.deps.clock.setTimeout(() => {
        if (!this.calls.has(c.view.callId) || c.machine.state === CallState.Ended) return;
        const now = this.deps.clock.now();
        const count = c.media.stats.packetsReceived;
        const limit = this.current.rtpTimeoutSeconds;
        const quiet = c.machine.state !== CallState.Active || c.view.remoteHold;
        if (count !== lastCount || quiet || limit === 0) {
          this.watchRtp(c, count, now);
          return;
        }
        if (now - lastChange >= limit * 1000) {
          const seconds = Math.round((now - lastChange) / 1000);
          this.log.warn('no RTP; hanging up', { callId: c.view.callId, seconds });
          c.localReason = { code: 'CALL_MEDIA_LOST', message: `No audio arrived from ${c.view.remoteUri} for ${seconds} s. ${errorGuides.CALL_MEDIA_LOST}` };
          void c.sip.hangup();
          return;
        }
        this.watchRtp(c, lastCount, lastChange);
      }, 1000);
  }

  private scheduleStats(c: CallEntry): void {
    const interval = this.deps.statsIntervalMs ?? 5000;
    c.statsTimer = this.deps.clock.setTimeout(() => {
      if (!this.calls.has(c.view.callId)) return;
      this.publishStats(c);
      this.scheduleStats(c);
    }, interval);
  }

  private publishStats(c: CallEntry): void {
    const media = c.media;
    const j = media.jitterStats();
    const received = media.stats.packetsReceived;
    const lost = j?.packetsLost ?? 0;
    const lossPercent = received + lost > 0 ? (100 * lost) / (received + lost) : 0;
    const codec = (c.view.codec ?? 'pcmu') as 'pcmu' | 'pcma' | 'g722' | 'opus';
    // Mouth-to-ear: half the RTT (or a LAN guess), the jitter buffer, and one packet of framing.
    const oneWay = (media.stats.rttMs ?? 2) / 2 + (j?.delayMs ?? 0) + 20;
    const quality = estimateCallQuality({ oneWayDelayMs: oneWay, packetLossPercent: lossPercent, codec: codecImpairment(codec) });
    this.deps.hub.emit('call.stats', {
      callId: c.view.callId,
      packetsSent: media.stats.packetsSent,
      packetsReceived: received,
      packetsLost: lost,
      lateFrames: j?.late ?? 0,
      concealedFrames: media.stats.concealed,
      jitterMs: j?.jitterMs ?? 0,
      bufferDelayMs: j?.delayMs ?? 0,
      srtpFailures: media.stats.srtpFailures,
      ...(media.stats.foreignDropped ? { foreignPacketsDropped: media.stats.foreignDropped } : {}),
      ...(media.stats.rttMs === undefined ? {} : { rttMs: Math.round(media.stats.rttMs * 10) / 10 }),
      ...(media.stats.remoteLossPercent === undefined ? {} : { remoteLossPercent: Math.round(media.stats.remoteLossPercent * 10) / 10 }),
      mos: Math.round(quality.mos * 100) / 100,
    });
  }
}

/** A URI as compared for redirect loops: scheme, user and host:port, lower-case, no parameters. */
function normalizeUri(uri: string): string {
  const bare = uri.replace(/^<|>$/g, '').split(';')[0]?.split('?')[0] ?? uri;
  return bare.toLowerCase().replace(/^sips?:/, 'sip:');
}

/**
 * The delay (s) after which the caller asks us to answer, or undefined:
 * Call-Info `answer-after=N` (RFC 5373 practice, Polycom/Yealink paging) or
 * Alert-Info `intercom`/`auto-answer`/`info=alert-autoanswer` (answer now).
 */
export function requestedAutoAnswer(call: Pick<SipCall, 'requestHeader'>): number | undefined {
  const callInfo = call.requestHeader('call-info') ?? '';
  const after = /answer-after\s*=\s*(\d{1,3})/i.exec(callInfo);
  if (after?.[1] !== undefined) return Math.min(Number(after[1]), 60);
  const alertInfo = call.requestHeader('alert-info') ?? '';
  if (/intercom|auto-?answer|alert-autoanswer/i.test(alertInfo)) return 0;
  return undefined;
}
