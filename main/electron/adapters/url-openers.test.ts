import assert from 'node:assert/strict';
import { test } from 'node:test';
import { recordingLogger } from '../../../test/support/fakes';
import { createFunctionUrlOpener, createLoggingUrlOpener } from './url-openers';

test('openers pass only http(s) URLs to the desktop, normalised', async () => {
  const opened: string[] = [];
  const opener = createFunctionUrlOpener(async (url) => void opened.push(url));
  assert.deepEqual(await opener.open('https://crm.example.com/x?n=%2B49'), { ok: true, data: undefined });
  for (const bad of ['javascript:alert(1)', 'file:///etc/passwd', 'mailto:a@b', 'not a url', 'smb://host/share']) {
    const r = await opener.open(bad);
    assert.equal(!r.ok && r.error.code, 'INVALID_CONFIG', bad);
  }
  assert.deepEqual(opened, ['https://crm.example.com/x?n=%2B49']);
  const failing = createFunctionUrlOpener(async () => {
    throw new Error('no browser');
  });
  const r = await failing.open('https://x.example/');
  assert.match(!r.ok ? r.error.message : '', /no browser/);
});

test('headless only logs the URL it would open', async () => {
  const logger = recordingLogger();
  assert.ok((await createLoggingUrlOpener(logger).open('https://crm.example.com/pop')).ok);
  assert.equal(logger.lines[0]?.fields?.['url'], 'https://crm.example.com/pop');
});
