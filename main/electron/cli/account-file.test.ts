import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadAccountFile } from './account-file';

const dir = mkdtempSync(join(tmpdir(), 'dialtone-account-'));
const write = (name: string, text: string): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const good = { aor: 'sip:alice@127.0.0.1', username: 'alice', server: '127.0.0.1:5060', transport: 'udp', srtp: 'off', codecs: ['pcmu'], register: true };

test('a valid file loads', async () => {
  const r = await loadAccountFile(write('good.json', JSON.stringify(good)));
  assert.equal(r.ok && r.data.username, 'alice');
});

test('a password in the file is refused, whatever its case', async () => {
  const r = await loadAccountFile(write('pw.json', JSON.stringify({ ...good, Password: 'x' })));
  assert.equal(!r.ok && r.error.code, 'INVALID_CONFIG');
  assert.match(!r.ok ? r.error.message : '', /passwords are never read from a file/);
});

test('missing files, bad JSON and bad fields each say what is wrong', async () => {
  const missing = await loadAccountFile(join(dir, 'none.json'));
  assert.match(!missing.ok ? missing.error.message : '', /Cannot read account file .*ENOENT/);
  const json = await loadAccountFile(write('bad.json', '{"aor":'));
  assert.match(!json.ok ? json.error.message : '', /is not valid JSON/);
  const field = await loadAccountFile(write('field.json', JSON.stringify({ ...good, srtp: 'maybe' })));
  assert.match(!field.ok ? field.error.message : '', /srtp/);
});
