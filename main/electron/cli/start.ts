/**
 * `npm start`: runs the Electron app when its binary exists; otherwise says why
 * in one line and serves the same UI in browser mode on 127.0.0.1, printing the
 * URL (and opening it where there is a display).
 *
 * Options: `--port <n>` (browser mode; default random), `--no-open`,
 * `--data-dir <dir>` (browser mode; default the OS user-data folder, as Electron's).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { bootstrap } from '../bootstrap';
import { defaultUserDataDir } from '../adapters/user-data-dir';
import { startBrowserBridge } from '../bridges/browser-bridge';
import { findElectronBinary } from './electron-binary';
import { readPackageInfo, repoRoot } from './package-info';

function openInBrowser(url: string): void {
  const hasDisplay = process.platform !== 'linux' || Boolean(process.env['DISPLAY'] || process.env['WAYLAND_DISPLAY']);
  if (!hasDisplay) return;
  const [cmd, ...args] =
    process.platform === 'darwin' ? ['open', url] : process.platform === 'win32' ? ['cmd', '/c', 'start', '', url] : ['xdg-open', url];
  const child = spawn(cmd as string, args, { stdio: 'ignore', detached: true });
  child.on('error', () => process.stderr.write(`Could not open a browser; open ${url} yourself.\n`));
  child.unref();
}

async function runBrowserMode(port: number, open: boolean, dataDir: string): Promise<void> {
  const staticDir = join(repoRoot, 'app', 'dist', 'renderer');
  if (!existsSync(join(staticDir, 'index.html'))) {
    process.stderr.write('dialtone: the renderer is not built; run `npm run build` first (npm start does it for you).\n');
    process.exit(2);
  }
  let close: () => Promise<void> = async () => undefined;
  const quit = async (): Promise<void> => {
    await close();
    await runtime.shutdown();
    process.exit(0);
  };
  const runtime = bootstrap({ app: { ...readPackageInfo(), mode: 'browser' }, env: process.env, dataDir, media: { kind: 'devices' }, onQuitRequested: () => void quit() });
  const bridge = await startBrowserBridge({ router: runtime.router, core: runtime.core, logger: runtime.logger, staticDir, port });
  close = () => bridge.close();
  process.stdout.write(`Dialtone is running in browser mode: ${bridge.url}\n`);
  if (open) openInBrowser(bridge.url);
  process.once('SIGINT', () => void quit());
  process.once('SIGTERM', () => void quit());
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: { port: { type: 'string' }, 'no-open': { type: 'boolean' }, browser: { type: 'boolean' }, 'data-dir': { type: 'string' } },
  });
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`dialtone: --port must be a number from 0 to 65535, not "${values.port}".\n`);
    process.exit(2);
  }
  const electron = findElectronBinary(repoRoot, process.env);
  if (electron.found && !values.browser) {
    const env = { ...process.env };
    delete env['ELECTRON_RUN_AS_NODE'];
    const child = spawn(electron.path, [join(repoRoot, 'app')], { stdio: 'inherit', env });
    child.on('exit', (code) => process.exit(code ?? 0));
    return;
  }
  if (!electron.found) process.stdout.write(`Electron is not available: ${electron.reason}. Starting browser mode instead.\n`);
  const dataDir = values['data-dir'] ?? defaultUserDataDir('Dialtone', { platform: process.platform, home: homedir(), env: process.env });
  await runBrowserMode(port, values['no-open'] !== true, dataDir);
}

void main();
