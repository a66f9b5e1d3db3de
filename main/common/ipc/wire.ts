/**
 * The framing used by the stream bridges (browser WebSocket and headless
 * stdio): one JSON object per message.
 *
 * In: `{"id":1,"cmd":"call.dial","args":{...}}`.
 * Out: `{"id":1,"ok":true,"data":...}`, `{"id":1,"ok":false,"error":{...}}`,
 * or `{"event":"call.updated","seq":7,"data":{...}}`.
 */
import { z } from 'zod';
import type { Result } from '../result';
import type { AppEvent } from './contract';

/** A request frame. `args` may be omitted for commands that take none. */
export const RequestFrameSchema = z.strictObject({
  id: z.union([z.number().int(), z.string().max(128)]),
  cmd: z.string().max(128),
  args: z.unknown().optional(),
});
/** A parsed request frame. */
export type RequestFrame = z.infer<typeof RequestFrameSchema>;

/** The id a reply carries: the request's, or null when the request had none we could read. */
export type FrameId = RequestFrame['id'] | null;

/** A reply frame: the request id plus the Result, flattened. */
export type ReplyFrame = { readonly id: FrameId } & Result<unknown>;

/** Builds the reply frame for `id`. */
export function replyFrame(id: FrameId, result: Result<unknown>): ReplyFrame {
  return { id, ...result };
}

/** An event frame is the event itself. */
export type EventFrame = AppEvent;
