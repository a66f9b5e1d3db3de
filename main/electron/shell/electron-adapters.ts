/**
 * Thin adapters from Electron's classes to the narrow interfaces the shell
 * modules take. Only types are imported from `electron` (importing it at run
 * time outside index.ts would try to download the binary in tests): index.ts
 * passes the real constructors and objects in.
 */
import type { BrowserWindow, Dialog, MenuItemConstructorOptions, Notification, SystemPreferences, Tray } from 'electron';
import type { CallLink } from '../../common/links/call-link';
import type { NotificationPlatform } from './call-notifications';
import type { DialConfirmation, LinkSource, WindowControl } from './shell-actions';
import type { TrayPlatform } from './tray';

/** Notifications over Electron's `Notification` class. */
export function notificationPlatform(NotificationClass: typeof Notification, platform: NodeJS.Platform, appIcon?: unknown): NotificationPlatform {
  return {
    isSupported: () => NotificationClass.isSupported(),
    // Electron's notification buttons are macOS-only.
    supportsActions: platform === 'darwin',
    create(spec) {
      const n = new NotificationClass({
        title: spec.title,
        body: spec.body,
        ...(spec.actions ? { actions: spec.actions.map((a) => ({ type: a.type, text: a.text })) } : {}),
        ...(spec.urgency ? { urgency: spec.urgency } : {}),
        ...(spec.timeoutType ? { timeoutType: spec.timeoutType } : {}),
        ...(appIcon ? { icon: appIcon as Electron.NativeImage } : {}),
      });
      return {
        show: () => n.show(),
        close: () => n.close(),
        onClick: (l) => void n.on('click', () => l()),
        onAction: (l) => void n.on('action', (_e, index) => l(index)),
      };
    },
  };
}

/** The tray over Electron's `Tray`, `Menu.buildFromTemplate` and `nativeImage.createFromBitmap`. */
export function trayPlatform(
  TrayClass: typeof Tray,
  buildFromTemplate: (items: MenuItemConstructorOptions[]) => Electron.Menu,
  createFromBitmap: (buffer: Buffer, options: { width: number; height: number }) => Electron.NativeImage,
): TrayPlatform {
  const image = (icon: { bitmap: Uint8Array; size: number }): Electron.NativeImage =>
    createFromBitmap(Buffer.from(icon.bitmap), { width: icon.size, height: icon.size });
  return {
    createTray(icon) {
      const tray = new TrayClass(image(icon));
      return {
        setImage: (i) => tray.setImage(image(i)),
        setToolTip: (t) => tray.setToolTip(t),
        setContextMenu: (m) => tray.setContextMenu(m as Electron.Menu),
        onClick: (l) => void tray.on('click', () => l()),
        destroy: () => tray.destroy(),
      };
    },
    buildMenu: (items) => buildFromTemplate(items.map((i) => ({ ...i }))),
  };
}

/** The part of a BrowserWindow used to show and hide it. */
export type WindowLike = Pick<BrowserWindow, 'isVisible' | 'isMinimized' | 'isFocused' | 'show' | 'hide' | 'restore' | 'focus' | 'isDestroyed'>;

/** Show/hide over the current window (looked up at each call; the window may be recreated). */
export function windowControl(current: () => WindowLike | undefined): WindowControl {
  const show = (): void => {
    const w = current();
    if (!w || w.isDestroyed()) return;
    if (w.isMinimized()) w.restore();
    w.show();
    w.focus();
  };
  return {
    show,
    hide: () => {
      const w = current();
      if (w && !w.isDestroyed()) w.hide();
    },
    toggle: () => {
      const w = current();
      if (!w || w.isDestroyed()) return;
      if (w.isVisible() && !w.isMinimized() && w.isFocused()) w.hide();
      else show();
    },
  };
}

const SOURCES: Readonly<Record<LinkSource, string>> = {
  link: 'A web page or another application asked Dialtone to place this call.',
  'command-line': 'A command (a shortcut or a script) asked Dialtone to place this call.',
  clipboard: 'This is what you copied or selected.',
};

/**
 * The confirm-before-dial prompt as a native dialog: no web page can draw or
 * click it. Cancel is the default button, so a stray Enter dials nobody.
 */
export function dialConfirmation(dialog: Pick<Dialog, 'showMessageBox'>, parent: () => BrowserWindow | undefined) {
  return async (link: CallLink, source: LinkSource): Promise<DialConfirmation> => {
    const ignored = link.dropped.length > 0 ? `\n\nIgnored for your safety: ${link.dropped.join(', ')}.` : '';
    const options: Electron.MessageBoxOptions = {
      type: 'question',
      title: 'Place a call?',
      message: `Call ${link.display}?`,
      detail: `${SOURCES[source]}${ignored}`,
      buttons: ['Call', 'Cancel'],
      defaultId: 1,
      cancelId: 1,
      checkboxLabel: "Don't ask again",
      checkboxChecked: false,
      noLink: true,
    };
    const w = parent();
    const answer = w && !w.isDestroyed() ? await dialog.showMessageBox(w, options) : await dialog.showMessageBox(options);
    if (answer.response !== 0) return 'cancel';
    return answer.checkboxChecked ? 'call-and-stop-asking' : 'call';
  };
}

/**
 * macOS: asks for microphone access once (the system prompt uses
 * NSMicrophoneUsageDescription); returns a message for the user when access is
 * denied, since macOS never asks again. Elsewhere there is nothing to ask.
 */
export async function ensureMicrophoneAccess(
  systemPreferences: Pick<SystemPreferences, 'getMediaAccessStatus' | 'askForMediaAccess'>,
  platform: NodeJS.Platform,
): Promise<string | undefined> {
  if (platform !== 'darwin') return undefined;
  const status = systemPreferences.getMediaAccessStatus('microphone');
  if (status === 'granted') return undefined;
  if (status === 'not-determined' && (await systemPreferences.askForMediaAccess('microphone'))) return undefined;
  return 'Dialtone may not use the microphone, so the other side will not hear you. Allow it in System Settings › Privacy & Security › Microphone, then restart Dialtone.';
}
