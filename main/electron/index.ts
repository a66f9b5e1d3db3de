/**
 * Electron entry: the only file that imports Electron at run time, together
 * with the adapters it passes on. Takes the single-instance lock, registers the
 * `app://` scheme before `ready`, then opens the secure window and attaches the
 * IPC bridge to the runtime that bootstrap() wired.
 */
import { join } from 'node:path';
import { app, BrowserWindow, ipcMain, protocol, session, shell } from 'electron';
import { bootstrap, type Runtime } from './bootstrap';
import { attachIpcBridge, type IpcMainLike } from './bridges/ipc-bridge';
import { loadStaticFile, rendererCsp } from './adapters/static-files';
import { createFunctionUrlOpener } from './adapters/url-openers';
import { APP_SCHEME, APP_URL, isAppUrl, secureWebPreferences } from './shell/security';

protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

const rendererDir = join(__dirname, '..', 'renderer');
const preloadPath = join(__dirname, '..', 'preload', 'index.cjs');

let runtime: Runtime | undefined;
let window: BrowserWindow | undefined;

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({ width: 420, height: 720, minWidth: 360, minHeight: 560, show: false, title: 'Dialtone', webPreferences: secureWebPreferences(preloadPath) });
  win.once('ready-to-show', () => win.show());
  win.webContents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  void win.loadURL(APP_URL);
  return win;
}

async function onReady(): Promise<void> {
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  protocol.handle(APP_SCHEME, async (request) => {
    const file = await loadStaticFile(rendererDir, new URL(request.url).pathname);
    if (!file) return new Response('Not found', { status: 404 });
    return new Response(new Uint8Array(file.body), {
      headers: { 'Content-Type': file.contentType, 'Content-Security-Policy': rendererCsp(), 'X-Content-Type-Options': 'nosniff' },
    });
  });
  runtime = bootstrap({
    app: { name: app.getName(), version: app.getVersion(), mode: 'electron' },
    env: process.env,
    urlOpener: createFunctionUrlOpener((url) => shell.openExternal(url)),
    onQuitRequested: () => app.quit(),
  });
  attachIpcBridge({
    ipcMain: ipcMain as unknown as IpcMainLike,
    router: runtime.router,
    core: runtime.core,
    logger: runtime.logger,
    targets: () => (window && !window.isDestroyed() ? [window.webContents] : []),
  });
  window = createWindow();
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (window) {
      if (window.isMinimized()) window.restore();
      window.focus();
    }
  });
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', (event) => {
    if (!runtime) return;
    const stopping = runtime;
    runtime = undefined;
    event.preventDefault();
    void stopping.shutdown().finally(() => app.quit());
  });
  void app.whenReady().then(onReady);
}
