import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ContactInputSchema, type ContactInput } from './contact';
import { contactKeys, planImport } from './merge';

const c = (partial: Partial<ContactInput>): ContactInput => ContactInputSchema.parse(partial);

test('keys are normalized numbers and SIP user@host', () => {
  assert.deepEqual(contactKeys(c({ phones: [{ number: '(555) 010-0001', label: 'mobile' }, { number: '201', label: 'work' }], sipUris: ['sip:Bob@PBX.example.com;transport=tcp'] }), 'US'), [
    'tel:+15550100001', 'tel:201', 'sip:bob@pbx.example.com',
  ]);
});

test('rows sharing a normalized number merge into one contact, existing ones first', () => {
  const existing = [{ id: 'e1', name: 'Ada', organization: '', phones: [{ number: '+1 555 010 0001', label: 'mobile' as const }], sipUris: [], emails: [], favourite: false, notes: 'old' }];
  const plan = planImport(
    [
      c({ name: 'Ada L.', organization: 'Engines', phones: [{ number: '555-010-0001', label: 'work' }, { number: '555 010 0002', label: 'home' }], notes: 'new', favourite: true }),
      c({ name: 'Grace', phones: [{ number: '555 010 0100', label: 'mobile' }] }),
      c({ name: 'Grace H', phones: [{ number: '+15550100100', label: 'work' }], emails: ['g@example.com'] }),
      c({ name: 'Ada again', phones: [{ number: '5550100002', label: 'home' }] }),
      c({ name: 'No number' }),
    ],
    existing,
    'US',
  );
  assert.equal(plan.merged, 3);
  assert.deepEqual(plan.creates.map((x) => x.name), ['Grace', 'No number']);
  assert.deepEqual(plan.creates[0]?.emails, ['g@example.com']);
  assert.equal(plan.updates.length, 1);
  const ada = plan.updates[0];
  assert.equal(ada?.id, 'e1');
  assert.deepEqual(ada?.contact, {
    name: 'Ada', organization: 'Engines', favourite: true, notes: 'old\nnew', sipUris: [], emails: [],
    phones: [{ number: '+1 555 010 0001', label: 'mobile' }, { number: '555 010 0002', label: 'home' }],
  });
});

test('an identical re-import changes nothing', () => {
  const existing = [{ id: 'e1', name: 'Ada', organization: '', phones: [{ number: '+15550100001', label: 'mobile' as const }], sipUris: [], emails: [], favourite: false, notes: '' }];
  const plan = planImport([c({ name: 'Ada', phones: [{ number: '+15550100001', label: 'mobile' }] })], existing, 'US');
  assert.deepEqual(plan, { creates: [], updates: [], merged: 1 });
});
