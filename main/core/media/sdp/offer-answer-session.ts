/**
 * The offer/answer state of one dialog's audio, for the sip.js
 * SessionDescriptionHandler adapter to drive (see `README.md` here):
 *
 * ```
 *   from              call                         to
 *   stable            createOffer()             →  have-local-offer
 *   have-local-offer  createOffer()             →  have-local-offer (replaces it)
 *   have-local-offer  acceptAnswer(sdp), ok     →  stable, new session in force
 *   have-local-offer  acceptAnswer(sdp), failed →  stable, old session stays
 *   have-local-offer  rollback()                →  stable, old session stays
 *   stable            answerOffer(sdp)          →  stable (new session if ok)
 *   have-local-offer  answerOffer(sdp)          →  refused: `glare` (491)
 * ```
 *
 * - Early offer, outgoing call: `createOffer` for the INVITE, `acceptAnswer`
 *   with the 18x/200 body.
 * - Incoming call with SDP: `answerOffer` for the 18x/200.
 * - Late offer (INVITE without SDP): `createOffer` for our 200 OK,
 *   `acceptAnswer` with the body of the ACK. Same calls, other messages.
 * - re-INVITE either way: same calls; `changes` says what to restart.
 *
 * Each SDP we send carries the same session id and a version that goes up
 * only when the SDP changes ({@link SessionOrigin}).
 */
import { answerOffer } from './answer-offer';
import { createOffer, type LocalOffer } from './create-offer';
import type { LocalMediaCapabilities } from './local-capabilities';
import type { NegotiatedSession } from './negotiated-session';
import { processAnswer } from './process-answer';
import { guardSdp, sdpFail, sdpOk, type SdpResult } from './sdp-result';
import { compareSessions, type SessionChanges } from './session-changes';
import { SessionOrigin } from './session-origin';

/** `have-local-offer` while our offer waits for its answer. */
export type NegotiationState = 'stable' | 'have-local-offer';

/** A completed exchange: the session now in force and what changed from the previous one. */
export interface NegotiationOutcome {
  readonly session: NegotiatedSession;
  readonly changes: SessionChanges;
}

/** A completed exchange where we answered: also the SDP to send. */
export interface AnswerOutcome extends NegotiationOutcome {
  readonly sdp: string;
}

/** Options of {@link OfferAnswerSession}. */
export interface OfferAnswerSessionOptions {
  /** The `o=` session id for the dialog: digits, chosen by the caller (no randomness here). */
  readonly sessionId: string;
  /** The `o=` version of our first SDP (default 0). */
  readonly initialVersion?: number | undefined;
}

/** Offer/answer for one dialog: our pending offer, the session in force, and our `o=` versions. */
export class OfferAnswerSession {
  readonly #origin: SessionOrigin;
  #pending: LocalOffer | undefined;
  #current: NegotiatedSession | undefined;

  constructor(options: OfferAnswerSessionOptions) {
    this.#origin = new SessionOrigin(options.sessionId, options.initialVersion ?? 0);
  }

  /** Whether an offer of ours waits for its answer. */
  get state(): NegotiationState {
    return this.#pending ? 'have-local-offer' : 'stable';
  }

  /** The session in force (undefined before the first completed exchange). */
  get current(): NegotiatedSession | undefined {
    return this.#current;
  }

  /** Our offer waiting for its answer. */
  get pendingOffer(): LocalOffer | undefined {
    return this.#pending;
  }

  /** The `o=` version of the last SDP we issued. */
  get version(): number {
    return this.#origin.version;
  }

  /** Writes an offer (INVITE, re-INVITE, or the 200 OK of a late offer) and keeps it pending; replaces an older pending one. */
  createOffer(local: LocalMediaCapabilities): SdpResult<LocalOffer> {
    return guardSdp('Writing the SDP offer', () => {
      const offer = this.#origin.issue((origin) => createOffer(local, origin));
      if (offer.ok) this.#pending = offer.data;
      return offer;
    });
  }

  /**
   * Applies the answer to the pending offer. The exchange ends either way: on
   * failure the pending offer is dropped and the previous session stays in force.
   */
  acceptAnswer(answerSdp: string): SdpResult<NegotiationOutcome> {
    return guardSdp('Processing the SDP answer', () => {
      const offer = this.#pending;
      if (!offer) return sdpFail('no-pending-offer', 'An SDP answer arrived but no offer of ours is pending.');
      this.#pending = undefined;
      const result = processAnswer(offer, answerSdp);
      if (!result.ok) return result;
      return sdpOk(this.#settle(result.data));
    });
  }

  /**
   * Answers the peer's offer. Refused with `glare` (491) while our own offer is
   * pending; on failure (488/400) nothing changes and no version is used.
   */
  answerOffer(offerSdp: string, local: LocalMediaCapabilities): SdpResult<AnswerOutcome> {
    return guardSdp('Answering the SDP offer', () => {
      if (this.#pending) return sdpFail('glare', 'An SDP offer arrived while our own offer waits for its answer.');
      const answer = this.#origin.issue((origin) => answerOffer(offerSdp, local, origin));
      if (!answer.ok) return answer;
      return sdpOk({ sdp: answer.data.sdp, ...this.#settle(answer.data.session) });
    });
  }

  /** Drops the pending offer (a 491 or a failed re-INVITE); the session in force stays. */
  rollback(): void {
    this.#pending = undefined;
  }

  #settle(session: NegotiatedSession): NegotiationOutcome {
    const changes = compareSessions(this.#current, session);
    this.#current = session;
    return { session, changes };
  }
}
