/**
 * The desktop half of the composition root: bootstrap() calls it when the
 * Electron entry passes the Electron objects (as narrow interfaces), and it
 * wires the shell: global hotkeys, tray, notifications, the confirm-before-
 * dial prompt, start at login, call-link registration, the AppImage desktop
 * entry, the macOS microphone prompt and the update check. Browser and
 * headless modes never reach this file.
 */
import type { ShellPreferences } from '../common/models/shell';
import type { Logger } from '../core/ports/logger';
import type { Router } from '../core/router/router';
import type { SoftphoneCore } from '../core/softphone-core';
import type { ShellCommand } from './cli/shell-switches';
import { createCallNotifications, type NotificationPlatform } from './shell/call-notifications';
import { createHotkeyManager, type GlobalShortcutLike, type HotkeyManager } from './shell/hotkeys';
import { installAppImageEntry, type RunProgram } from './shell/linux-desktop';
import { createLoginItem, type LoginItem, type LoginItemApp } from './shell/login-item';
import { openDefaultApps, refreshWindowsCapabilities, registerCallLinkHandlers, type ProtocolApp } from './shell/protocols';
import { createShellActions, type ClipboardLike, type ShellActions, type ShellFeedback, type WindowControl } from './shell/shell-actions';
import { isWaylandSession, type ShellControllerDeps } from './shell/shell-controller';
import type { ShellSettingsStore } from './shell/shell-settings';
import { createTrayController, type TrayPlatform } from './shell/tray';
import { checkForUpdates, type UpdaterLike } from './shell/update-check';

/** What the Electron entry hands to bootstrap: Electron's objects behind narrow interfaces, and facts about the process. */
export interface DesktopApis {
  readonly platform: NodeJS.Platform;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly home: string;
  /** `app.isPackaged`. */
  readonly packaged: boolean;
  /** `process.defaultApp`, `process.execPath` and the app path, for link registration in development. */
  readonly defaultApp: boolean;
  readonly execPath: string;
  readonly appPath: string;
  readonly app: LoginItemApp & ProtocolApp & { quit(): void };
  readonly globalShortcut: GlobalShortcutLike;
  readonly clipboard: ClipboardLike;
  readonly notifications: NotificationPlatform;
  /** Absent where the desktop has no tray. */
  readonly tray?: TrayPlatform;
  readonly window: WindowControl;
  readonly confirmDial: ShellFeedback['confirmDial'];
  readonly openExternal: (url: string) => Promise<void>;
  /** Runs a helper program without a shell (update-desktop-database). */
  readonly run: RunProgram;
  /** macOS microphone prompt; resolves to a message when access is refused. */
  readonly microphone: () => Promise<string | undefined>;
  /** Loads electron-updater's autoUpdater (throws when it is not installed). */
  readonly loadUpdater: () => UpdaterLike;
}

/** The OS-facing controls the ShellPort needs, made before the router exists. */
export interface DesktopControls {
  readonly hotkeys: HotkeyManager;
  readonly loginItem: LoginItem;
  readonly controllerDeps: Omit<ShellControllerDeps, 'settings' | 'secrets'>;
}

/** Creates hotkeys (firing `run` later, once the actions exist) and the login item. */
export function createDesktopControls(apis: DesktopApis, run: (action: Parameters<ShellActions['run']>[0]) => void): DesktopControls {
  const hotkeys = createHotkeyManager(apis.globalShortcut, run);
  const executable = apis.env['APPIMAGE'] || apis.execPath;
  const loginItem = createLoginItem({ platform: apis.platform, app: apis.app, env: apis.env, home: apis.home, executable, packaged: apis.packaged });
  return {
    hotkeys,
    loginItem,
    controllerDeps: {
      hotkeys,
      hotkeysReliable: !(apis.platform === 'linux' && isWaylandSession(apis.env)),
      loginItem,
      ...(apis.platform === 'win32' ? { openDefaultApps: () => openDefaultApps({ openExternal: apis.openExternal }, apis.platform) } : {}),
    },
  };
}

