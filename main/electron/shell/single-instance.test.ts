import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ShellCommand } from '../cli/shell-switches';
import { startSingleInstance, type SingleInstanceApp } from './single-instance';

/** A fake of Electron's app: one lock per "session", events fired by hand. */
function fakeApp(lockFree: boolean) {
  const calls: string[] = [];
  let secondInstance: ((argv: readonly string[], data: unknown) => void) | undefined;
  let openUrl: ((url: string) => void) | undefined;
  let lockData: unknown;
  const app: SingleInstanceApp = {
    requestSingleInstanceLock: (data) => ((lockData = data), calls.push('lock'), lockFree),
    onSecondInstance: (l) => void (secondInstance = l),
    onOpenUrl: (l) => void (openUrl = l),
    quit: () => void calls.push('quit'),
  };
  return { app, calls, lockData: () => lockData, second: (argv: string[], data?: unknown) => secondInstance?.(argv, data), openUrl: (u: string) => openUrl?.(u) };
}

test('a second process hands over and quits', () => {
  const f = fakeApp(false);
  const r = startSingleInstance(f.app, ['dialtone', '--answer']);
  assert.equal(r.primary, false);
  assert.deepEqual(f.calls, ['lock', 'quit']);
  assert.deepEqual(f.lockData(), { dialtoneArgv: ['dialtone', '--answer'] });
});

test('the primary queues cold-start, open-url and second-instance commands until the app is wired', () => {
  const f = fakeApp(true);
  const r = startSingleInstance(f.app, ['dialtone', '--minimized', 'tel:+15551234567']);
  assert.ok(r.primary);
  assert.equal(r.switches.minimized, true);
  f.openUrl('sip:alice@example.com');
  // Electron reorders argv; the lock's additional data carries the real one.
  f.second(['dialtone', '--allow-file-access-from-files'], { dialtoneArgv: ['dialtone', '--dial', '+1 555 0100'] });
  f.second(['dialtone']);
  const got: ShellCommand[] = [];
  r.queue.attach((c) => got.push(c));
  f.second(['dialtone', '--hangup', 'callto:+4930'], 'not an object');
  assert.deepEqual(got, [
    { kind: 'link', url: 'tel:+15551234567' },
    { kind: 'link', url: 'sip:alice@example.com' },
    { kind: 'dial', target: '+1 555 0100' },
    { kind: 'show' },
    { kind: 'action', action: 'hangup' },
    { kind: 'link', url: 'callto:+4930' },
  ]);
});

test('hostile additional data falls back to the real argv', () => {
  const f = fakeApp(true);
  const r = startSingleInstance(f.app, ['dialtone']);
  assert.ok(r.primary);
  const got: ShellCommand[] = [];
  r.queue.attach((c) => got.push(c));
  f.second(['dialtone', '--answer'], { dialtoneArgv: [42] });
  f.second(['dialtone', '--answer'], { dialtoneArgv: new Array(100).fill('--hangup') });
  assert.deepEqual(got, [{ kind: 'action', action: 'answer' }, { kind: 'action', action: 'answer' }]);
});
