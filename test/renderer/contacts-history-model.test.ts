/** The pure helpers behind the contacts, history and call-control views. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import type { Contact } from '../../main/common/contacts/contact';
import type { CallRecord } from '../../main/common/history/call-record';
import type { AccountView, CallView } from '../../main/common/ipc/contract';
import { conferenceOf } from '../../renderer/src/bridge/conference-commands';
import { attendedTargets, canSwap, mergePlan, transferText } from '../../renderer/src/features/calls/call-controls-model';
import { draftFromCall, emptyContactForm, formValuesFromContact, toContactInput, withSipScheme } from '../../renderer/src/features/contacts/contact-form-model';
import { BROWSER_FRAME_LIMIT, bestDialChoice, decodeContactFile, dialChoices, exportFileName, importSizeProblem, initialsOf, issueText } from '../../renderer/src/features/contacts/contacts-model';
import { MAX_FRAME_CHARS } from '../../main/electron/bridges/frames';
import { MAX_IMPORT_BYTES } from '../../main/core/data/contacts-service';
import { MAX_IMPORT_FILE_BYTES } from '../../renderer/src/features/contacts/contacts-model';
import { pickDialAccount } from '../../renderer/src/features/dialpad/dial-account';
import { callBackTarget, filterHistory, formatWhen, historyName, outcomeText } from '../../renderer/src/features/history/history-model';
import { initialState, reduce } from '../../renderer/src/store/reducer';

const ada: Contact = {
  id: 'c1', name: 'Ada Lovelace', organization: 'Analytical Engines', favourite: true, notes: '', emails: ['ada@example.com'], createdAt: 1, updatedAt: 1,
  phones: [{ number: '+1 555 0100', label: 'mobile', e164: '+15550100' }, { number: '201', label: 'work' }],
  sipUris: ['sip:ada@pbx.example.com'],
};

test('the contact form round-trips a contact and builds what contacts.save takes', () => {
  const values = formValuesFromContact(ada);
  assert.equal(values.sipUris, 'sip:ada@pbx.example.com');
  const result = toContactInput({ ...values, phones: [...values.phones, { number: '  ', label: 'home' }], sipUris: 'ada@pbx.example.com\n\nsips:ada@secure.example.com' });
  assert.ok(result.ok);
  if (!result.ok) return;
  assert.deepEqual(result.input.phones, [{ number: '+1 555 0100', label: 'mobile' }, { number: '201', label: 'work' }], 'empty rows are dropped, the E.164 form is never sent');
  assert.deepEqual(result.input.sipUris, ['sip:ada@pbx.example.com', 'sips:ada@secure.example.com'], 'sip: is added where it was left out');
  assert.equal(withSipScheme('tel:+1555'), 'tel:+1555');
});

test('the contact form names each invalid field in the schema\'s words', () => {
  const empty = toContactInput(emptyContactForm);
  assert.equal(empty.ok, false);
  assert.match(!empty.ok ? (empty.errors.form ?? '') : '', /needs a name, an organization, a number or a SIP address/);
  const bad = toContactInput({ ...emptyContactForm, name: 'X', phones: [{ number: '', label: 'mobile' }, { number: 'x'.repeat(65), label: 'work' }], emails: 'ok@example.com\nnot-an-email' });
  assert.equal(bad.ok, false);
  if (bad.ok) return;
  assert.ok(bad.errors['phone-1'], 'the error points at the row the user typed in (row 2), not the filtered index');
  assert.match(bad.errors.emails ?? '', /^line 2: must be an email address/);
});

test('"Add to contacts" prefills a number, else the SIP address, with the display name', () => {
  assert.deepEqual(draftFromCall('sip:+15550100@pbx;user=phone', 'Grace').phones, [{ number: '+15550100', label: 'mobile' }]);
  assert.equal(draftFromCall('sip:+15550100@pbx', 'Grace').name, 'Grace');
  assert.deepEqual(draftFromCall('tel:+44 20 7946 0958').phones, [{ number: '+44 20 7946 0958', label: 'mobile' }]);
  const sip = draftFromCall('"Bob" <sip:bob@127.0.0.1:5060;transport=udp>');
  assert.deepEqual([sip.phones, sip.sipUris], [[], 'sip:bob@127.0.0.1:5060']);
});

test('a contact offers each number, then each SIP address, to call', () => {
  assert.deepEqual(dialChoices(ada), [
    { label: 'Mobile +1 555 0100', target: '+1 555 0100' },
    { label: 'Work 201', target: '201' },
    { label: 'SIP ada@pbx.example.com', target: 'sip:ada@pbx.example.com' },
  ]);
  assert.equal(bestDialChoice(ada, '201')?.target, '201', 'the number holding the typed digits');
  assert.equal(bestDialChoice(ada, 'ada')?.target, '+1 555 0100', 'a name: the first number');
  assert.equal(bestDialChoice({ phones: [], sipUris: [] }, 'x'), undefined);
  assert.equal(initialsOf('Ada King Lovelace'), 'AL');
  assert.equal(initialsOf('+1 555'), '#');
  assert.equal(exportFileName('vcf', new Date(2026, 0, 5)), 'dialtone-contacts-2026-01-05.vcf');
  assert.equal(issueText({ row: 3, message: 'row 3 (line 5): a contact needs a name' }), 'Row 3 (line 5): a contact needs a name');
  assert.equal(issueText({ row: 4, message: 'unsupported vCard version 5.0' }), 'Row 4: unsupported vCard version 5.0');
});

test('a picked file decodes like the core reads it: BOMs, UTF-8, else Windows-1252', () => {
  const utf8 = readFileSync(new URL('../fixtures/contacts/google.csv', import.meta.url));
  assert.match(decodeContactFile(utf8), /^Name,Given Name/, 'the UTF-8 BOM is dropped');
  const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Name\nZoë', 'utf16le')]);
  assert.equal(decodeContactFile(le), 'Name\nZoë');
  const be = Buffer.from([0xfe, 0xff, 0x00, 0x5a, 0x00, 0xeb]);
  assert.equal(decodeContactFile(be), 'Zë');
  // Not UTF-8: Windows-1252 (0x80-0x9F are checked in Chromium only: Node's decoder treats this label as Latin-1 there).
  assert.equal(decodeContactFile(Buffer.from([0x5a, 0x6f, 0xeb])), 'Zoë', 'not UTF-8: Windows-1252');
  assert.equal(decodeContactFile(Buffer.from('Zoë', 'utf8')), 'Zoë');
});

test('a picked file too large to send is refused before it is sent, with the way out', () => {
  assert.equal(BROWSER_FRAME_LIMIT, MAX_FRAME_CHARS, 'the same limit as the browser-mode server');
  assert.equal(MAX_IMPORT_FILE_BYTES, MAX_IMPORT_BYTES, 'the same limit as the core');
  const big = 'BEGIN:VCARD\nFN:x\nEND:VCARD\n'.repeat(40000);
  assert.equal(importSizeProblem('a.vcf', 'BEGIN:VCARD', 'browser'), undefined);
  assert.match(importSizeProblem('big.vcf', big, 'browser') ?? '', /^big\.vcf is 1\.0 MB; in browser mode .* headless contacts\.import/);
  assert.equal(importSizeProblem('big.vcf', big, 'electron'), undefined, 'Electron IPC has no frame limit');
  // JSON escaping counts: newlines double in the frame.
  assert.match(importSizeProblem('nl.csv', '\n'.repeat(600 * 1024), 'browser') ?? '', /browser mode/);
});

const record = (over: Partial<CallRecord>): CallRecord => ({
  id: 1, callId: 'x', accountId: 'a', direction: 'incoming', remoteUri: 'sip:bob@pbx', startedAt: 0, endedAt: 0, durationSeconds: 0, outcome: 'answered', endedBy: 'remote', seen: true, ...over,
});

test('history: filters, names, outcomes in words, when, and what Call back dials', () => {
  const calls = [record({ id: 3, outcome: 'missed', seen: false }), record({ id: 2, outcome: 'answered', durationSeconds: 65, direction: 'outgoing' }), record({ id: 1, outcome: 'failed', direction: 'outgoing' })];
  assert.deepEqual(filterHistory(calls, 'missed').map((c) => c.id), [3]);
  assert.deepEqual(filterHistory(calls, 'all').map((c) => c.id), [3, 2, 1]);
  assert.equal(outcomeText(calls[1] as CallRecord), 'Outgoing · 1:05');
  assert.deepEqual(['missed', 'rejected', 'cancelled', 'failed'].map((o) => outcomeText(record({ outcome: o as CallRecord['outcome'] }))), ['Missed', 'Declined', 'Cancelled', 'Not connected']);
  assert.equal(historyName(record({ displayName: 'Bob Builder' })), 'Bob Builder');
  assert.equal(historyName(record({})), 'bob');
  const now = new Date(2026, 10, 24, 18, 0).getTime();
  assert.equal(formatWhen(new Date(2026, 10, 24, 9, 5).getTime(), now), '09:05');
  assert.equal(formatWhen(new Date(2026, 10, 23, 23, 59).getTime(), now), 'Yesterday 23:59');
  assert.equal(formatWhen(new Date(2026, 10, 2, 7, 0).getTime(), now), '2 Nov 07:00');
  assert.equal(formatWhen(new Date(2025, 0, 2, 7, 0).getTime(), now), '2 Jan 2025 07:00');
  assert.equal(callBackTarget('"Bob" <sip:bob@127.0.0.1:5060;transport=udp>'), 'sip:bob@127.0.0.1:5060');
  assert.equal(callBackTarget('tel:+15550100;phone-context=x'), '+15550100');
});

const call = (over: Partial<CallView>): CallView => ({ callId: 'a', accountId: 'acc', direction: 'outgoing', state: 'active', remoteUri: 'sip:bob@pbx', srtp: false, remoteHold: false, muted: false, startedAt: 0, ...over });

test('call controls: merge joins every call up into one conference; swap and attended transfer', () => {
  const a = call({ callId: 'a' });
  const b = call({ callId: 'b', state: 'held', remoteUri: 'sip:carol@pbx' });
  const ringing = call({ callId: 'r', state: 'ringing', direction: 'incoming' });
  const ids = (p: ReturnType<typeof mergePlan>): unknown => p && [p.anchor.callId, p.joining.map((c) => c.callId)];
  assert.deepEqual(ids(mergePlan([a, b, ringing])), ['a', ['b']]);
  assert.equal(mergePlan([a]), undefined);
  assert.deepEqual(ids(mergePlan([a, b, call({ callId: 'c', state: 'held' })])), ['a', ['b', 'c']], 'three calls: all of them');
  const merged = [{ ...a, conference: 'k' }, { ...b, state: 'active' as const, conference: 'k' }] as unknown as CallView[];
  assert.equal(mergePlan(merged), undefined, 'already one conference');
  assert.deepEqual(ids(mergePlan([call({ callId: 'c', state: 'held' }), ...merged])), ['a', ['c']], 'a held call joins the conference through a member');
  assert.equal(conferenceOf(merged[0] as CallView), 'k');
  assert.equal(conferenceOf(a), undefined);
  assert.equal(canSwap(b, [a, b]), true);
  assert.equal(canSwap(b, [b]), false, 'alone it is Resume');
  assert.deepEqual(attendedTargets(a, [a, b, ringing]).map((c) => c.callId), ['b']);
  assert.equal(transferText({ state: 'failed', status: 486 }), 'Transfer failed (486). The call is still yours.');
  assert.equal(transferText({ state: 'accepted', status: 202 }), 'Transfer accepted, connecting (202)…');
});

test('the account a call goes out on follows the dialpad picker, else the first registered', () => {
  const acc = (id: string, state: AccountView['registration']['state']): AccountView => ({ id, aor: `sip:${id}`, server: 'h', transport: 'udp', srtp: 'off', registration: { state } });
  const list = [acc('a@h', 'failed'), acc('b@h', 'registered')];
  assert.deepEqual([pickDialAccount(list, '').account?.id, pickDialAccount(list, '').canCall], ['b@h', true]);
  assert.deepEqual([pickDialAccount(list, 'a@h').account?.id, pickDialAccount(list, 'a@h').canCall], ['a@h', false]);
  assert.deepEqual(pickDialAccount([], ''), { account: undefined, canCall: false });
});

test('the store counts missed calls and bumps revisions for the views that fetch contacts and history', () => {
  const snap = { seq: 1, app: { name: 'D', version: '1', mode: 'browser' as const }, accounts: [], calls: [] };
  let s = reduce(initialState, { type: 'snapshot', snapshot: snap });
  s = reduce(s, { type: 'event', event: { event: 'history.added', seq: 2, data: { call: record({ outcome: 'missed', seen: false }), missedUnseen: 2 } } });
  assert.deepEqual([s.missedUnseen, s.historyRevision], [2, 1]);
  s = reduce(s, { type: 'event', event: { event: 'contacts.changed', seq: 3, data: { reason: 'saved', ids: ['c1'], count: 1 } } });
  assert.equal(s.contactsRevision, 1);
  s = reduce(s, { type: 'event', event: { event: 'history.changed', seq: 4, data: { missedUnseen: 0 } } });
  assert.deepEqual([s.missedUnseen, s.historyRevision, s.snapshot?.seq], [0, 2, 4]);
  assert.equal(reduce(s, { type: 'missedCounted', missedUnseen: 0 }), s, 'no change, same state');
  assert.equal(reduce(s, { type: 'missedCounted', missedUnseen: 3 }).missedUnseen, 3);
});
