/**
 * Hold detection straight from an SDP body, for callers that only need to
 * know whether the peer holds us (call state, UI) without negotiating.
 */
import { detectHold, type HoldState } from './media-direction';
import { parseRemoteDescription } from './remote-description';
import { guardSdp, sdpFail, sdpOk, type SdpResult } from './sdp-result';

/**
 * Whether the peer's SDP holds its first active audio stream: `a=sendonly`
 * or `a=inactive` (media level, else session level), or RFC 2543's
 * `c=0.0.0.0` (`::` for IPv6). An audio stream with port 0 is reported as
 * held by `inactive`. Fails with `no-audio` when there is no audio m-line.
 */
export function detectRemoteHold(sdp: string): SdpResult<HoldState> {
  return guardSdp('Reading hold state from SDP', () => {
    const parsed = parseRemoteDescription(sdp);
    if (!parsed.ok) return parsed;
    const audio = parsed.data.media.filter((m) => m.type === 'audio');
    const active = audio.find((m) => m.port !== 0);
    if (active) return sdpOk(detectHold(active.direction, active.connection?.address ?? ''));
    if (audio.length > 0) return sdpOk({ onHold: true, method: 'inactive' });
    return sdpFail('no-audio', 'The SDP has no audio stream.');
  });
}
