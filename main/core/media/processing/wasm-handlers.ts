/**
 * Emscripten builds for Node (the AEC3 one here) install process-wide
 * `uncaughtException`/`unhandledRejection` handlers that rethrow, which would
 * turn any stray rejection in the same thread into a crash. They matter only
 * for emscripten's own `exit()`, which these libraries never call, so the
 * loader removes whatever a module added while it loaded. (The modules still
 * load only in the media worker, so the main thread is never exposed.)
 */
type Listener = (...args: unknown[]) => void;

function listeners(): { uncaught: Listener[]; rejection: Listener[] } {
  return { uncaught: process.listeners('uncaughtException') as Listener[], rejection: process.listeners('unhandledRejection') as Listener[] };
}

/** Runs `load` and removes the process handlers it installed. */
export async function withoutAddedProcessHandlers<T>(load: () => Promise<T>): Promise<T> {
  const before = listeners();
  try {
    return await load();
  } finally {
    const after = listeners();
    for (const l of after.uncaught) if (!before.uncaught.includes(l)) process.removeListener('uncaughtException', l);
    for (const l of after.rejection) if (!before.rejection.includes(l)) process.removeListener('unhandledRejection', l);
  }
}
