/**
 * One Dialtone per user session. The first process takes the lock; a second
 * one (a clicked link, `dialtone --answer` from a shortcut or script) passes
 * its argv to the first and quits. macOS delivers links through `open-url`,
 * which must be listened to before `ready` or cold-start links are lost.
 * Everything that arrives before the app is wired is queued, then replayed in
 * order.
 *
 * Takes Electron's `app` through a narrow interface so it is tested with a fake.
 */
import { parseShellSwitches, type ShellCommand, type ShellSwitches } from '../cli/shell-switches';

/** The parts of Electron's `app` used here (index.ts adapts the real one). */
export interface SingleInstanceApp {
  requestSingleInstanceLock(additionalData: Record<string, unknown>): boolean;
  /** `second-instance`: the other process's argv and the data it passed to the lock. */
  onSecondInstance(listener: (argv: readonly string[], additionalData: unknown) => void): void;
  /** macOS `open-url` (the adapter calls `preventDefault`). */
  onOpenUrl(listener: (url: string) => void): void;
  quit(): void;
}

/** Buffers commands until a handler is attached, then forwards them. */
export interface CommandQueue {
  push(command: ShellCommand): void;
  /** Attaches the handler and replays what was queued, in order. */
  attach(handler: (command: ShellCommand) => void): void;
}

/** Creates an empty {@link CommandQueue}. */
export function createCommandQueue(): CommandQueue {
  const pending: ShellCommand[] = [];
  let handler: ((command: ShellCommand) => void) | undefined;
  return {
    push(command) {
      if (handler) handler(command);
      else pending.push(command);
    },
    attach(h) {
      handler = h;
      for (const command of pending.splice(0)) h(command);
    },
  };
}

/** The outcome of {@link startSingleInstance}. */
export type SingleInstance =
  | { readonly primary: false }
  | { readonly primary: true; readonly switches: ShellSwitches; readonly queue: CommandQueue };

const DATA_KEY = 'dialtoneArgv';

function argvFrom(additionalData: unknown, fallback: readonly string[]): readonly string[] {
  if (typeof additionalData === 'object' && additionalData !== null && DATA_KEY in additionalData) {
    const value = (additionalData as Record<string, unknown>)[DATA_KEY];
    if (Array.isArray(value) && value.length <= 64 && value.every((v) => typeof v === 'string' && v.length <= 4096)) return value as string[];
  }
  return fallback;
}

/**
 * Takes the lock (passing our own argv, which Electron may otherwise reorder),
 * or quits when another instance holds it. In the primary, the cold-start
 * argv, later `second-instance` argv and `open-url` links all land in the queue.
 */
export function startSingleInstance(app: SingleInstanceApp, argv: readonly string[]): SingleInstance {
  if (!app.requestSingleInstanceLock({ [DATA_KEY]: [...argv] })) {
    app.quit();
    return { primary: false };
  }
  const queue = createCommandQueue();
  // Listen before `ready`: macOS delivers the launch link right away.
  app.onOpenUrl((url) => queue.push({ kind: 'link', url }));
  const switches = parseShellSwitches(argv);
  for (const command of switches.commands) queue.push(command);
  app.onSecondInstance((otherArgv, data) => {
    const other = parseShellSwitches(argvFrom(data, otherArgv));
    // Starting the app again means "show me the app", unless it asked for something else.
    if (other.commands.length === 0) queue.push({ kind: 'show' });
    for (const command of other.commands) queue.push(command);
  });
  return { primary: true, switches, queue };
}
