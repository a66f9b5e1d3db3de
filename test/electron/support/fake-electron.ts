/**
 * A stand-in for the `electron` module, just large enough to run the built
 * main bundle (app/dist/main/index.cjs) under plain Node: it records what the
 * bundle asks of Electron and lets the test fire Electron's events. Used by
 * main-bundle.test.ts through run-main-bundle.ts; never by the app.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventEmitter } from 'node:events';

const shared = globalThis as { fakeElectronRecord?: unknown; fakeElectronApp?: unknown };

/** Everything the bundle did, for the test to read (one per process, even if this module is loaded twice: ESM and CJS). */
export const record = (shared.fakeElectronRecord ??= {
  calls: [] as string[],
  prompts: [] as string[],
  notifications: [] as string[],
  shortcuts: new Map<string, () => void>(),
  protocolHandler: undefined as ((request: Request) => Promise<Response>) | undefined,
  permissionRequest: undefined as ((wc: unknown, p: string, cb: (g: boolean) => void) => void) | undefined,
  windows: [] as BrowserWindow[],
  promptAnswer: 1,
}) as {
  calls: string[];
  prompts: string[];
  notifications: string[];
  shortcuts: Map<string, () => void>;
  protocolHandler: ((request: Request) => Promise<Response>) | undefined;
  permissionRequest: ((wc: unknown, p: string, cb: (g: boolean) => void) => void) | undefined;
  windows: BrowserWindow[];
  promptAnswer: number;
};

class FakeApp extends EventEmitter {
  isPackaged = true;
  private readyResolve: (() => void) | undefined;
  private readonly ready = new Promise<void>((r) => (this.readyResolve = r));
  requestSingleInstanceLock(data: unknown): boolean {
    record.calls.push(`lock ${JSON.stringify(data)}`);
    return true;
  }
  whenReady(): Promise<void> {
    return this.ready;
  }
  fireReady(): void {
    this.readyResolve?.();
  }
  getName(): string {
    return 'Dialtone';
  }
  getVersion(): string {
    return '0.0.0-test';
  }
  getAppPath(): string {
    return '/app';
  }
  /** userData (and any other folder) is a fresh temp dir, so the bundle's database never lands in a real profile. */
  getPath(name: string): string {
    this.userData ??= mkdtempSync(join(tmpdir(), 'dialtone-fake-userdata-'));
    return name === 'userData' ? this.userData : join(this.userData, name);
  }
  private userData: string | undefined;
  quit(): void {
    record.calls.push('quit');
    const event = { defaultPrevented: false, preventDefault() { this.defaultPrevented = true; } };
    this.emit('before-quit');
    this.emit('will-quit', event);
    if (!event.defaultPrevented) record.calls.push('exited');
  }
  setAsDefaultProtocolClient(scheme: string): boolean {
    record.calls.push(`protocol ${scheme}`);
    return true;
  }
  getLoginItemSettings(): { openAtLogin: boolean } {
    return { openAtLogin: false };
  }
  setLoginItemSettings(): void {}
}

export const app = (shared.fakeElectronApp ??= new FakeApp()) as FakeApp;

class WebContents extends EventEmitter {
  setWindowOpenHandler(h: (d: { url: string }) => { action: string }): void {
    record.calls.push(`windowOpen ${h({ url: 'https://x' }).action}`);
  }
  send(): void {}
  isDestroyed(): boolean {
    return false;
  }
}

export class BrowserWindow extends EventEmitter {
  readonly webContents = new WebContents();
  visible = false;
  constructor(readonly options: { webPreferences: Record<string, unknown> }) {
    super();
    record.windows.push(this);
  }
  loadURL(url: string): Promise<void> {
    record.calls.push(`load ${url}`);
    setImmediate(() => this.emit('ready-to-show'));
    return Promise.resolve();
  }
  isVisible(): boolean {
    return this.visible;
  }
  isMinimized(): boolean {
    return false;
  }
  isFocused(): boolean {
    return this.visible;
  }
  isDestroyed(): boolean {
    return false;
  }
  show(): void {
    this.visible = true;
    record.calls.push('window shown');
  }
  hide(): void {
    this.visible = false;
  }
  restore(): void {}
  focus(): void {}
}

export const ipcMain = { handle: () => undefined, removeHandler: () => undefined };
export const protocol = {
  registerSchemesAsPrivileged: (s: Array<{ scheme: string }>) => void record.calls.push(`privileged ${s.map((x) => x.scheme).join()}`),
  handle: (_scheme: string, h: (r: Request) => Promise<Response>) => void (record.protocolHandler = h),
};
export const session = {
  defaultSession: {
    setPermissionRequestHandler: (h: typeof record.permissionRequest) => void (record.permissionRequest = h),
    setPermissionCheckHandler: () => undefined,
  },
};
export const globalShortcut = {
  register: (a: string, cb: () => void) => (record.shortcuts.set(a, cb), true),
  unregister: (a: string) => void record.shortcuts.delete(a),
};
export const clipboard = { readText: async () => '+44 20 7946 0000', selection: { readText: async () => '' } };
export const dialog = {
  showMessageBox: async (...args: unknown[]) => {
    record.prompts.push(String((args.at(-1) as { message: string }).message));
    return { response: record.promptAnswer, checkboxChecked: false };
  },
};
export const shell = { openExternal: async () => undefined };
export const systemPreferences = { getMediaAccessStatus: () => 'granted', askForMediaAccess: async () => true };
export class Notification extends EventEmitter {
  static isSupported(): boolean {
    return true;
  }
  constructor(readonly options: { title: string; body: string }) {
    super();
  }
  show(): void {
    record.notifications.push(`${this.options.title}: ${this.options.body}`);
  }
  close(): void {}
}
export class Tray extends EventEmitter {
  constructor() {
    super();
    record.calls.push('tray');
  }
  setImage(): void {}
  setToolTip(t: string): void {
    record.calls.push(`tooltip ${t}`);
  }
  setContextMenu(): void {}
  destroy(): void {
    record.calls.push('tray destroyed');
  }
}
export const Menu = { buildFromTemplate: (items: unknown[]) => items };
export const nativeImage = { createFromBitmap: (b: Buffer, o: { width: number }) => ({ size: b.length, width: o.width }) };
