/**
 * The browser-mode client: implements the same {@link DialtoneApi} as the
 * Electron preload, over the WebSocket of the loopback server. The session
 * token comes from the page URL's fragment.
 */
import type { DialtoneApi } from '../../../main/common/ipc/api';
import type { AppEvent } from '../../../main/common/ipc/contract';
import { err, type Result } from '../../../main/common/result';

/** Connection state changes, for the UI's "disconnected" banner. */
export type ConnectionListener = (connected: boolean) => void;

/** Opens the WebSocket to the server that served this page. */
export function createWsClient(location: Location, onConnection: ConnectionListener): DialtoneApi {
  const token = new URLSearchParams(location.hash.replace(/^#/, '')).get('token') ?? '';
  const socket = new WebSocket(`ws://${location.host}/ws?token=${encodeURIComponent(token)}`);
  const pending = new Map<number, (result: Result<unknown>) => void>();
  const listeners = new Set<(event: AppEvent) => void>();
  const queue: string[] = [];
  let nextId = 1;

  socket.addEventListener('open', () => {
    onConnection(true);
    for (const text of queue.splice(0)) socket.send(text);
  });
  socket.addEventListener('close', () => {
    onConnection(false);
    for (const resolve of pending.values()) resolve(err('INTERNAL', 'The connection to Dialtone was lost.'));
    pending.clear();
  });
  socket.addEventListener('message', (message: MessageEvent<string>) => {
    const frame = JSON.parse(message.data) as { id?: number } & Record<string, unknown>;
    if (typeof frame['event'] === 'string') {
      for (const listener of listeners) listener(frame as unknown as AppEvent);
      return;
    }
    if (typeof frame.id === 'number') {
      const resolve = pending.get(frame.id);
      pending.delete(frame.id);
      const { id: _id, ...result } = frame;
      resolve?.(result as unknown as Result<unknown>);
    }
  });

  return {
    invoke(cmd, args) {
      if (socket.readyState === WebSocket.CLOSED || socket.readyState === WebSocket.CLOSING) {
        return Promise.resolve(err('INTERNAL', 'Not connected to Dialtone.'));
      }
      const id = nextId++;
      const text = JSON.stringify({ id, cmd, args });
      return new Promise((resolve) => {
        pending.set(id, resolve as (result: Result<unknown>) => void);
        if (socket.readyState === WebSocket.OPEN) socket.send(text);
        else queue.push(text);
      });
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}
