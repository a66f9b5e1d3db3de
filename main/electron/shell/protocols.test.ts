import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openDefaultApps, refreshWindowsCapabilities, registerCallLinkHandlers, WINDOWS_DEFAULT_APPS_URL } from './protocols';

test('every call-link scheme is registered; development on Windows passes the app path', () => {
  const calls: unknown[][] = [];
  const app = { setAsDefaultProtocolClient: (...a: unknown[]) => (calls.push(a), a[0] !== 'callto') };
  const refused = registerCallLinkHandlers(app, { platform: 'linux', defaultApp: false, execPath: '/opt/Dialtone/dialtone', appPath: '' });
  assert.deepEqual(calls, [['tel'], ['sip'], ['sips'], ['callto']]);
  assert.deepEqual(refused, ['callto']);
  calls.length = 0;
  registerCallLinkHandlers(app, { platform: 'win32', defaultApp: true, execPath: 'C:\\electron.exe', appPath: 'C:\\src\\app' });
  assert.deepEqual(calls[0], ['tel', 'C:\\electron.exe', ['C:\\src\\app']]);
  const throwing = { setAsDefaultProtocolClient: () => { throw new Error('no'); } };
  assert.equal(registerCallLinkHandlers(throwing, { platform: 'darwin', defaultApp: false, execPath: '', appPath: '' }).length, 4);
});

test('Default Apps opens on Windows only, with a fallback page', async () => {
  const opened: string[] = [];
  const shell = { openExternal: async (url: string) => { opened.push(url); if (url.includes('registeredAppUser')) throw new Error('old Windows'); } };
  assert.ok((await openDefaultApps(shell, 'win32')).ok);
  assert.deepEqual(opened, [WINDOWS_DEFAULT_APPS_URL, 'ms-settings:defaultapps']);
  const r = await openDefaultApps(shell, 'linux');
  assert.equal(!r.ok && r.error.code, 'NOT_AVAILABLE');
});

test('Windows: the capable-app registration is written again, idempotently, per user', async () => {
  const runs: string[][] = [];
  const failed = await refreshWindowsCapabilities(async (file, args) => {
    runs.push([file, ...args]);
    if (args.includes('ApplicationDescription')) throw new Error('access denied');
  }, 'C:\\Users\\a\\AppData\\Local\\Programs\\Dialtone\\Dialtone.exe');
  assert.equal(failed, 1);
  assert.ok(runs.every((r) => r[0] === 'reg' && r[1] === 'add' && r.at(-1) === '/f' && (r[2] ?? '').startsWith('HKCU\\')));
  assert.ok(runs.some((r) => r.join(' ') === 'reg add HKCU\\Software\\Classes\\Dialtone.tel\\shell\\open\\command /ve /d "C:\\Users\\a\\AppData\\Local\\Programs\\Dialtone\\Dialtone.exe" "%1" /f'));
  for (const scheme of ['tel', 'sip', 'sips', 'callto']) {
    assert.ok(runs.some((r) => r.includes('HKCU\\Software\\Dialtone\\Capabilities\\URLAssociations') && r.includes(scheme)), scheme);
  }
  assert.ok(runs.some((r) => r.includes('HKCU\\Software\\RegisteredApplications')));
});
