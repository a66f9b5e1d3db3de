import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { createLoginItem } from './login-item';
import { DESKTOP_NAME, installAppImageEntry, quoteExecArg, renderDesktopEntry } from './linux-desktop';

test('Exec arguments are quoted per the Desktop Entry spec', () => {
  assert.equal(quoteExecArg('/opt/Dialtone/dialtone'), '/opt/Dialtone/dialtone');
  assert.equal(quoteExecArg('/home/a b/Dialtone.AppImage'), '"/home/a b/Dialtone.AppImage"');
  assert.equal(quoteExecArg('/tmp/$x`y"z\\'), '"/tmp/\\$x\\`y\\"z\\\\"');
  assert.equal(quoteExecArg('/tmp/100%'), '/tmp/100%%');
});

test('an AppImage writes its own desktop entry with the call-link MimeTypes, and update-desktop-database runs', async () => {
  const home = mkdtempSync(join(tmpdir(), 'dialtone-desktop-'));
  try {
    const ran: string[][] = [];
    const none = await installAppImageEntry({}, home, async () => undefined);
    assert.equal(none, undefined, 'nothing without $APPIMAGE');
    const path = await installAppImageEntry({ APPIMAGE: '/home/u/Apps/Dialtone 1.0.AppImage' }, home, async (f, a) => void ran.push([f, ...a]));
    assert.equal(path, join(home, '.local', 'share', 'applications', DESKTOP_NAME));
    const text = readFileSync(path ?? '', 'utf8');
    assert.match(text, /^Exec="\/home\/u\/Apps\/Dialtone 1\.0\.AppImage" %U$/m);
    assert.match(text, /^MimeType=x-scheme-handler\/tel;x-scheme-handler\/sip;x-scheme-handler\/sips;x-scheme-handler\/callto;$/m);
    assert.deepEqual(ran, [['update-desktop-database', join(home, '.local', 'share', 'applications')]]);
    // desktop-file-validate, where installed, accepts it.
    const { spawnSync } = await import('node:child_process');
    const v = spawnSync('desktop-file-validate', [path ?? ''], { encoding: 'utf8' });
    if (v.error === undefined) assert.equal(v.status, 0, v.stdout + v.stderr);
    // A failing update-desktop-database is not an error.
    assert.ok(await installAppImageEntry({ APPIMAGE: '/a', XDG_DATA_HOME: join(home, 'data') }, home, async () => { throw new Error('ENOENT'); }));
    assert.ok(existsSync(join(home, 'data', 'applications', DESKTOP_NAME)));
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});

test('start at login: an XDG autostart entry on Linux, login item settings elsewhere, nothing in development', async () => {
  const home = mkdtempSync(join(tmpdir(), 'dialtone-autostart-'));
  try {
    const settings: unknown[] = [];
    const app = { getLoginItemSettings: () => ({ openAtLogin: false }), setLoginItemSettings: (s: unknown) => void settings.push(s) };
    const linux = createLoginItem({ platform: 'linux', app, env: {}, home, executable: '/opt/Dialtone/dialtone', packaged: true });
    assert.ok((await linux.set(true, true)).ok);
    const path = join(home, '.config', 'autostart', DESKTOP_NAME);
    assert.match(readFileSync(path, 'utf8'), /^Exec=\/opt\/Dialtone\/dialtone --minimized$/m);
    assert.doesNotMatch(readFileSync(path, 'utf8'), /MimeType/);
    assert.ok((await linux.set(false, true)).ok);
    assert.equal(existsSync(path), false);
    const win = createLoginItem({ platform: 'win32', app, env: {}, home, executable: 'C:\\Dialtone.exe', packaged: true });
    await win.set(true, true);
    const mac = createLoginItem({ platform: 'darwin', app, env: {}, home, executable: '/Applications/Dialtone.app', packaged: true });
    await mac.set(true, true);
    assert.deepEqual(settings, [{ openAtLogin: true, args: ['--minimized'] }, { openAtLogin: true }]);
    const dev = createLoginItem({ platform: 'linux', app, env: {}, home, executable: 'electron', packaged: false });
    assert.equal(dev.supported, false);
    const r = await dev.set(true, false);
    assert.equal(!r.ok && r.error.code, 'NOT_AVAILABLE');
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});

test('renderDesktopEntry without links has no %U', () => {
  assert.match(renderDesktopEntry({ executable: '/x', acceptsLinks: false }), /^Exec=\/x$/m);
});
