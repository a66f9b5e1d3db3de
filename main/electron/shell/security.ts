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
