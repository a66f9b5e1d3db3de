/**
 * Electron entry: the only file that imports Electron at run time. Before
 * `ready` it registers the `app://` scheme, takes the single-instance lock and
 * listens for macOS `open-url` (launch links arrive early), and reads the
 * command line. After `ready` it locks down the session (every permission
 * denied, the UI served from `app://` with a CSP), hands Electron's objects to
 * bootstrap() (the composition root, which wires the core and the desktop
 * shell), and opens the secure window. Closing the window keeps Dialtone in
 * the tray, so calls still ring; Quit is in the tray menu.
 */
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { app, BrowserWindow, clipboard, dialog, globalShortcut, ipcMain, Menu, nativeImage, Notification, protocol, session, shell, systemPreferences, Tray } from 'electron';
import { bootstrap, type Runtime } from './bootstrap';
import { attachIpcBridge, type IpcMainLike } from './bridges/ipc-bridge';
import { loadStaticFile, rendererCsp } from './adapters/static-files';
import type { DesktopApis } from './desktop-bootstrap';
import { dialConfirmation, ensureMicrophoneAccess, notificationPlatform, trayPlatform, windowControl } from './shell/electron-adapters';
import { APP_SCHEME, APP_URL, hardenSession, hardenWebContents, secureWebPreferences } from './shell/security';
import { startSingleInstance } from './shell/single-instance';
import type { UpdaterLike } from './shell/update-check';
import { createFunctionUrlOpener } from './adapters/url-openers';

protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

const rendererDir = join(__dirname, '..', 'renderer');
const preloadPath = join(__dirname, '..', 'preload', 'index.cjs');

let runtime: Runtime | undefined;
let window: BrowserWindow | undefined;
let quitting = false;

const instance = startSingleInstance(
  {
    requestSingleInstanceLock: (data) => app.requestSingleInstanceLock(data),
    onSecondInstance: (listener) => void app.on('second-instance', (_event, argv, _cwd, data) => listener(argv, data)),
    onOpenUrl: (listener) =>
      void app.on('open-url', (event, url) => {
        event.preventDefault();
        listener(url);
      }),
    quit: () => app.quit(),
  },
  process.argv,
);

function createWindow(startHidden: boolean): BrowserWindow {
  const win = new BrowserWindow({ width: 420, height: 720, minWidth: 360, minHeight: 560, show: false, title: 'Dialtone', webPreferences: secureWebPreferences(preloadPath) });
  win.once('ready-to-show', () => {
    if (!startHidden) win.show();
  });
  hardenWebContents(win.webContents);
  win.on('close', (event) => {
    // Keep running in the tray so incoming calls still ring.
    if (!quitting && runtime?.desktop) {
      event.preventDefault();
      win.hide();
    }
  });
  void win.loadURL(APP_URL);
  return win;
}

function desktopApis(): DesktopApis {
  const current = (): BrowserWindow | undefined => (window && !window.isDestroyed() ? window : undefined);
  return {
    platform: process.platform,
    env: process.env,
    home: homedir(),
    packaged: app.isPackaged,
    defaultApp: process.defaultApp === true,
    execPath: process.execPath,
    appPath: process.argv[1] ? resolve(process.argv[1]) : app.getAppPath(),
    app,
    globalShortcut,
    clipboard,
    notifications: notificationPlatform(Notification, process.platform),
    tray: trayPlatform(Tray, (items) => Menu.buildFromTemplate(items), (buffer, size) => nativeImage.createFromBitmap(buffer, size)),
    window: windowControl(current),
    confirmDial: dialConfirmation(dialog, current),
    openExternal: (url) => shell.openExternal(url),
    run: (file, args) =>
      new Promise<void>((done, fail) => {
        execFile(file, [...args], { timeout: 10_000 }, (error) => (error ? fail(error) : done()));
      }),
    microphone: () => ensureMicrophoneAccess(systemPreferences, process.platform),
    loadUpdater: () => (createRequire(__filename)('electron-updater') as { autoUpdater: UpdaterLike }).autoUpdater,
  };
}

async function onReady(): Promise<void> {
  if (!instance.primary) return;
  hardenSession(session.defaultSession);
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
    dataDir: app.getPath('userData'),
    media: { kind: 'devices' },
    onQuitRequested: () => app.quit(),
    desktop: desktopApis(),
    urlOpener: createFunctionUrlOpener((url) => shell.openExternal(url)),
  });
  attachIpcBridge({
    ipcMain: ipcMain as unknown as IpcMainLike,
    router: runtime.router,
    core: runtime.core,
    logger: runtime.logger,
    targets: () => (window && !window.isDestroyed() ? [window.webContents] : []),
  });
  for (const problem of instance.switches.problems) runtime.logger.warn('command line', { problem });
  // The stored settings (start minimized, hotkeys) are read before the window and the shell exist.
  const started = runtime;
  await started.shellReady;
  window = createWindow(instance.switches.minimized || started.shellSettings.get().startMinimized);
  const desktop = started.desktop;
  if (desktop) instance.queue.attach((command) => desktop.handle(command));
}

if (instance.primary) {
  app.on('activate', () => window?.show());
  app.on('before-quit', () => {
    quitting = true;
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
