import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadStaticFile, rendererCsp, resolveStaticPath } from './static-files';

const root = mkdtempSync(join(tmpdir(), 'dialtone-static-'));
mkdirSync(join(root, 'assets'));
writeFileSync(join(root, 'index.html'), '<!doctype html>');
writeFileSync(join(root, 'assets', 'app.js'), 'export {}');
writeFileSync(join(root, '.secret'), 'x');

test('paths inside the folder resolve; / is index.html', () => {
  assert.equal(resolveStaticPath(root, '/'), join(root, 'index.html'));
  assert.equal(resolveStaticPath(root, '/assets/app.js?v=1'), join(root, 'assets', 'app.js'));
});

test('traversal, encoded traversal, dotfiles and NUL are refused', () => {
  for (const bad of ['/../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '/assets/..%2f..%2fx', '/.secret', '/a%00b', '/%E0%A4%A']) {
    assert.equal(resolveStaticPath(root, bad), undefined, bad);
  }
});

test('files load with their content type; missing files do not', async () => {
  const js = await loadStaticFile(root, '/assets/app.js');
  assert.equal(js?.contentType, 'text/javascript; charset=utf-8');
  assert.equal(js?.body.toString(), 'export {}');
  assert.equal(await loadStaticFile(root, '/nope.js'), undefined);
});

test('the CSP allows scripts only from self and the WebSocket only back to the server', () => {
  const csp = rendererCsp('ws://127.0.0.1:4000');
  assert.match(csp, /script-src 'self'(;|$)/);
  assert.match(csp, /connect-src 'self' ws:\/\/127\.0\.0\.1:4000/);
  assert.doesNotMatch(rendererCsp(), /ws:/);
});
