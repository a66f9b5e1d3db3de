/**
 * The contact model: what the address book stores, imports, exports and shows.
 * A contact has one display name, an organization, several labelled numbers,
 * SIP URIs, email addresses, a favourite flag and free-form notes. Numbers keep
 * what the user typed; their E.164 form (for matching) is derived, never typed.
 */
import { z } from 'zod';

/** The kinds of phone numbers a contact can hold (vCard TYPE and CSV columns map onto these). */
export const PhoneLabelSchema = z.enum(['mobile', 'work', 'home', 'main', 'fax', 'pager', 'other']);
/** One of {@link PhoneLabelSchema}. */
export type PhoneLabel = z.infer<typeof PhoneLabelSchema>;

/** A number as the user entered it, with its label. */
export const ContactPhoneSchema = z.strictObject({
  number: z.string().trim().min(1).max(64),
  label: PhoneLabelSchema,
});
/** A labelled phone number. */
export type ContactPhone = z.infer<typeof ContactPhoneSchema>;

/** A number as stored: plus its E.164 form when it could be normalized. */
export const StoredPhoneSchema = ContactPhoneSchema.extend({ e164: z.string().optional() });
/** A stored, normalized phone number. */
export type StoredPhone = z.infer<typeof StoredPhoneSchema>;

/** Limits that keep one contact bounded, whatever a file says. */
export const CONTACT_LIMITS = { name: 256, organization: 256, notes: 4000, phones: 20, sipUris: 10, emails: 10 } as const;

/** What a client sends to create or edit a contact. */
export const ContactInputSchema = z
  .strictObject({
    name: z.string().trim().max(CONTACT_LIMITS.name).default(''),
    organization: z.string().trim().max(CONTACT_LIMITS.organization).default(''),
    phones: z.array(ContactPhoneSchema).max(CONTACT_LIMITS.phones).default([]),
    sipUris: z.array(z.string().trim().regex(/^sips?:[^\s]+$/i, 'must start with sip: or sips:').max(256)).max(CONTACT_LIMITS.sipUris).default([]),
    emails: z.array(z.string().trim().regex(/^[^\s@]+@[^\s@]+$/, 'must be an email address').max(256)).max(CONTACT_LIMITS.emails).default([]),
    favourite: z.boolean().default(false),
    notes: z.string().max(CONTACT_LIMITS.notes).default(''),
  })
  .refine((c) => c.name !== '' || c.organization !== '' || c.phones.length > 0 || c.sipUris.length > 0, {
    message: 'a contact needs a name, an organization, a number or a SIP address',
  });
/** A contact as a client sends it (parsed: defaults filled in). */
export type ContactInput = z.output<typeof ContactInputSchema>;

/** A stored contact, as clients see it. */
export const ContactSchema = z.strictObject({
  id: z.string(),
  name: z.string(),
  organization: z.string(),
  phones: z.array(StoredPhoneSchema),
  sipUris: z.array(z.string()),
  emails: z.array(z.string()),
  favourite: z.boolean(),
  notes: z.string(),
  createdAt: z.number(),
  updatedAt: z.number(),
});
/** A stored contact. */
export type Contact = z.infer<typeof ContactSchema>;

/** The name to show for a contact: its name, else its organization, else its first number or URI. */
export function displayNameOf(c: Pick<Contact, 'name' | 'organization' | 'phones' | 'sipUris'>): string {
  return c.name || c.organization || c.phones[0]?.number || c.sipUris[0] || '';
}
