/**
 * The tray icon: a coloured dot for the registration status of the accounts
 * (green: all registered, amber: registering or some failed, red: all failed,
 * grey: none), a tooltip that says the same in words, and a menu with the
 * quick actions. It follows the core's events.
 *
 * The icon is drawn as a raw bitmap here (no image files to package or find
 * at run time); Electron's Tray, Menu and nativeImage come in as narrow
 * interfaces so this is tested with fakes.
 */
import type { AccountView, AppEvent, CallView, Snapshot } from '../../common/ipc/contract';
import type { HotkeyAction } from '../../common/models/shell';

/** The overall registration status the tray shows. */
export type TrayLevel = 'registered' | 'partial' | 'failed' | 'none';

/** Sums up the accounts for the tray. */
export function trayStatus(accounts: readonly AccountView[]): { readonly level: TrayLevel; readonly tooltip: string } {
  const wanted = accounts.filter((a) => a.registration.state !== 'unregistered');
  if (wanted.length === 0) return { level: 'none', tooltip: accounts.length === 0 ? 'Dialtone: no account' : 'Dialtone: not registered' };
  const up = wanted.filter((a) => a.registration.state === 'registered');
  const failed = wanted.filter((a) => a.registration.state === 'failed');
  if (up.length === wanted.length) return { level: 'registered', tooltip: wanted.length === 1 ? `Dialtone: ${up[0]?.aor} registered` : `Dialtone: ${up.length} accounts registered` };
  if (failed.length === wanted.length) {
    const reason = failed[0]?.registration.reason?.message;
    return { level: 'failed', tooltip: `Dialtone: registration failed${failed.length === 1 && reason ? ` (${reason.slice(0, 80)})` : ''}` };
  }
  return { level: 'partial', tooltip: `Dialtone: ${up.length} of ${wanted.length} accounts registered` };
}

const COLOURS: Readonly<Record<TrayLevel, readonly [number, number, number]>> = {
  registered: [0x2e, 0xa0, 0x43],
  partial: [0xe0, 0x9b, 0x00],
  failed: [0xd1, 0x24, 0x2f],
  none: [0x8c, 0x95, 0x9f],
};

/** A `size`×`size` BGRA bitmap (as `nativeImage.createFromBitmap` takes) of an antialiased dot in the level's colour. */
export function trayIconBitmap(level: TrayLevel, size = 16): Uint8Array {
  const [r, g, b] = COLOURS[level];
  const out = new Uint8Array(size * size * 4);
  const c = (size - 1) / 2;
  const radius = size * 0.42;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const d = Math.hypot(x - c, y - c);
      const alpha = Math.max(0, Math.min(1, radius - d + 0.5));
      const i = (y * size + x) * 4;
      out[i] = b;
      out[i + 1] = g;
      out[i + 2] = r;
      out[i + 3] = Math.round(alpha * 255);
    }
  }
  return out;
}

/** One entry of the tray menu (a subset of Electron's MenuItemConstructorOptions). */
export interface TrayMenuItem {
  readonly label?: string;
  readonly type?: 'normal' | 'separator' | 'checkbox';
  readonly enabled?: boolean;
  readonly checked?: boolean;
  readonly click?: () => void;
}

/** The parts of Electron's Tray, Menu and nativeImage used here. */
export interface TrayPlatform {
  /** Creates the tray with its first icon. */
  createTray(icon: { bitmap: Uint8Array; size: number }): TrayLike;
  /** Builds a menu (Menu.buildFromTemplate). */
  buildMenu(items: readonly TrayMenuItem[]): unknown;
}

/** The part of Electron's Tray used here. */
export interface TrayLike {
  setImage(icon: { bitmap: Uint8Array; size: number }): void;
  setToolTip(text: string): void;
  setContextMenu(menu: unknown): void;
  /** A left click (Windows/Linux) shows or hides the window. */
  onClick(listener: () => void): void;
  destroy(): void;
}

/** What the tray menu can do. */
export interface TrayActions {
  run(action: HotkeyAction): void;
  quit(): void;
  startAtLogin(): boolean;
  setStartAtLogin(enabled: boolean): void;
}

/** Creates the tray and keeps it in step with the core's events; returns the function that removes it. */
export function createTrayController(
  platform: TrayPlatform,
  core: { snapshot(): Snapshot; subscribe(listener: (e: AppEvent) => void): () => void },
  actions: TrayActions,
): { refresh(): void; dispose(): void } {
  let level: TrayLevel | undefined;
  const tray = platform.createTray({ bitmap: trayIconBitmap('none'), size: 16 });
  tray.onClick(() => actions.run('toggleWindow'));
  const refresh = (): void => {
    const snapshot = core.snapshot();
    const status = trayStatus(snapshot.accounts);
    if (status.level !== level) {
      level = status.level;
      tray.setImage({ bitmap: trayIconBitmap(status.level), size: 16 });
    }
    const calls = snapshot.calls.filter((c: CallView) => c.state !== 'ended');
    const ringing = calls.some((c) => c.direction === 'incoming' && c.state === 'ringing');
    tray.setToolTip(ringing ? `${status.tooltip}: incoming call` : status.tooltip);
    tray.setContextMenu(
      platform.buildMenu([
        { label: status.tooltip.replace(/^Dialtone: /, ''), enabled: false },
        { type: 'separator' },
        { label: 'Show or hide Dialtone', click: () => actions.run('toggleWindow') },
        { label: 'Answer', enabled: ringing, click: () => actions.run('answer') },
        { label: 'Hang up', enabled: calls.length > 0, click: () => actions.run('hangup') },
        { label: 'Call the number in the clipboard', click: () => actions.run('dialClipboard') },
        { type: 'separator' },
        { label: 'Start at login', type: 'checkbox', checked: actions.startAtLogin(), click: () => actions.setStartAtLogin(!actions.startAtLogin()) },
        { label: 'Quit Dialtone', click: () => actions.quit() },
      ]),
    );
  };
  refresh();
  const off = core.subscribe((e) => {
    if (e.event === 'registration.changed' || e.event === 'accounts.changed' || e.event === 'call.updated' || e.event === 'call.ended') refresh();
  });
  return {
    refresh,
    dispose() {
      off();
      tray.destroy();
    },
  };
}
