import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseShellSwitches } from './shell-switches';

test('switches and links are found anywhere in argv, Chromium switches ignored', () => {
  const r = parseShellSwitches(['/opt/Dialtone/dialtone', '--original-process-start-time=13', '--answer', '--no-sandbox', 'tel:+15551234567']);
  assert.deepEqual(r.commands, [{ kind: 'action', action: 'answer' }, { kind: 'link', url: 'tel:+15551234567' }]);
  assert.equal(r.minimized, false);
});

test('--dial takes the next argument or =value; a link after --dial is its target, not a second call', () => {
  assert.deepEqual(parseShellSwitches(['dialtone', '--dial', '+44 20 7946 0000']).commands, [{ kind: 'dial', target: '+44 20 7946 0000' }]);
  assert.deepEqual(parseShellSwitches(['dialtone', '--dial=alice@example.com']).commands, [{ kind: 'dial', target: 'alice@example.com' }]);
  assert.deepEqual(parseShellSwitches(['dialtone', '--dial', 'sip:bob@example.com']).commands, [{ kind: 'dial', target: 'sip:bob@example.com' }]);
});

test('--hangup, --mute, --show and --minimized; a bare --dial is a problem, not a call', () => {
  const r = parseShellSwitches(['dialtone', '.', '--hangup', '--mute', '--show', '--minimized', '--dial']);
  assert.deepEqual(r.commands, [{ kind: 'action', action: 'hangup' }, { kind: 'action', action: 'toggleMute' }, { kind: 'show' }]);
  assert.equal(r.minimized, true);
  assert.match(r.problems[0] ?? '', /--dial needs/);
  assert.deepEqual(parseShellSwitches(['dialtone', '--dial', '--answer']).problems.length, 1);
});
