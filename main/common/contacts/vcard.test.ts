import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import type { Contact } from './contact';
import { formatVCards, parseVCards } from './vcard';

const fixture = (name: string): string => readFileSync(new URL(`../../../test/fixtures/contacts/${name}`, import.meta.url), 'utf8');

test('a file of 3.0, 4.0 and 2.1 cards parses with labels, escapes, folding and UTF-8', () => {
  const parsed = parseVCards(fixture('sample.vcf'));
  assert.deepEqual(parsed.issues, []);
  assert.equal(parsed.rows.length, 3);
  const [ada, jose, juergen] = parsed.rows.map((r) => r.contact);
  assert.equal(ada?.name, 'Ada Lovelace');
  assert.equal(ada?.organization, 'Analytical Engines Ltd., Research');
  assert.deepEqual(ada?.phones, [
    { number: '+1 (555) 010-0001', label: 'mobile' },
    { number: '555-010-0002', label: 'work' },
    { number: '555 010 0003', label: 'fax' },
  ]);
  assert.deepEqual(ada?.emails, ['ada@example.com']);
  assert.deepEqual(ada?.sipUris, ['sip:ada@pbx.example.com']);
  assert.equal(ada?.notes, 'Prefers mornings, not evenings.\nSecond line; with semicolon.');
  assert.equal(ada?.favourite, true);
  assert.equal(jose?.name, 'José Ñúñez 李四');
  assert.deepEqual(jose?.phones, [
    { number: '+34-600-123-456', label: 'mobile' },
    { number: '+34 91 123 45 67', label: 'work' },
  ]);
  assert.deepEqual(jose?.sipUris, ['sip:jose@example.es']);
  assert.equal(jose?.notes, 'This note is long enough that an exporter folds it over several physical lines, and the parser must join them again without the leading space.');
  assert.equal(juergen?.name, 'Jürgen Müller', 'from N, quoted-printable UTF-8');
  assert.deepEqual(juergen?.phones, [
    { number: '+49 151 2345678', label: 'mobile' },
    { number: '030 1234567', label: 'other' },
  ]);
});

test('broken cards become per-card issues and the good ones still parse', () => {
  const parsed = parseVCards(fixture('broken.vcf'));
  assert.deepEqual(parsed.rows.map((r) => [r.row, r.contact.name]), [[1, 'Good One']]);
  assert.deepEqual(parsed.issues.map((i) => i.row), [2, 3, 4, 5]);
  assert.match(parsed.issues[0]?.message ?? '', /card 2 \(line 6\): a contact needs a name/);
  assert.match(parsed.issues[1]?.message ?? '', /VERSION 5.0 is not 2.1, 3.0 or 4.0/);
  assert.match(parsed.issues[2]?.message ?? '', /emails\[0\]: must be an email address/);
  assert.match(parsed.issues[3]?.message ?? '', /ends before END:VCARD/);
});

test('garbage is reported, never thrown', () => {
  const parsed = parseVCards('hello\nworld: yes\n\u0000\u0001');
  assert.equal(parsed.rows.length, 0);
  assert.ok(parsed.issues.length >= 1);
});

test('what we write, we read back, in 3.0 and 4.0, folded at 75 octets', () => {
  const contact: Contact = {
    id: 'x', createdAt: 0, updatedAt: 0,
    name: 'Zoë Ångström-Ñandú',
    organization: 'Acme; Widgets, Inc.',
    phones: [{ number: '+1 555 010 0001', label: 'mobile' }, { number: '201', label: 'work' }, { number: '555 0100', label: 'pager' }],
    sipUris: ['sip:zoe@example.com'],
    emails: ['zoe@example.com'],
    favourite: true,
    notes: `Line one, with comma; and semicolon\\backslash\n${'€'.repeat(60)}`,
  };
  for (const version of ['3.0', '4.0'] as const) {
    const text = formatVCards([contact, { ...contact, name: 'Second', favourite: false }], version);
    for (const line of text.split('\r\n')) assert.ok(Buffer.byteLength(line) <= 75, `line longer than 75 octets: ${line}`);
    const back = parseVCards(text);
    assert.deepEqual(back.issues, []);
    const { id: _id, createdAt: _c, updatedAt: _u, ...rest } = contact;
    assert.deepEqual(back.rows[0]?.contact, { ...rest, phones: contact.phones });
    assert.equal(back.rows[1]?.contact.favourite, false);
  }
});
