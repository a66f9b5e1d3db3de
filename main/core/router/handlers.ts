/**
 * The handler table: one function per command of the contract, each a thin
 * call into the core facade or the host's lifecycle.
 */
import { parseDialInput } from '../../common/links/call-link';
import { err, ok, type Result } from '../../common/result';
import type { ShellPort } from '../ports/shell';

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
  /** The desktop shell's controls; absent where there is no shell (its commands then answer NOT_AVAILABLE). */
  readonly shell?: ShellPort;
}

const noShell = (): Result<never> => err('NOT_AVAILABLE', 'The desktop shell is not running in this mode.');

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
    'link.open': ({ url }) => {
      const parsed = parseDialInput(url);
      if (!parsed.ok) return err('INVALID_LINK', parsed.error.message);
      const { global: _global, ...link } = parsed.link;
      const view = { ...link, dropped: [...link.dropped] };
      // Without a shell there is no setting to turn the prompt off: always ask.
      if (host.shell?.settings().confirmBeforeDial ?? true) return ok({ link: view, needsConfirmation: true });
      const dialled = core.dial(link.target);
      return dialled.ok ? ok({ link: view, needsConfirmation: false, callId: dialled.data.callId }) : dialled;
    },
    'shell.settings': () => (host.shell ? ok(host.shell.settings()) : noShell()),
    'shell.configure': (changes) => (host.shell ? host.shell.configure(changes) : noShell()),
    'hotkeys.set': ({ action, accelerator }) => (host.shell ? host.shell.setHotkey(action, accelerator) : noShell()),
    'hotkeys.test': ({ action, timeoutMs }) => (host.shell ? host.shell.testHotkey(action, timeoutMs) : noShell()),
    'secrets.keepForSession': ({ enabled }) => (host.shell ? host.shell.keepSecretsForSession(enabled) : noShell()),
    'shell.openDefaultApps': async () => (host.shell ? emptyOk(await host.shell.openDefaultApps()) : noShell()),
  };
}
