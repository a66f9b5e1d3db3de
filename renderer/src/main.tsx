/**
 * Renderer entry. Uses the preload's `window.dialtone` in Electron, or the
 * browser-mode WebSocket client when served by the loopback server.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import type { DialtoneApi } from '../../main/common/ipc/api';
import { App } from './App';
import { createWsClient } from './bridge/ws-client';
import { applyToDocument } from './preferences';
import { createStore } from './store/store';
import './styles.css';

declare global {
  interface Window {
    readonly dialtone?: DialtoneApi;
  }
}

applyToDocument();
const store = createStore();
let api: DialtoneApi;
if (window.dialtone) {
  api = window.dialtone;
  store.setConnected(true);
} else {
  api = createWsClient(window.location, (connected) => store.setConnected(connected));
}
void store.start(api);

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App store={store} />
    </StrictMode>,
  );
}
