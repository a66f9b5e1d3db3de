import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { createNodeFiles, decodeText } from './node-files';

test('import files decode from UTF-8 (BOM or not), UTF-16 with BOM, else Windows-1252', () => {
  assert.equal(decodeText(Buffer.from('\uFEFFJosé', 'utf8')), 'José');
  assert.equal(decodeText(Buffer.from('Zoë 李', 'utf8')), 'Zoë 李');
  assert.equal(decodeText(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Müller', 'utf16le')])), 'Müller');
  assert.equal(decodeText(Buffer.from([0x4d, 0xfc, 0x6c, 0x6c, 0x65, 0x72, 0x20, 0x80])), 'Müller €');
});

test('readUserText refuses what is too big or not a file; writeUserText leaves no temp file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'dialtone-files-'));
  const files = createNodeFiles();
  const path = join(dir, 'a.csv');
  writeFileSync(path, 'x'.repeat(2048));
  assert.deepEqual(await files.readUserText(path, 1024), { ok: false, error: { code: 'FILE_TOO_LARGE', message: `${path} is 0.0 MB; the limit is 0.0 MB.` } });
  assert.equal((await files.readUserText(dir, 1024)).ok, false);
  assert.deepEqual(await files.writeUserText(join(dir, 'out.vcf'), 'BEGIN:VCARD'), { ok: true, data: undefined });
  assert.equal(readFileSync(join(dir, 'out.vcf'), 'utf8'), 'BEGIN:VCARD');
  assert.deepEqual(readdirSync(dir).sort(), ['a.csv', 'out.vcf']);
});
