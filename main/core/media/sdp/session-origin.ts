/**
 * The `o=` line of our SDP across a dialog: one session id, and a version that
 * goes up by exactly one whenever our SDP changes and stays when it does not
 * (RFC 3264 §8: a new offer such as hold, resume or a new address bumps it; a
 * session-refresh re-INVITE with identical SDP keeps it, which peers treat as
 * a no-op). This applies to answers too, since they are our SDP as well.
 */
import { sdpFail, type SdpResult } from './sdp-result';
import type { LocalOrigin } from './sdp-writer';

/** Tracks the version of the SDP we send in one dialog. */
export class SessionOrigin {
  readonly sessionId: string;
  #version: number;
  #lastSdp: string | undefined;

  /**
   * @param sessionId digits, chosen by the caller (e.g. from the random port)
   *   and kept for the dialog.
   * @param initialVersion the version of the first SDP (default 0).
   */
  constructor(sessionId: string, initialVersion = 0) {
    this.sessionId = sessionId;
    this.#version = initialVersion;
  }

  /** The version of the last SDP issued, or the initial one before any. */
  get version(): number {
    return this.#version;
  }

  /**
   * Renders our next SDP with the right version. `render` is called with the
   * current version first; if its SDP equals the last one we issued, that is
   * the result. Otherwise it is called again with the version plus one, and
   * that becomes current. A failed render changes nothing.
   */
  issue<T extends { readonly sdp: string }>(render: (origin: LocalOrigin) => SdpResult<T>): SdpResult<T> {
    if (this.#lastSdp === undefined) return this.#commit(render({ sessionId: this.sessionId, sessionVersion: this.#version }), this.#version);
    const same = render({ sessionId: this.sessionId, sessionVersion: this.#version });
    if (!same.ok || same.data.sdp === this.#lastSdp) return same;
    const next = this.#version + 1;
    if (!Number.isSafeInteger(next)) return sdpFail('internal', 'The SDP session version overflowed.');
    return this.#commit(render({ sessionId: this.sessionId, sessionVersion: next }), next);
  }

  #commit<T extends { readonly sdp: string }>(result: SdpResult<T>, version: number): SdpResult<T> {
    if (result.ok) {
      this.#version = version;
      this.#lastSdp = result.data.sdp;
    }
    return result;
  }
}
