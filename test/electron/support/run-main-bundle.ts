/**
 * Runs the built main bundle under plain Node with `electron` resolved to
 * fake-electron.ts, drives it through a cold start with a link, a second
 * instance, macOS open-url and quit, and prints `RESULT {json}`.
 * Usage: node --import tsx run-main-bundle.ts <bundle> <appDir>
 */
import Module from 'node:module';
import { fileURLToPath } from 'node:url';
import * as fake from './fake-electron';

const fakePath = fileURLToPath(new URL('./fake-electron.ts', import.meta.url));
type Resolve = (request: string, ...rest: unknown[]) => string;
const internal = Module as unknown as { _resolveFilename: Resolve };
const original = internal._resolveFilename;
internal._resolveFilename = function (this: unknown, request: string, ...rest: unknown[]): string {
  return request === 'electron' ? fakePath : original.call(this, request, ...rest);
};

const guard = setTimeout(() => {
  process.stdout.write(`RESULT ${JSON.stringify({ error: 'timed out' })}\n`);
  process.exit(3);
}, 20_000);

/** Waits (bounded by the guard) until `done()` holds. */
async function until(done: () => boolean): Promise<void> {
  while (!done()) await new Promise((r) => setTimeout(r, 20));
}

async function main(): Promise<Record<string, unknown>> {
  const [bundle = '', appDir = ''] = process.argv.slice(2);
  process.argv = [process.execPath, appDir, '--original-process-start-time=1', 'tel:+1-555-123-4567'];
  Module.createRequire(import.meta.url)(bundle);
  fake.app.emit('open-url', { preventDefault: () => undefined }, 'sip:early@example.com');
  fake.app.fireReady();
  await until(() => fake.record.protocolHandler !== undefined && fake.record.windows.length > 0);
  const page = await fake.record.protocolHandler?.(new Request('app://dialtone/index.html'));
  const missing = await fake.record.protocolHandler?.(new Request('app://dialtone/../../etc/passwd'));
  let granted: boolean | undefined;
  fake.record.permissionRequest?.({}, 'media', (g) => void (granted = g));
  fake.app.emit('second-instance', {}, ['dialtone', '--reordered'], '/', { dialtoneArgv: ['dialtone', '--answer'] });
  fake.app.emit('second-instance', {}, ['dialtone'], '/', {});
  fake.record.shortcuts.get('CommandOrControl+Alt+Shift+D')?.();
  await until(() => fake.record.prompts.length >= 3 && fake.record.notifications.length >= 1);
  const window = fake.record.windows[0];
  const closeEvent = { prevented: false, preventDefault() { this.prevented = true; } };
  window?.emit('close', closeEvent);
  fake.app.quit();
  await until(() => fake.record.calls.includes('exited'));
  return {
    calls: fake.record.calls,
    prompts: fake.record.prompts,
    notifications: fake.record.notifications,
    shortcuts: fake.record.shortcuts.size,
    webPreferences: window?.options.webPreferences,
    page: { status: page?.status, csp: page?.headers.get('Content-Security-Policy') },
    missing: missing?.status,
    granted,
    closeKeptRunning: closeEvent.prevented,
  };
}

main().then(
  (result) => {
    clearTimeout(guard);
    process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
    process.exit(0);
  },
  (error: unknown) => {
    clearTimeout(guard);
    process.stdout.write(`RESULT ${JSON.stringify({ error: error instanceof Error ? error.stack : String(error) })}\n`);
    process.exit(1);
  },
);
