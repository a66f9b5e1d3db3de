/**
 * The security settings of the Electron window, as plain data and pure checks
 * so they are unit-tested without the Electron binary. Follows Electron's
 * security checklist: sandboxed, isolated renderer; UI only from `app://`;
 * no navigation, no new windows, no permissions.
 */
import type { WebPreferences } from 'electron';

/** The privileged scheme that serves the renderer. */
export const APP_SCHEME = 'app';
/** The origin of the UI. */
export const APP_ORIGIN = `${APP_SCHEME}://dialtone`;
/** The URL the window loads. */
export const APP_URL = `${APP_ORIGIN}/index.html`;

/** webPreferences for the main window; `preload` is the built preload path. */
export function secureWebPreferences(preload: string): WebPreferences {
  return {
    preload,
    sandbox: true,
    contextIsolation: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    spellcheck: false,
    navigateOnDragDrop: false,
  };
}

/**
 * True when `url` belongs to our own UI origin. Compares scheme and host rather
 * than `URL.origin`, which WHATWG (and so Node) reports as "null" for custom schemes.
 */
export function isAppUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === `${APP_SCHEME}:` && u.host === 'dialtone' && u.username === '' && u.password === '';
  } catch {
    return false;
  }
}

/** The minimal shape of an IPC sender that {@link isTrustedSender} inspects. */
export interface SenderLike {
  readonly senderFrame: { readonly url: string; readonly parent: unknown } | null;
}

/** Only the main frame of our own UI may send commands; never a subframe or another origin. */
export function isTrustedSender(event: SenderLike): boolean {
  const frame = event.senderFrame;
  return frame !== null && frame.parent === null && isAppUrl(frame.url);
}

/** The part of an Electron Session that {@link hardenSession} sets. */
export interface SessionLike {
  setPermissionRequestHandler(handler: (webContents: unknown, permission: string, callback: (granted: boolean) => void) => void): void;
  setPermissionCheckHandler(handler: (webContents: unknown, permission: string) => boolean): void;
}

/**
 * Denies every permission request and check: the renderer never needs the
 * microphone, camera, notifications or anything else (audio runs in main).
 */
export function hardenSession(session: SessionLike): void {
  session.setPermissionRequestHandler((_webContents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}

/** The part of Electron's WebContents that {@link hardenWebContents} sets. */
export interface WebContentsLike {
  on(event: 'will-navigate' | 'will-redirect', listener: (event: { preventDefault(): void }, url: string) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: { preventDefault(): void }) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

/** No navigation or redirect away from our own UI, no new windows, no webviews. */
export function hardenWebContents(contents: WebContentsLike): void {
  const stayHome = (event: { preventDefault(): void }, url: string): void => {
    if (!isAppUrl(url)) event.preventDefault();
  };
  contents.on('will-navigate', stayHome);
  contents.on('will-redirect', stayHome);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}
