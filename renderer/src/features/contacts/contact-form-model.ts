/**
 * The contact form's values and their conversion to a `ContactInput`,
 * validated by the same zod schema the core uses, so the form shows the
 * core's own words next to the field they belong to. Also the draft a call in
 * the history prefills. Pure.
 */
import { ContactInputSchema, PhoneLabelSchema, type Contact, type ContactInput, type PhoneLabel } from '../../../../main/common/contacts/contact';

/** The phone labels, in the order the picker lists them. */
export const PHONE_LABELS: readonly PhoneLabel[] = PhoneLabelSchema.options;

/** What a person reads for each label. */
export const phoneLabelNames: Readonly<Record<PhoneLabel, string>> = { mobile: 'Mobile', work: 'Work', home: 'Home', main: 'Main', fax: 'Fax', pager: 'Pager', other: 'Other' };

/** One number row of the form. */
export interface PhoneRow {
  readonly number: string;
  readonly label: PhoneLabel;
}

/** Every field of the form, as the inputs hold them. SIP addresses and emails: one per line. */
export interface ContactFormValues {
  readonly name: string;
  readonly organization: string;
  readonly phones: readonly PhoneRow[];
  readonly sipUris: string;
  readonly emails: string;
  readonly favourite: boolean;
  readonly notes: string;
}

/** Where an error points: a field, one number row (`phone-2`), or the form as a whole. */
export type ContactField = 'name' | 'organization' | 'sipUris' | 'emails' | 'notes' | 'form' | `phone-${number}`;

/** Errors per field. */
export type ContactFieldErrors = Partial<Record<ContactField, string>>;

/** A new contact's empty form: one empty mobile number row to type into. */
export const emptyContactForm: ContactFormValues = { name: '', organization: '', phones: [{ number: '', label: 'mobile' }], sipUris: '', emails: '', favourite: false, notes: '' };

/** The form filled from a stored contact (what the user typed, not the E.164 form). */
export function formValuesFromContact(contact: Contact): ContactFormValues {
  return {
    name: contact.name,
    organization: contact.organization,
    phones: contact.phones.length > 0 ? contact.phones.map((p) => ({ number: p.number, label: p.label })) : [{ number: '', label: 'mobile' }],
    sipUris: contact.sipUris.join('\n'),
    emails: contact.emails.join('\n'),
    favourite: contact.favourite,
    notes: contact.notes,
  };
}

const phoneLike = /^\+?[\d\s().-]{2,}$/;

/**
 * A draft for "Add to contacts" from a call: the number as a phone (a
 * `tel:` URI, or a SIP URI whose user part is digits), else the SIP address;
 * the display name when the call carried one.
 */
export function draftFromCall(remoteUri: string, displayName?: string): ContactFormValues {
  const uri = (/<([^>]+)>/.exec(remoteUri)?.[1] ?? remoteUri).trim();
  const tel = /^tel:([^;]+)/i.exec(uri)?.[1];
  const sip = /^(sips?):([^@;]+)@([^;>]+)/i.exec(uri);
  const user = tel ?? sip?.[2];
  const name = displayName?.trim() ?? '';
  if (user !== undefined && phoneLike.test(user)) return { ...emptyContactForm, name, phones: [{ number: user, label: 'mobile' }] };
  const sipUri = sip ? `${(sip[1] ?? 'sip').toLowerCase()}:${sip[2] ?? ''}@${sip[3] ?? ''}` : uri;
  return { ...emptyContactForm, name, phones: [], sipUris: sipUri };
}

const lines = (text: string): string[] =>
  text
    .split(/[\n,]/)
    .map((l) => l.trim())
    .filter((l) => l !== '');

/** `bob@pbx` → `sip:bob@pbx` (people leave the scheme out); anything with a scheme is kept as typed. */
export function withSipScheme(address: string): string {
  return /^[a-z][a-z0-9+.-]*:/i.test(address) ? address : `sip:${address}`;
}

/** Validates the form with the core's schema: the input to send, or the errors per field. */
export function toContactInput(values: ContactFormValues): { ok: true; input: ContactInput } | { ok: false; errors: ContactFieldErrors } {
  const phones = values.phones.map((p, index) => ({ ...p, number: p.number.trim(), index })).filter((p) => p.number !== '');
  const candidate = {
    name: values.name,
    organization: values.organization,
    phones: phones.map(({ number, label }) => ({ number, label })),
    sipUris: lines(values.sipUris).map(withSipScheme),
    emails: lines(values.emails),
    favourite: values.favourite,
    notes: values.notes,
  };
  const parsed = ContactInputSchema.safeParse(candidate);
  if (parsed.success) return { ok: true, input: parsed.data };
  const errors: ContactFieldErrors = {};
  for (const issue of parsed.error.issues) {
    const [head, index] = issue.path;
    let field: ContactField;
    let message = issue.message;
    if (head === 'phones') field = `phone-${typeof index === 'number' ? (phones[index]?.index ?? 0) : 0}`;
    else if (head === 'sipUris' || head === 'emails') {
      field = head;
      if (typeof index === 'number') message = `line ${index + 1}: ${message}`;
    } else if (head === 'name' || head === 'organization' || head === 'notes') field = head;
    else field = 'form';
    errors[field] ??= message;
  }
  return { ok: false, errors };
}
