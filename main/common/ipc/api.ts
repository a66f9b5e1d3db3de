/**
 * The client-side API: exactly what the preload exposes as `window.dialtone`,
 * and what the browser-mode WebSocket client and test fakes implement. One
 * interface so the renderer cannot tell which bridge it is on.
 */
import type { Result } from '../result';
import type { AppEvent, CommandArgs, CommandName, CommandResult } from './contract';

/** The two functions a client gets: send a command, listen to events. */
export interface DialtoneApi {
  /** Sends command `cmd`; resolves with its Result, never rejects. */
  invoke<K extends CommandName>(cmd: K, args: CommandArgs<K>): Promise<Result<CommandResult<K>>>;
  /** Calls `listener` for every event, in seq order; returns an unsubscribe function. */
  onEvent(listener: (event: AppEvent) => void): () => void;
}

/** The Electron IPC channel names, shared by preload and main. */
export const ipcChannels = {
  /** Prefix of the per-command `ipcMain.handle` channel: `cmd:<name>`. */
  commandPrefix: 'cmd:',
  /** The channel main pushes events on. */
  event: 'dialtone:event',
} as const;
