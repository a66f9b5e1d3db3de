/**
 * The handler table: one function per command of the contract, each a thin
 * call into the core facade or the host's lifecycle.
 */
import { parseDialInput } from '../../common/links/call-link';
import { err, ok, type Result } from '../../common/result';
import type { ShellPort } from '../ports/shell';
import type { ControlApiSettings, ControlApiStatus } from '../../common/models/integrations';

/** Maps a void Result to the contract's empty object. */
function emptyOk(result: Result<void>): Result<Record<string, never>> {
  return result.ok ? ok({}) : result;
}
import type { DataServices } from '../data/data-services';
import type { SoftphoneCore } from '../softphone-core';
import { createDataHandlers, unavailableDataHandlers } from './data-handlers';
import type { CommandHandlers } from './router';

/** What the process hosting the core can do when a client asks (quit the app, stop the server). */
export interface HostLifecycle {
  /** Starts an orderly shutdown after the current reply has been sent. */
  requestQuit(): void;
  /** The desktop shell's controls; absent where there is no shell (its commands then answer NOT_AVAILABLE). */
  readonly shell?: ShellPort;
  /** The local control API, where the host can run one (absent: the commands say it is not available). */
  readonly controlApi?: ControlApiHost;
}

/** Starts and stops the local control API; implemented by the host (main/electron). */
export interface ControlApiHost {
  configure(settings: ControlApiSettings, rotateToken: boolean): Promise<Result<ControlApiStatus>>;
  status(): ControlApiStatus;
}

const noControlApi = (): Result<never> => err('INVALID_CONFIG', 'The control API is not available in this mode.');

const noShell = (): Result<never> => err('NOT_AVAILABLE', 'The desktop shell is not running in this mode.');

/**
 * Builds the handlers over a core and the host's lifecycle, and the data
 * services when the runtime has storage (accounts are then also stored).
 */
export function createCommandHandlers(core: SoftphoneCore, host: HostLifecycle, data?: DataServices): CommandHandlers {
  return {
    ...(data ? createDataHandlers(data) : unavailableDataHandlers()),
    snapshot: () => ok(core.snapshot()),
    quit: () => {
      host.requestQuit();
      return ok({});
    },
    'account.save': async ({ account, password }) => {
      const saved = await core.saveAccount(account, password);
      if (!saved.ok || !data) return saved;
      const stored = await data.accounts.save(account);
      return stored.ok ? saved : { ok: false, error: { code: stored.error.code, message: `The account works now but will be gone after a restart: ${stored.error.message}` } };
    },
    'account.remove': async ({ accountId }) => {
      const removed = await core.removeAccount(accountId);
      if (removed.ok && data) {
        const forgotten = await data.accounts.remove(accountId);
        if (!forgotten.ok) return forgotten;
      }
      return emptyOk(removed);
    },
    'account.register': async ({ accountId }) => emptyOk(await core.register(accountId)),
    'account.unregister': async ({ accountId }) => emptyOk(await core.unregister(accountId)),
    'sip.trace': ({ afterId, limit }) => ok({ entries: core.trace(afterId, limit) }),
    'sip.exportTrace': () => ok({ text: core.traceText() }),
    'sip.exportPcap': () => ok({ base64: Buffer.from(core.tracePcap()).toString('base64') }),
    'call.dial': ({ target, accountId }) => core.dial(target, accountId),
    'call.answer': async ({ callId }) => emptyOk(await core.answer(callId)),
    'call.hangup': async ({ callId }) => emptyOk(await core.hangup(callId)),
    'call.hold': async ({ callId }) => emptyOk(await core.hold(callId, true)),
    'call.resume': async ({ callId }) => emptyOk(await core.hold(callId, false)),
    'call.dtmf': async ({ callId, digits }) => emptyOk(await core.dtmf(callId, digits)),
    'call.mute': async ({ callId, muted }) => emptyOk(core.mute(callId, muted)),
    'audio.setVolume': (volume) => emptyOk(core.setVolume(volume)),
    'audio.meter': ({ enabled }) => emptyOk(core.meter(enabled)),
    'audio.testTone': ({ device }) => emptyOk(core.playTestTone(device)),
    'audio.processing': () => ok(core.audioTools.processing()),
    'audio.configureProcessing': (patch) => ok(core.audioTools.configureProcessing(patch)),
    'audio.echoTest': ({ seconds }) => core.audioTools.echoTest(seconds),
    'call.swap': async ({ callId }) => emptyOk(await core.swap(callId)),
    'call.merge': async ({ callIds }) => emptyOk(await core.merge(callIds[0], callIds[1])),
    'call.split': async ({ callId }) => emptyOk(await core.split(callId)),
    'calls.settings': () => ok(core.callSettings()),
    'calls.configure': (patch) => core.configureCalls(patch),
    'call.transfer': async ({ callId, target, replacesCallId }) => emptyOk(await core.transfer(callId, target !== undefined ? { target } : { replacesCallId: replacesCallId ?? '' })),
    'call.silence': async ({ callId }) => emptyOk(core.silence(callId)),
    'call.reject': async ({ callId, reason }) => emptyOk(await core.reject(callId, reason)),
    'devices.list': () => core.listDevices(),
    'devices.select': async (selection) => emptyOk(await core.selectDevices(selection)),
    'link.open': async ({ url }) => {
      const parsed = parseDialInput(url);
      if (!parsed.ok) return err('INVALID_LINK', parsed.error.message);
      const { global: _global, ...link } = parsed.link;
      const view = { ...link, dropped: [...link.dropped] };
      // Without a shell there is no setting to turn the prompt off: always ask.
      if (host.shell?.settings().confirmBeforeDial ?? true) return ok({ link: view, needsConfirmation: true });
      const dialled = await core.dial(link.target);
      return dialled.ok ? ok({ link: view, needsConfirmation: false, callId: dialled.data.callId }) : dialled;
    },
    'shell.settings': () => (host.shell ? ok(host.shell.settings()) : noShell()),
    'shell.configure': (changes) => (host.shell ? host.shell.configure(changes) : noShell()),
    'hotkeys.set': ({ action, accelerator }) => (host.shell ? host.shell.setHotkey(action, accelerator) : noShell()),
    'hotkeys.test': ({ action, timeoutMs }) => (host.shell ? host.shell.testHotkey(action, timeoutMs) : noShell()),
    'secrets.keepForSession': ({ enabled }) => (host.shell ? host.shell.keepSecretsForSession(enabled) : noShell()),
    'shell.openDefaultApps': async () => (host.shell ? emptyOk(await host.shell.openDefaultApps()) : noShell()),
    'diagnostics.run': ({ accountId }) => core.runDiagnostics(accountId),
    'hooks.configure': ({ hooks }) => ok(core.configureHooks(hooks)),
    'hooks.get': () => ok(core.hooks()),
    'hooks.test': ({ hookId }) => core.testHook(hookId),
    'controlApi.configure': ({ settings, rotateToken }) => (host.controlApi ? host.controlApi.configure(settings, rotateToken) : noControlApi()),
    'controlApi.status': () => (host.controlApi ? ok(host.controlApi.status()) : noControlApi()),
  };
}
