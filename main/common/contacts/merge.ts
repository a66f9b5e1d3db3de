/**
 * Duplicate handling for imports: contacts that share a normalized number (or
 * a SIP address) are one person. The first one seen (an existing contact
 * before anything in the file) keeps its fields; the others add what it lacks:
 * numbers, SIP addresses and emails are unioned, an empty name or organization
 * is filled, notes are appended, favourite wins.
 */
import { CONTACT_LIMITS, type Contact, type ContactInput } from './contact';
import { normalizeNumber, sipUriKey } from './phone-number';

/** The match keys of a contact: `tel:<E.164 or digits>` and `sip:<user@host>`. */
export function contactKeys(c: { readonly phones: ReadonlyArray<{ number: string }>; readonly sipUris: readonly string[] }, region: string): string[] {
  const keys = new Set<string>();
  for (const p of c.phones) {
    const k = normalizeNumber(p.number, region).key;
    if (k) keys.add(`tel:${k}`);
  }
  for (const u of c.sipUris) {
    const k = sipUriKey(u);
    if (k) keys.add(`sip:${k.toLowerCase()}`);
  }
  return [...keys];
}

/** `b` merged into `a` (a's values win). */
export function mergeContacts(a: ContactInput, b: ContactInput, region: string): ContactInput {
  const phoneKey = (n: string): string => normalizeNumber(n, region).key || n;
  const seenPhones = new Set(a.phones.map((p) => phoneKey(p.number)));
  const phones = [...a.phones, ...b.phones.filter((p) => !seenPhones.has(phoneKey(p.number)) && seenPhones.add(phoneKey(p.number)))];
  const union = (x: readonly string[], y: readonly string[]): string[] => {
    const seen = new Set(x.map((v) => v.toLowerCase()));
    return [...x, ...y.filter((v) => !seen.has(v.toLowerCase()) && seen.add(v.toLowerCase()))];
  };
  const notes = !b.notes || a.notes.includes(b.notes) ? a.notes : a.notes ? `${a.notes}\n${b.notes}` : b.notes;
  return {
    name: a.name || b.name,
    organization: a.organization || b.organization,
    phones: phones.slice(0, CONTACT_LIMITS.phones),
    sipUris: union(a.sipUris, b.sipUris).slice(0, CONTACT_LIMITS.sipUris),
    emails: union(a.emails, b.emails).slice(0, CONTACT_LIMITS.emails),
    favourite: a.favourite || b.favourite,
    notes: notes.slice(0, CONTACT_LIMITS.notes),
  };
}

/** What an import will do, computed before anything is written. */
export interface ImportPlan {
  /** New contacts, in file order. */
  readonly creates: ContactInput[];
  /** Existing contacts that gain data from the file. */
  readonly updates: Array<{ readonly id: string; readonly contact: ContactInput }>;
  /** How many file rows were folded into another contact (existing or earlier in the file). */
  readonly merged: number;
}

/** The part of a stored contact the planner needs. */
export type ExistingContact = Pick<Contact, 'id' | 'name' | 'organization' | 'phones' | 'sipUris' | 'emails' | 'favourite' | 'notes'>;

/**
 * Plans an import of `incoming` rows against `existing` contacts (those that
 * share at least one key with the file; the caller looks them up by
 * {@link contactKeys}).
 */
export function planImport(incoming: readonly ContactInput[], existing: readonly ExistingContact[], region: string): ImportPlan {
  type Target = { contact: ContactInput; id?: string; changed: boolean };
  const byKey = new Map<string, Target>();
  const creates: Target[] = [];
  const touched = new Set<Target>();
  const index = (t: Target): void => {
    for (const k of contactKeys(t.contact, region)) if (!byKey.has(k)) byKey.set(k, t);
  };
  for (const e of existing) {
    const { id, ...rest } = e;
    index({ id, contact: { ...rest, phones: rest.phones.map((p) => ({ number: p.number, label: p.label })) }, changed: false });
  }
  let merged = 0;
  for (const row of incoming) {
    const target = contactKeys(row, region).map((k) => byKey.get(k)).find((t) => t !== undefined);
    if (!target) {
      const t: Target = { contact: row, changed: false };
      creates.push(t);
      index(t);
      continue;
    }
    merged += 1;
    const next = mergeContacts(target.contact, row, region);
    if (JSON.stringify(next) !== JSON.stringify(target.contact)) {
      target.contact = next;
      target.changed = true;
      if (target.id !== undefined) touched.add(target);
    }
    index(target);
  }
  return {
    creates: creates.map((t) => t.contact),
    updates: [...touched].map((t) => ({ id: t.id as string, contact: t.contact })),
    merged,
  };
}
