import assert from 'node:assert/strict';
import { test } from 'node:test';
import { APP_URL, hardenSession, hardenWebContents, isAppUrl, isTrustedSender, secureWebPreferences, type WebContentsLike } from './security';

test('the window is sandboxed and isolated, with no Node in the renderer', () => {
  const prefs = secureWebPreferences('/app/dist/preload/index.cjs');
  assert.equal(prefs.sandbox, true);
  assert.equal(prefs.contextIsolation, true);
  assert.equal(prefs.nodeIntegration, false);
  assert.equal(prefs.nodeIntegrationInWorker, false);
  assert.equal(prefs.webSecurity, true);
  assert.equal(prefs.allowRunningInsecureContent, false);
  assert.equal(prefs.webviewTag, false);
  assert.equal(prefs.preload, '/app/dist/preload/index.cjs');
});

test('only our app:// origin counts as the app', () => {
  assert.equal(isAppUrl(APP_URL), true);
  assert.equal(isAppUrl('app://dialtone/settings'), true);
  for (const url of ['https://dialtone/', 'app://evil/index.html', 'file:///etc/passwd', 'not a url', 'http://127.0.0.1:5173/']) {
    assert.equal(isAppUrl(url), false, url);
  }
});

test('commands are accepted only from the main frame of our own UI', () => {
  assert.equal(isTrustedSender({ senderFrame: { url: APP_URL, parent: null } }), true);
  assert.equal(isTrustedSender({ senderFrame: { url: APP_URL, parent: {} } }), false, 'a subframe');
  assert.equal(isTrustedSender({ senderFrame: { url: 'https://example.com/', parent: null } }), false, 'another origin');
  assert.equal(isTrustedSender({ senderFrame: null }), false, 'a destroyed frame');
});

test('the session denies every permission request and check', () => {
  let request: ((wc: unknown, permission: string, cb: (granted: boolean) => void) => void) | undefined;
  let check: ((wc: unknown, permission: string) => boolean) | undefined;
  hardenSession({ setPermissionRequestHandler: (h) => void (request = h), setPermissionCheckHandler: (h) => void (check = h) });
  for (const permission of ['media', 'notifications', 'geolocation', 'clipboard-read', 'hid', 'openExternal']) {
    let granted: boolean | undefined;
    request?.({}, permission, (g) => void (granted = g));
    assert.equal(granted, false, permission);
    assert.equal(check?.({}, permission), false, permission);
  }
});

test('the window cannot navigate or redirect away, open windows or attach webviews', () => {
  const listeners = new Map<string, (event: { preventDefault(): void }, url?: string) => void>();
  let openHandler: ((d: { url: string }) => { action: string }) | undefined;
  hardenWebContents({
    on: ((event: string, l: (event: { preventDefault(): void }, url?: string) => void) => listeners.set(event, l)) as WebContentsLike['on'],
    setWindowOpenHandler: (h) => void (openHandler = h),
  });
  const prevented = (event: string, url?: string): boolean => {
    let p = false;
    listeners.get(event)?.({ preventDefault: () => void (p = true) }, url);
    return p;
  };
  assert.equal(prevented('will-navigate', 'https://evil.example/'), true);
  assert.equal(prevented('will-navigate', 'tel:+15551234567'), true);
  assert.equal(prevented('will-redirect', 'file:///etc/passwd'), true);
  assert.equal(prevented('will-navigate', 'app://dialtone/index.html'), false);
  assert.equal(prevented('will-attach-webview'), true);
  assert.deepEqual(openHandler?.({ url: 'https://example.com/' }), { action: 'deny' });
});
