/**
 * Small steps over a CoreDriver for call tests: dial, wait for a state, find
 * the incoming call, and read the SIP trace.
 */
import assert from 'node:assert/strict';
import type { AppEvent, EventData } from '../../main/common/ipc/contract';
import type { CoreDriver } from './core-driver';

/** Dials `target` through the router and returns the call id. */
export async function dial(core: CoreDriver, target: string): Promise<string> {
  const dialed = await core.runtime.router.dispatch('call.dial', { target });
  assert.ok(dialed.ok, JSON.stringify(dialed));
  return (dialed.data as { callId: string }).callId;
}

/** Runs a call command and asserts it succeeded. */
export async function command(core: CoreDriver, name: 'call.answer' | 'call.hangup' | 'call.hold' | 'call.resume' | 'call.swap', callId: string): Promise<void> {
  const r = await core.runtime.router.dispatch(name, { callId });
  assert.deepEqual(r, { ok: true, data: {} }, `${name}: ${JSON.stringify(r)}`);
}

/** Waits until call `callId` is in `state` (looking from `since`). */
export function callState(core: CoreDriver, callId: string, state: string, timeoutMs = 10000, since = 0): Promise<AppEvent> {
  return core.waitFor((e) => e.event === 'call.updated' && e.data.callId === callId && e.data.state === state, timeoutMs, since).catch((error: Error) => {
    const seen = core.events.filter((e) => (e.event === 'call.updated' || e.event === 'call.ended') && e.data.callId === callId).map((e) => JSON.stringify(e.data));
    throw new Error(`call ${callId} never reached "${state}": ${error.message}\nits events: ${seen.join(' | ')}\nwire: ${wire(core).join(' | ')}`);
  });
}

/** Waits for a new incoming ringing call and returns its id. */
export async function incoming(core: CoreDriver, since: number, timeoutMs = 10000): Promise<string> {
  const e = await core.waitFor((ev) => ev.event === 'call.updated' && ev.data.direction === 'incoming' && ev.data.state === 'ringing', timeoutMs, since);
  assert.ok(e.event === 'call.updated');
  return e.data.callId;
}

/** Waits for `call.ended` of `callId` and returns its data. */
export async function ended(core: CoreDriver, callId: string, timeoutMs = 10000): Promise<EventData<'call.ended'>> {
  const e = await core.waitFor((ev) => ev.event === 'call.ended' && ev.data.callId === callId, timeoutMs);
  assert.ok(e.event === 'call.ended');
  return e.data;
}

/** The current state of a call in the snapshot (undefined once it ended). */
export function stateOf(core: CoreDriver, callId: string): string | undefined {
  return core.runtime.core.snapshot().calls.find((c) => c.callId === callId)?.state;
}

/** Summaries of the trace (`sent INVITE sip:…`, `received SIP/2.0 200 OK`), oldest first. */
export function wire(core: CoreDriver): string[] {
  return core.runtime.core.trace(0, 5000).map((e) => `${e.direction} ${e.summary}`);
}

/** The full text of the trace entries matching `pred`. */
export function wireTexts(core: CoreDriver, pred: (direction: string, summary: string) => boolean): string[] {
  return core.runtime.core.trace(0, 5000).filter((e) => pred(e.direction, e.summary)).map((e) => e.text);
}
