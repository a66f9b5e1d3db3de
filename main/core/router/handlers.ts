/**
 * The handler table: one function per command of the contract, each a thin
 * call into the core facade or the host's lifecycle.
 */
import { ok, type Result } from '../../common/result';

/** Maps a void Result to the contract's empty object. */
function emptyOk(result: Result<void>): Result<Record<string, never>> {
  return result.ok ? ok({}) : result;
}
import type { SoftphoneCore } from '../softphone-core';
import type { CommandHandlers } from './router';

/** What the process hosting the core can do when a client asks (quit the app, stop the server). */
export interface HostLifecycle {
  /** Starts an orderly shutdown after the current reply has been sent. */
  requestQuit(): void;
}

/** Builds the handlers over a core and the host's lifecycle. */
export function createCommandHandlers(core: SoftphoneCore, host: HostLifecycle): CommandHandlers {
  return {
    snapshot: () => ok(core.snapshot()),
    quit: () => {
      host.requestQuit();
      return ok({});
    },
    'account.save': ({ account, password }) => core.saveAccount(account, password),
    'account.remove': async ({ accountId }) => emptyOk(await core.removeAccount(accountId)),
    'account.register': async ({ accountId }) => emptyOk(await core.register(accountId)),
    'account.unregister': async ({ accountId }) => emptyOk(await core.unregister(accountId)),
    'sip.trace': ({ afterId, limit }) => ok({ entries: core.trace(afterId, limit) }),
    'sip.exportTrace': () => ok({ text: core.traceText() }),
    'call.dial': ({ target, accountId }) => core.dial(target, accountId),
    'call.answer': async ({ callId }) => emptyOk(await core.answer(callId)),
    'call.hangup': async ({ callId }) => emptyOk(await core.hangup(callId)),
    'call.hold': async ({ callId }) => emptyOk(await core.hold(callId, true)),
    'call.resume': async ({ callId }) => emptyOk(await core.hold(callId, false)),
    'call.dtmf': async ({ callId, digits }) => emptyOk(await core.dtmf(callId, digits)),
    'call.mute': async ({ callId, muted }) => emptyOk(core.mute(callId, muted)),
    'call.swap': async ({ callId }) => emptyOk(await core.swap(callId)),
    'calls.settings': () => ok(core.callSettings()),
    'calls.configure': (patch) => core.configureCalls(patch),
    'call.transfer': async ({ callId, target, replacesCallId }) => emptyOk(await core.transfer(callId, target !== undefined ? { target } : { replacesCallId: replacesCallId ?? '' })),
    'call.reject': async ({ callId, reason }) => emptyOk(await core.reject(callId, reason)),
    'devices.list': () => core.listDevices(),
    'devices.select': async (selection) => emptyOk(await core.selectDevices(selection)),
  };
}
