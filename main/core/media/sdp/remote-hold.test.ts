import assert from 'node:assert/strict';
import { test } from 'node:test';
import { detectRemoteHold } from './remote-hold';

const sdp = (...lines: string[]): string => `${lines.join('\r\n')}\r\n`;
const head = ['v=0', 'o=- 1 2 IN IP4 203.0.113.10', 's=-', 'c=IN IP4 203.0.113.10', 't=0 0'];

test('hold from a=sendonly, a=inactive (media or session level) and c=0.0.0.0', () => {
  const hold = (...lines: string[]): unknown => {
    const r = detectRemoteHold(sdp(...lines));
    assert.ok(r.ok, r.ok ? '' : r.error.message);
    return r.data;
  };
  assert.deepEqual(hold(...head, 'm=audio 4000 RTP/AVP 0', 'a=sendonly'), { onHold: true, method: 'sendonly' });
  assert.deepEqual(hold(...head, 'a=inactive', 'm=audio 4000 RTP/AVP 0'), { onHold: true, method: 'inactive' });
  assert.deepEqual(hold(...head, 'a=inactive', 'm=audio 4000 RTP/AVP 0', 'a=sendrecv'), { onHold: false, method: undefined });
  assert.deepEqual(hold('v=0', 's=-', 'c=IN IP4 0.0.0.0', 't=0 0', 'm=audio 4000 RTP/AVP 0'), { onHold: true, method: 'connection-zero' });
  assert.deepEqual(hold('v=0', 's=-', 'c=IN IP6 ::', 't=0 0', 'm=audio 4000 RTP/AVP 0'), { onHold: true, method: 'connection-zero' });
  assert.deepEqual(hold(...head, 'm=video 5000 RTP/AVP 96', 'a=sendonly', 'm=audio 4000 RTP/AVP 0'), { onHold: false, method: undefined });
  assert.deepEqual(hold(...head, 'm=audio 0 RTP/AVP 0'), { onHold: true, method: 'inactive' });
});

test('no audio, or not SDP: typed failures', () => {
  const video = detectRemoteHold(sdp(...head, 'm=video 5000 RTP/AVP 96'));
  assert.equal(video.ok ? '' : video.error.kind, 'no-audio');
  const garbage = detectRemoteHold('\u0000\u0001');
  assert.equal(garbage.ok ? '' : garbage.error.kind, 'malformed');
});
