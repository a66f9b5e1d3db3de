import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import type { Contact } from './contact';
import { detectDelimiter, formatCsv, parseCsv } from './csv';
import { formatContactsCsv, parseContactsCsv } from './csv-layouts';
import type { ParsedContacts } from './import-rows';

const fixture = (name: string): string => readFileSync(new URL(`../../../test/fixtures/contacts/${name}`, import.meta.url), 'utf8');
const parsed = (text: string): ParsedContacts => {
  const p = parseContactsCsv(text);
  if ('error' in p) throw new Error(p.error);
  return p;
};

test('RFC 4180: quotes, doubled quotes, line breaks in quotes, CRLF/LF, BOM, delimiters', () => {
  const t = parseCsv('\uFEFFa,"b ""x"", y",c\r\n1,"two\nlines",3\n\n4,5,6');
  assert.deepEqual(t.records.map((r) => [r.line, r.fields]), [[1, ['a', 'b "x", y', 'c']], [2, ['1', 'two\nlines', '3']], [5, ['4', '5', '6']]]);
  assert.equal(detectDelimiter('a;b;"c,d"\n'), ';');
  assert.equal(detectDelimiter('a\tb\tc\n'), '\t');
  assert.deepEqual(parseCsv('a,"never closed\nmore').error, { line: 1, message: 'line 1: a quoted field never closes' });
  const rows = [['x', 'a,b', 'say "hi"', 'multi\r\nline', ' pad']];
  assert.deepEqual(parseCsv(formatCsv(rows)).records[0]?.fields, rows[0]);
});

test('Google layout: composed names, ::: multi-values, labels, starred, organization', () => {
  const p = parsed(fixture('google.csv'));
  assert.equal(p.format, 'csv-google');
  assert.deepEqual(p.rows.map((r) => r.contact.name), ['Grace Hopper', 'Alan Turing']);
  const grace = p.rows[0]?.contact;
  assert.deepEqual(grace?.phones, [
    { number: '+1 555-010-0100', label: 'mobile' },
    { number: '+1 555-010-0101', label: 'mobile' },
    { number: '555 010 0102', label: 'fax' },
  ]);
  assert.equal(grace?.notes, 'Rear admiral, "Amazing Grace"\r\nCOBOL');
  assert.equal(grace?.favourite, true);
  assert.equal(grace?.organization, 'US Navy');
  assert.deepEqual(grace?.emails, ['grace@navy.example']);
  assert.deepEqual(p.rows[1]?.contact.phones, [{ number: '+44 161 496 0000', label: 'home' }]);
  assert.deepEqual(p.issues.map((i) => i.row), [3]);
});

test('Outlook layout with ; delimiter, and MicroSIP with SIP addresses', () => {
  const o = parsed(fixture('outlook.csv'));
  assert.equal(o.format, 'csv-outlook');
  assert.equal(o.rows[0]?.contact.name, 'Linus B. Torvalds');
  assert.deepEqual(o.rows[0]?.contact.phones.map((x) => x.label), ['mobile', 'work']);
  assert.deepEqual(o.rows[1]?.contact.phones, [{ number: '617-555-0199', label: 'home' }, { number: '617-555-0198', label: 'fax' }]);
  const m = parsed(fixture('microsip.csv'));
  assert.equal(m.format, 'csv-microsip');
  assert.deepEqual(m.rows.map((r) => [r.contact.name, r.contact.phones.map((x) => x.number), r.contact.sipUris]), [
    ['Reception', ['201'], []],
    ['Door phone', [], ['sip:door@pbx.example.com']],
    ['Bob Mobile', ['+15550100001'], []],
  ]);
});

test('a malformed CSV gives per-row errors, an unknown header a clear error', () => {
  const p = parsed(fixture('broken.csv'));
  assert.deepEqual(p.rows.map((r) => r.contact.name), ['Good']);
  assert.deepEqual(p.issues.map((i) => i.row), [2, 3, 4]);
  assert.match(p.issues[0]?.message ?? '', /row 2 \(line 3\): 4 fields, but the header has 2/);
  assert.match(p.issues[2]?.message ?? '', /quoted field never closes/);
  const unknown = parseContactsCsv('Foo,Bar\n1,2\n');
  assert.ok('error' in unknown && /not a Google, Outlook or MicroSIP/.test(unknown.error));
  assert.ok('error' in parseContactsCsv(''));
});

test('each layout reads back what it writes', () => {
  const c: Contact = {
    id: '1', createdAt: 0, updatedAt: 0, name: 'Ada Lovelace', organization: 'Engines', favourite: true, notes: 'hi, "there"',
    phones: [{ number: '+1 555 010 0001', label: 'mobile' }, { number: '555 010 0002', label: 'work' }], sipUris: ['sip:ada@example.com'], emails: ['ada@example.com'],
  };
  const google = parsed(formatContactsCsv([c], 'csv-google')).rows[0]?.contact;
  assert.deepEqual(google, { name: c.name, organization: c.organization, favourite: true, notes: c.notes, phones: c.phones, sipUris: c.sipUris, emails: c.emails });
  const outlook = parsed(formatContactsCsv([c], 'csv-outlook')).rows[0]?.contact;
  assert.deepEqual(outlook?.phones, c.phones);
  assert.equal(outlook?.notes, 'hi, "there"\nSIP: sip:ada@example.com');
  assert.equal(outlook?.favourite, true);
  const microsip = parsed(formatContactsCsv([c], 'csv-microsip')).rows[0]?.contact;
  assert.deepEqual(microsip?.sipUris, ['sip:ada@example.com']);
  assert.deepEqual(microsip?.phones, [{ number: '555 010 0002', label: 'work' }, { number: '+1 555 010 0001', label: 'mobile' }]);
});
