import assert from 'node:assert/strict';
import { test } from 'node:test';
import { APP_URL, isAppUrl, isTrustedSender, secureWebPreferences } from './security';

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