/** The running desktop shell. */
export interface DesktopShell {
  readonly actions: ShellActions;
  /** Carries out one command from the command line, a second instance or an opened link. */
  handle(command: ShellCommand): void;
  /** Releases hotkeys, removes the tray and notifications (on quit). */
  dispose(): void;
}

/** What {@link startDesktopShell} wires together. */
export interface DesktopShellDeps {
  readonly core: SoftphoneCore;
  readonly router: Router;
  readonly logger: Logger;
  readonly settings: ShellSettingsStore;
  readonly controls: DesktopControls;
}

/** Starts the shell: notifications, actions, tray, hotkeys, link registration and the one-off checks. */
export function startDesktopShell(apis: DesktopApis, deps: DesktopShellDeps): DesktopShell {
  const log = deps.logger.child('desktop');
  const notifications = createCallNotifications(apis.notifications, deps.core, {
    answer: (id) => deps.core.answer(id),
    hangup: (id) => deps.core.hangup(id),
    showWindow: () => apis.window.show(),
  });
  const set = (patch: Partial<ShellPreferences>): void => void deps.settings.update(patch);
  const actions = createShellActions({
    core: deps.core,
    router: deps.router,
    window: apis.window,
    clipboard: apis.clipboard,
    feedback: { notify: notifications.notify, confirmDial: apis.confirmDial },
    logger: deps.logger,
    confirmation: { enabled: () => deps.settings.get().confirmBeforeDial, disable: () => set({ confirmBeforeDial: false }) },
  });
  const tray = apis.tray
    ? createTrayController(apis.tray, deps.core, {
        run: (a) => void actions.run(a),
        quit: () => apis.app.quit(),
        startAtLogin: () => deps.settings.get().startAtLogin,
        setStartAtLogin: (enabled) =>
          void deps.controls.loginItem.set(enabled, deps.settings.get().startMinimized).then((r) => {
            if (r.ok) set({ startAtLogin: enabled });
            else notifications.notify('Start at login', r.error.message);
          }),
      })
    : undefined;

  for (const failed of deps.controls.hotkeys.registerAll(deps.settings.get().hotkeys)) {
    log.warn('hotkey not registered', { action: failed.action, accelerator: failed.accelerator ?? '', reason: failed.reason ?? '' });
    notifications.notify('A shortcut could not be set', `${failed.reason ?? failed.accelerator ?? ''} Change it in Settings › Shortcuts.`);
  }
  // Development on macOS/Linux would register bare Electron as the handler; only Windows has a development recipe.
  if (deps.settings.get().handleCallLinks && (apis.packaged || apis.platform === 'win32')) {
    const refused = registerCallLinkHandlers(apis.app, { platform: apis.platform, defaultApp: apis.defaultApp, execPath: apis.execPath, appPath: apis.appPath });
    if (refused.length > 0) log.warn('the OS did not make Dialtone the handler of some links', { schemes: refused.join(',') });
    if (apis.platform === 'win32' && apis.packaged) {
      void refreshWindowsCapabilities(apis.run, apis.execPath).then((failed) => failed > 0 && log.warn('some link registry keys could not be written', { failed }));
    }
  }
  if (apis.platform === 'linux') {
    void installAppImageEntry(apis.env, apis.home, apis.run)
      .then((path) => path && log.info('AppImage desktop entry written', { path }))
      .catch((error: unknown) => log.warn('could not write the AppImage desktop entry', { reason: String(error) }));
  }
  void apis.microphone().then((problem) => problem && notifications.notify('Microphone access', problem));
  void checkForUpdates(apis.loadUpdater, apis.packaged, deps.logger);

  return {
    actions,
    handle(command) {
      switch (command.kind) {
        case 'link':
          void actions.openLink(command.url, 'link');
          return;
        case 'dial':
          void actions.openLink(command.target, 'command-line');
          return;
        case 'action':
          void actions.run(command.action);
          return;
        case 'show':
          apis.window.show();
          return;
      }
    },
    dispose() {
      deps.controls.hotkeys.unregisterAll();
      tray?.dispose();
      notifications.dispose();
    },
  };
}
