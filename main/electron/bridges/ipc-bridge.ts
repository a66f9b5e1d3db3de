/**
 * Electron IPC bridge: one `ipcMain.handle` channel per command of the
 * contract (`cmd:<name>`), each checking the sender frame before the router
 * parses the payload; events are pushed to the windows on one channel.
 * Takes Electron objects as narrow interfaces so it is tested with fakes.
 */
import { ipcChannels } from '../../common/ipc/api';
import { commandSchemas, type AppEvent, type CommandName } from '../../common/ipc/contract';
import { err, type Result } from '../../common/result';
import type { Logger } from '../../core/ports/logger';
import type { Router } from '../../core/router/router';
import type { SoftphoneCore } from '../../core/softphone-core';
import { isTrustedSender, type SenderLike } from '../shell/security';

/** The part of `ipcMain` used here. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: SenderLike, args: unknown) => Promise<Result<unknown>>): void;
  removeHandler(channel: string): void;
}

/** The part of a `WebContents` used to push events. */
export interface EventTarget {
  isDestroyed(): boolean;
  send(channel: string, event: AppEvent): void;
}

/** Options for {@link attachIpcBridge}. */
export interface IpcBridgeOptions {
  readonly ipcMain: IpcMainLike;
  readonly router: Router;
  readonly core: Pick<SoftphoneCore, 'subscribe'>;
  readonly logger: Logger;
  /** The windows that receive events (looked up at each event). */
  readonly targets: () => readonly EventTarget[];
}

/** Registers every command handler and the event push; returns the detach function. */
export function attachIpcBridge(options: IpcBridgeOptions): () => void {
  const log = options.logger.child('ipc');
  const names = Object.keys(commandSchemas) as CommandName[];
  for (const name of names) {
    options.ipcMain.handle(`${ipcChannels.commandPrefix}${name}`, async (event, args) => {
      if (!isTrustedSender(event)) {
        log.warn('refused a command from an untrusted frame', { cmd: name, url: event.senderFrame?.url ?? '(none)' });
        return err('FORBIDDEN_SENDER', 'Commands are accepted only from the Dialtone window.');
      }
      return options.router.dispatch(name, args);
    });
  }
  const unsubscribe = options.core.subscribe((event) => {
    for (const target of options.targets()) if (!target.isDestroyed()) target.send(ipcChannels.event, event);
  });
  return () => {
    unsubscribe();
    for (const name of names) options.ipcMain.removeHandler(`${ipcChannels.commandPrefix}${name}`);
  };
}
