/**
 * The sip.js SessionDescriptionHandler for plain RTP and SDES-SRTP: it turns
 * sip.js's getDescription/setDescription calls into RFC 3264 offer/answer
 * (`media/sdp` OfferAnswerSession) and applies the result to the call's media
 * (`media/call-media.ts`). Hold travels as `options.hold`.
 *
 * Failures are thrown as errors that carry the SIP status the SDP module
 * chose. sip.js answers 480 to any failure while accepting an INVITE, so an
 * incoming offer is checked first with {@link DialtoneSdh.checkOffer} and
 * refused by the account with that status (488).
 */
import type { SessionDescriptionHandler, SessionDescriptionHandlerOptions } from 'sip.js';
import type { CallMedia } from '../../media/call-media';
import { answerOffer, OfferAnswerSession, type AudioCodecName, type LocalMediaCapabilities, type NegotiatedSession, type SdpError, type SrtpPolicy } from '../../media/sdp';

/** Options sip.js passes through for hold (our own extension, as in sip.js's web SDH). */
export interface DialtoneSdhOptions extends SessionDescriptionHandlerOptions {
  readonly hold?: boolean;
}

/** The account's media settings that shape our SDP. */
export interface MediaPolicy {
  readonly codecs: readonly AudioCodecName[];
  readonly srtp: SrtpPolicy;
}

/** An SDP failure with the SIP status to answer. */
export class SdpNegotiationError extends Error {
  constructor(readonly sdp: SdpError) {
    super(sdp.message);
  }
}

/** Reports each completed negotiation, for the call's state (codec, SRTP, hold). */
export type NegotiationListener = (session: NegotiatedSession) => void;

/** The SDH of one call. */
export class DialtoneSdh implements SessionDescriptionHandler {
  private readonly negotiation: OfferAnswerSession;
  private remoteOffer: string | undefined;
  private closed = false;
  /** Our hold wish; it persists so that answering the peer's re-INVITE keeps our hold. */
  private localHold = false;

  constructor(
    private readonly media: CallMedia,
    private readonly policy: MediaPolicy,
    sessionId: string,
    private readonly onNegotiated: NegotiationListener,
  ) {
    this.negotiation = new OfferAnswerSession({ sessionId });
  }

  /** The session in force. */
  get current(): NegotiatedSession | undefined {
    return this.negotiation.current;
  }

  /** Whether an offer is outstanding (ours or theirs), so a new offer must wait (491). */
  get offerPending(): boolean {
    return this.negotiation.state !== 'stable' || this.remoteOffer !== undefined;
  }

  async getDescription(options?: DialtoneSdhOptions): Promise<{ body: string; contentType: string }> {
    if (options?.hold !== undefined) this.localHold = options.hold;
    const local = await this.capabilities(this.localHold);
    if (this.remoteOffer !== undefined) {
      const offer = this.remoteOffer;
      this.remoteOffer = undefined;
      const answer = this.negotiation.answerOffer(offer, local);
      if (!answer.ok) throw new SdpNegotiationError(answer.error);
      await this.applyOrThrow(answer.data.session, answer.data.changes);
      return { body: answer.data.sdp, contentType: 'application/sdp' };
    }
    const offer = this.negotiation.createOffer(local);
    if (!offer.ok) throw new SdpNegotiationError(offer.error);
    return { body: offer.data.sdp, contentType: 'application/sdp' };
  }

  async setDescription(sdp: string): Promise<void> {
    if (this.negotiation.state === 'have-local-offer') {
      const result = this.negotiation.acceptAnswer(sdp);
      if (!result.ok) throw new SdpNegotiationError(result.error);
      await this.applyOrThrow(result.data.session, result.data.changes);
      return;
    }
    // A remote offer: answered in the next getDescription.
    this.remoteOffer = sdp;
  }

  /**
   * Whether we could answer `offerSdp`, without changing any state. sip.js
   * turns every SDH failure during accept() into a 480, so an incoming offer
   * we cannot take is checked first and refused with the right status (488).
   */
  async checkOffer(offerSdp: string): Promise<SdpError | undefined> {
    const local = await this.capabilities(this.localHold);
    const result = answerOffer(offerSdp, local, { sessionId: '1', sessionVersion: 0 });
    return result.ok ? undefined : result.error;
  }

  hasDescription(contentType: string): boolean {
    return contentType.toLowerCase().split(';')[0]?.trim() === 'application/sdp';
  }

  async rollbackDescription(): Promise<void> {
    this.negotiation.rollback();
    this.remoteOffer = undefined;
  }

  sendDtmf(tones: string): boolean {
    return this.media.sendDtmf(tones);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    void this.media.close();
  }

  private async capabilities(hold: boolean): Promise<LocalMediaCapabilities> {
    const transport = await this.media.prepare();
    if (!transport.ok) throw new Error(transport.error.message);
    return {
      address: transport.data.address,
      rtpPort: transport.data.rtpPort,
      rtcpPort: transport.data.rtcpPort,
      codecs: this.policy.codecs,
      srtp: this.policy.srtp,
      ...(this.policy.srtp === 'off' ? {} : { sdesKeys: this.media.sdesKeys }),
      direction: hold ? 'sendonly' : 'sendrecv',
    };
  }

  private async applyOrThrow(session: NegotiatedSession, changes: Parameters<CallMedia['apply']>[1]): Promise<void> {
    const applied = await this.media.apply(session, changes);
    if (!applied.ok) throw new Error(applied.error.message);
    this.onNegotiated(session);
  }
}
