/**
 * Handles one raw text frame from a stream bridge (browser WebSocket or
 * headless stdio): parse, validate the frame, dispatch, and build the reply.
 * Both bridges share it so they cannot drift apart.
 */
import { RequestFrameSchema, replyFrame, type ReplyFrame } from '../../common/ipc/wire';
import { err } from '../../common/result';
import { describeIssues } from '../../common/validation';
import type { Router } from '../../core/router/router';

/** The largest frame accepted, in characters. */
export const MAX_FRAME_CHARS = 1024 * 1024;

/** Turns one incoming text frame into its reply; never throws. */
export async function handleTextFrame(router: Router, text: string): Promise<ReplyFrame> {
  if (text.length > MAX_FRAME_CHARS) {
    return replyFrame(null, err('BAD_REQUEST', `Request too large (${text.length} characters; the limit is ${MAX_FRAME_CHARS}).`));
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return replyFrame(null, err('BAD_REQUEST', 'Request is not valid JSON. Send one JSON object per line, e.g. {"id":1,"cmd":"snapshot"}.'));
  }
  const frame = RequestFrameSchema.safeParse(json);
  if (!frame.success) {
    const id = typeof json === 'object' && json !== null && 'id' in json ? (json as { id: unknown }).id : null;
    const safeId = typeof id === 'number' || typeof id === 'string' ? id : null;
    return replyFrame(safeId, err('BAD_REQUEST', `Malformed request: ${describeIssues(frame.error)}.`));
  }
  return replyFrame(frame.data.id, await router.dispatch(frame.data.cmd, frame.data.args));
}
