/**
 * The part shared by the UDP and stream transports: sip.js's Transport state
 * machine (Connecting → Connected → Disconnected, with `stateChange` and the
 * onConnect/onDisconnect callbacks) and the inbound pipeline every message goes
 * through before sip.js (junk filter, source filter, Via port, fix-ups, trace).
 */
import { EmitterImpl, TransportState, type Emitter, type Transport } from 'sip.js';
import type { Endpoint } from '../../ports/network';
import { headerValue, isResponse } from '../message/sip-text';
import { PROBE_CALL_ID_PREFIX } from '../registration/options-ping';
import { addViaPort, stripViaPort } from '../message/via-port';
import { looksLikeSip, type SipTransportOptions } from './transport-options';

/**
 * The methods Dialtone really handles. sip.js advertises its whole list
 * (MESSAGE, PRACK, REGISTER, SUBSCRIBE… which it then refuses or drops);
 * RFC 3261 §20.5 wants the truth, and a 405 must carry it (§8.2.1). REFER and
 * NOTIFY serve transfers; UPDATE is answered by each call (`SipCall`).
 */
export const ALLOWED_METHODS = 'INVITE, ACK, BYE, CANCEL, OPTIONS, INFO, UPDATE, REFER, NOTIFY';

/** Rewrites the Allow header of an outgoing message, and adds it to a 405. */
export function advertiseAllowed(message: string): string {
  const headEnd = message.indexOf('\r\n\r\n');
  if (headEnd < 0) return message;
  let head = message.slice(0, headEnd).replace(/^Allow[ \t]*:.*$/gim, `Allow: ${ALLOWED_METHODS}`);
  if (/^SIP\/2\.0 405 /.test(head) && !/^Allow[ \t]*:/im.test(head)) head += `\r\nAllow: ${ALLOWED_METHODS}`;
  return head + message.slice(headEnd);
}

/** Base class of Dialtone's sip.js transports. */
export abstract class TransportBase implements Transport {
  readonly protocol: string;
  onConnect: (() => void) | undefined;
  onDisconnect: ((error?: Error) => void) | undefined;
  onMessage: ((message: string) => void) | undefined;
  private _state: TransportState = TransportState.Disconnected;
  private readonly _stateChange = new EmitterImpl<TransportState>();
  /** The last network error, kept to explain sip.js's synthetic 503/408 responses. */
  lastError: Error | undefined;
  /** Called with the Call-ID of each answered liveness probe; probe answers never reach sip.js. */
  onProbeAnswer: ((callId: string) => void) | undefined;

  protected constructor(protected readonly options: SipTransportOptions) {
    this.protocol = options.kind.toUpperCase();
  }

  get state(): TransportState {
    return this._state;
  }

  get stateChange(): Emitter<TransportState> {
    return this._stateChange;
  }

  /** The local port in use once connected (0 before). */
  abstract get localPort(): number;

  abstract connect(): Promise<void>;
  abstract disconnect(): Promise<void>;
  abstract send(message: string): Promise<void>;
  /** Sends a liveness probe as is: no Via rewrite, no retransmission. */
  abstract sendProbe(message: string): void;

  isConnected(): boolean {
    return this._state === TransportState.Connected;
  }

  async dispose(): Promise<void> {
    await this.disconnect();
    this._stateChange.removeAllListeners();
  }

  protected setState(next: TransportState, error?: Error): void {
    if (this._state === next) return;
    this._state = next;
    if (error) this.lastError = error;
    // sip.js forbids calling back into connect/disconnect synchronously from these.
    if (next === TransportState.Connected) queueMicrotask(() => this.onConnect?.());
    if (next === TransportState.Disconnected) queueMicrotask(() => this.onDisconnect?.(error));
    this._stateChange.emit(next);
  }

  /** Prepares an outgoing message: our port in the top Via of requests, our real capabilities in Allow. */
  protected outgoing(message: string): string {
    const allowed = advertiseAllowed(message);
    return isResponse(allowed) ? allowed : addViaPort(allowed, this.localPort);
  }

  /** Runs an incoming message through the filters and hands it to sip.js. */
  protected deliver(text: string, from: Endpoint, local: Endpoint): void {
    if (!looksLikeSip(text)) {
      this.options.onDrop('not a SIP message', from);
      return;
    }
    if (!this.options.acceptFrom(from)) {
      this.options.onDrop('from an address that is not the account\'s server', from);
      return;
    }
    this.options.onWire({ direction: 'received', transport: this.options.kind, local, peer: from, text });
    if (isResponse(text)) {
      const callId = headerValue(text, 'call-id');
      if (callId?.startsWith(PROBE_CALL_ID_PREFIX)) {
        this.onProbeAnswer?.(callId);
        return;
      }
    }
    const fixed = this.options.inbound(isResponse(text) ? stripViaPort(text) : text);
    if (fixed === undefined) return;
    try {
      this.onMessage?.(fixed);
    } catch (error) {
      // sip.js throws on some malformed messages; one bad packet must not take the transport down.
      this.options.logger.warn('sip.js rejected an incoming message', { error: error instanceof Error ? error.message : String(error) });
      this.options.onDrop('sip.js could not parse it', from);
    }
  }
}
