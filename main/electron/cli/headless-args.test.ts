import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseHeadlessArgs } from './headless-args';

test('the documented options parse', () => {
  const r = parseHeadlessArgs(['--account', 'a.json', '--audio-in', 'in.wav', '--audio-out', 'out.wav', '--auto-answer', '--data-dir', 'd']);
  assert.deepEqual(r, { ok: true, data: { account: 'a.json', audioIn: 'in.wav', audioOut: 'out.wav', dataDir: 'd', autoAnswer: true, logLevel: 'info', help: false } });
});

test('unknown options, positionals and bad levels are errors that name the problem', () => {
  const unknown = parseHeadlessArgs(['--acount', 'a.json']);
  assert.match(!unknown.ok ? unknown.error.message : '', /--acount/);
  assert.equal(parseHeadlessArgs(['stray']).ok, false);
  const level = parseHeadlessArgs(['--log-level', 'loud']);
  assert.match(!level.ok ? level.error.message : '', /--log-level must be one of/);
  assert.equal(parseHeadlessArgs(['--account']).ok, false);
});

test('--control-api takes a port and --control-origin repeats; bad values name the option', () => {
  const r = parseHeadlessArgs(['--control-api', '0', '--control-origin', 'https://crm.example.com', '--control-origin', 'http://localhost:3000']);
  assert.ok(r.ok);
  assert.equal(r.ok && r.data.controlApiPort, 0);
  assert.deepEqual(r.ok && r.data.controlOrigins, ['https://crm.example.com', 'http://localhost:3000']);
  const port = parseHeadlessArgs(['--control-api', '99999']);
  assert.match(!port.ok ? port.error.message : '', /--control-api must be a port/);
  const origin = parseHeadlessArgs(['--control-api', '0', '--control-origin', 'https://crm.example.com/path']);
  assert.match(!origin.ok ? origin.error.message : '', /--control-origin https:\/\/crm\.example\.com\/path/);
});
