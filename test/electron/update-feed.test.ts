/**
 * The app's update check against the real electron-updater, reading a
 * generic feed (`latest-linux.yml`) from a loopback HTTP server. Only
 * Electron is faked: its `app` (electron-updater's AppAdapter) and its `net`
 * module (a Node `http` executor in place of ElectronHttpExecutor), so no test
 * loads `electron`. The feed format is the one electron-builder publishes.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request as httpRequest, type ClientRequest, type RequestOptions, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { HttpExecutor } from 'builder-util-runtime';
import { AppImageUpdater, type UpdateInfo } from 'electron-updater';
import { checkForUpdates } from '../../main/electron/shell/update-check';
import { recordingLogger } from '../support/fakes';

/** Electron's `net` stands in as Node's `http`. */
class NodeHttpExecutor extends HttpExecutor<ClientRequest> {
  createRequest(options: RequestOptions, callback: (response: unknown) => void): ClientRequest {
    return httpRequest(options, callback);
  }
}

const SHA = `${'A'.repeat(86)}==`;
const FEED = `version: 0.2.0
files:
  - url: Dialtone-0.2.0.AppImage
    sha512: ${SHA}
    size: 1234
path: Dialtone-0.2.0.AppImage
sha512: ${SHA}
releaseDate: '2026-11-20T10:00:00.000Z'
`;

async function feedServer(status: number): Promise<{ server: Server; url: string; asked: string[] }> {
  const asked: string[] = [];
  const server = createServer((req, res) => {
    asked.push(req.url ?? '');
    res.statusCode = req.url?.startsWith('/latest-linux.yml') ? status : 404;
    res.end(res.statusCode === 200 ? FEED : '');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, asked };
}

function updater(feedUrl: string, dir: string): { updater: AppImageUpdater; found: UpdateInfo[] } {
  writeFileSync(join(dir, 'app-update.yml'), `provider: generic\nurl: ${feedUrl}\nupdaterCacheDirName: dialtone-updater\n`);
  const app = {
    version: '0.1.0',
    name: 'Dialtone',
    isPackaged: true,
    appUpdateConfigPath: join(dir, 'app-update.yml'),
    userDataPath: dir,
    baseCachePath: dir,
    whenReady: () => Promise.resolve(),
    relaunch: () => undefined,
    quit: () => undefined,
    onQuit: () => undefined,
  };
  const u = new AppImageUpdater(null, app);
  u.logger = null;
  u.autoDownload = false;
  (u as unknown as { httpExecutor: HttpExecutor<ClientRequest> }).httpExecutor = new NodeHttpExecutor();
  const found: UpdateInfo[] = [];
  u.on('update-available', (info) => found.push(info));
  u.on('error', () => undefined);
  return { updater: u, found };
}

/** A feed server answering `status`, an APPIMAGE path (electron-updater's "is this an AppImage" test), and their cleanup. */
async function setUp(t: TestContext, status: number): Promise<{ feed: Awaited<ReturnType<typeof feedServer>>; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'dialtone-update-'));
  const feed = await feedServer(status);
  const saved = process.env.APPIMAGE;
  process.env.APPIMAGE = join(dir, 'Dialtone-0.1.0.AppImage');
  t.after(() => {
    feed.server.close();
    rmSync(dir, { recursive: true, force: true });
    if (saved === undefined) delete process.env.APPIMAGE;
    else process.env.APPIMAGE = saved;
  });
  return { feed, dir };
}

test('a packaged build checks the feed and finds the newer version', async (t) => {
  const { feed, dir } = await setUp(t, 200);
  const { updater: u, found } = updater(feed.url, dir);
  const logger = recordingLogger();
  assert.equal(await checkForUpdates(() => u, true, logger), 'checked');
  assert.ok(feed.asked.some((p) => p.startsWith('/latest-linux.yml')), `the feed was read (${feed.asked.join(', ')})`);
  assert.deepEqual(found.map((i) => i.version), ['0.2.0']);
});

test('a feed that answers 404 is a failed check, logged with the reason, not thrown', async (t) => {
  const { feed, dir } = await setUp(t, 404);
  const { updater: u, found } = updater(feed.url, dir);
  const logger = recordingLogger();
  assert.equal(await checkForUpdates(() => u, true, logger), 'failed');
  assert.deepEqual(found, []);
  const warning = logger.lines.find((l) => l.message === 'update check failed');
  assert.match(String(warning?.fields?.reason), /404/);
});
