/**
 * The preload: exposes exactly `window.dialtone = { invoke, onEvent }` to the
 * sandboxed renderer, and nothing of ipcRenderer itself. Main validates every
 * command and its sender, so this layer only forwards.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { ipcChannels, type DialtoneApi } from '../common/ipc/api';
import type { AppEvent } from '../common/ipc/contract';

const commandName = /^[a-z][a-zA-Z]*(\.[a-z][a-zA-Z]*)*$/;

const api: DialtoneApi = {
  invoke(cmd, args) {
    if (typeof cmd !== 'string' || !commandName.test(cmd)) {
      return Promise.resolve({ ok: false, error: { code: 'UNKNOWN_COMMAND', message: 'Invalid command name.' } });
    }
    return ipcRenderer.invoke(`${ipcChannels.commandPrefix}${cmd}`, args);
  },
  onEvent(listener) {
    const handler = (_event: IpcRendererEvent, appEvent: AppEvent): void => listener(appEvent);
    ipcRenderer.on(ipcChannels.event, handler);
    return () => {
      ipcRenderer.removeListener(ipcChannels.event, handler);
    };
  },
};

contextBridge.exposeInMainWorld('dialtone', api);
