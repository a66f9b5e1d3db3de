/**
 * The built Electron main bundle (app/dist/main/index.cjs), run under plain
 * Node with a stand-in `electron` module (support/fake-electron.ts): proves
 * the entry's wiring where no Electron binary exists. Cold start with a link
 * and Chromium's extra switches, an early macOS open-url, a second instance
 * with --answer, a hotkey, the app:// protocol with its CSP, permissions,
 * closing to the tray, and quit.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCommand } from '../lab/proc';
import { repoRoot } from '../support/headless';

const bundle = join(repoRoot, 'app', 'dist', 'main', 'index.cjs');
const skip = existsSync(bundle) ? false : 'app/dist/main/index.cjs is not built (npm run build)';

test('the main bundle wires window, links, second instance, hotkeys, tray and quit', { skip, timeout: 60_000 }, async () => {
  const run = await runCommand(process.execPath, ['--import', 'tsx', join(repoRoot, 'test', 'electron', 'support', 'run-main-bundle.ts'), bundle, join(repoRoot, 'app')], {
    timeoutMs: 40_000,
    env: { ...process.env, DIALTONE_SECRETS: 'session' },
  });
  const line = run.stdout.split('\n').find((l) => l.startsWith('RESULT '));
  assert.ok(line, `no RESULT\n${run.stdout}\n${run.stderr}`);
  const r = JSON.parse(line.slice('RESULT '.length)) as Record<string, unknown> & { calls: string[]; prompts: string[]; notifications: string[]; page: { status: number; csp: string } };
  assert.equal(r['error'], undefined, String(r['error']));
  assert.equal(r.calls[0], 'privileged app', 'app:// is registered before anything else');
  assert.match(r.calls[1] ?? '', /^lock .*tel:\+1-555-123-4567/, 'the lock carries our own argv');
  for (const scheme of ['tel', 'sip', 'sips', 'callto']) assert.ok(r.calls.includes(`protocol ${scheme}`), scheme);
  assert.ok(r.calls.includes('windowOpen deny'));
  assert.ok(r.calls.includes('load app://dialtone/index.html'));
  // The cold-start link, the open-url that came before ready, and the hotkey's clipboard number, all confirmed first.
  assert.deepEqual(r.prompts, ['Call +15551234567?', 'Call sip:early@example.com?', 'Call +442079460000?']);
  assert.deepEqual(r.notifications, ['No call to answer: There is no incoming call ringing.'], 'the second instance\'s --answer reached the running app');
  assert.equal(r['granted'], false, 'permission requests are denied');
  assert.equal(r.page.status, 200);
  assert.match(r.page.csp, /default-src 'self'; script-src 'self'/);
  assert.equal(r['missing'], 404);
  assert.equal((r['webPreferences'] as Record<string, unknown>)['sandbox'], true);
  assert.equal(r['closeKeptRunning'], true, 'closing the window keeps Dialtone in the tray');
  assert.equal(r['shortcuts'], 0, 'hotkeys released on quit');
  assert.ok(r.calls.includes('tray destroyed'));
  assert.equal(r.calls.at(-1), 'exited', 'quit stops the core, then exits');
});
