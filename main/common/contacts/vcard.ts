/**
 * vCard 2.1, 3.0 (RFC 2426) and 4.0 (RFC 6350) reading and writing.
 *
 * Hand-written on purpose: the npm vCard packages are either unmaintained,
 * pull in Node built-ins (main/common may not), or lose the per-card errors a
 * preview needs. What is covered: many cards per file, folded lines (CRLF or
 * LF followed by a space or tab), escaped `\n \, \; \\`, quoted parameter
 * values, TYPE given as `TYPE=a,b`, repeated `TYPE=`, or bare 2.1 names
 * (`TEL;CELL`), `VALUE=uri` tel: values, QUOTED-PRINTABLE (2.1) with soft line
 * breaks, groups (`item1.TEL`), and SIP addresses in IMPP, X-SIP and tel/sip
 * URIs. A broken card becomes a per-card issue; the others still parse.
 */
import { CONTACT_LIMITS, type Contact, type PhoneLabel } from './contact';
import { acceptRow, emptyRaw, type ImportIssue, type ImportRow, type ParsedContacts, type RawContact } from './import-rows';

interface ContentLine {
  readonly name: string;
  readonly params: ReadonlyMap<string, string[]>;
  readonly value: string;
  readonly line: number;
}

/** Joins folded lines; keeps the 1-based line number where each logical line starts. */
function unfold(text: string): Array<{ text: string; line: number }> {
  const physical = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  const out: Array<{ text: string; line: number }> = [];
  let qpSoftBreak = false;
  physical.forEach((p, i) => {
    const last = out[out.length - 1];
    if (last && (p.startsWith(' ') || p.startsWith('\t'))) {
      last.text += p.slice(1);
    } else if (last && qpSoftBreak) {
      last.text = last.text.slice(0, -1) + p;
    } else {
      out.push({ text: p, line: i + 1 });
    }
    const current = out[out.length - 1];
    qpSoftBreak = current !== undefined && /ENCODING=QUOTED-PRINTABLE/i.test(current.text.split(':')[0] ?? '') && current.text.endsWith('=');
  });
  return out.filter((l) => l.text.trim() !== '');
}

/** Splits on `sep` outside double quotes. */
function splitOutsideQuotes(s: string, sep: string): string[] {
  const parts: string[] = [];
  let cur = '';
  let quoted = false;
  for (const ch of s) {
    if (ch === '"') quoted = !quoted;
    if (ch === sep && !quoted) {
      parts.push(cur);
      cur = '';
    } else cur += ch;
  }
  parts.push(cur);
  return parts;
}

function parseContentLine(text: string, line: number): ContentLine | undefined {
  let colon = -1;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '"') quoted = !quoted;
    else if (text[i] === ':' && !quoted) {
      colon = i;
      break;
    }
  }
  if (colon <= 0) return undefined;
  const [nameWithGroup = '', ...rawParams] = splitOutsideQuotes(text.slice(0, colon), ';');
  const name = (nameWithGroup.split('.').pop() ?? '').toUpperCase();
  const params = new Map<string, string[]>();
  for (const p of rawParams) {
    const eq = p.indexOf('=');
    const key = (eq < 0 ? 'TYPE' : p.slice(0, eq)).toUpperCase();
    const values = (eq < 0 ? p : p.slice(eq + 1)).split(',').map((v) => v.replace(/^"|"$/g, '').trim()).filter(Boolean);
    params.set(key, [...(params.get(key) ?? []), ...values]);
  }
  return { name, params, value: text.slice(colon + 1), line };
}

/** Decodes QUOTED-PRINTABLE bytes as UTF-8 (2.1 exports from phones). */
function decodeQuotedPrintable(value: string): string {
  const percent = value.replace(/=([0-9A-Fa-f]{2})/g, '%$1').replace(/%(?![0-9A-Fa-f]{2})/g, '%25');
  try {
    return decodeURIComponent(percent);
  } catch {
    return value;
  }
}

/** Splits a structured value on unescaped `;` (N, ORG). */
function splitComponents(value: string): string[] {
  const parts: string[] = [];
  let cur = '';
  for (let i = 0; i < value.length; i++) {
    const ch = value[i];
    if (ch === '\\' && i + 1 < value.length) {
      cur += ch + value[i + 1];
      i++;
    } else if (ch === ';') {
      parts.push(cur);
      cur = '';
    } else cur += ch;
  }
  parts.push(cur);
  return parts;
}

/** Undoes vCard text escaping. */
export function unescapeText(value: string): string {
  return value.replace(/\\([nN,;\\:])/g, (_m, c: string) => (c === 'n' || c === 'N' ? '\n' : c));
}

/** Applies vCard text escaping. */
export function escapeText(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\r?\n/g, '\\n').replace(/,/g, '\\,').replace(/;/g, '\\;');
}

/** Maps TYPE parameters to one label; the most specific kind wins. */
export function labelFromTypes(types: readonly string[]): PhoneLabel {
  const t = new Set(types.map((x) => x.toLowerCase()));
  if (t.has('fax')) return 'fax';
  if (t.has('pager')) return 'pager';
  if (t.has('cell') || t.has('mobile') || t.has('iphone')) return 'mobile';
  if (t.has('work')) return 'work';
  if (t.has('home')) return 'home';
  if (t.has('main') || t.has('x-main') || t.has('pref')) return 'main';
  return 'other';
}

const FAVOURITE_CATEGORIES = new Set(['favorite', 'favorites', 'favourite', 'favourites', 'starred']);

function applyLine(c: RawContact, l: ContentLine, state: { n?: string }): void {
  const qp = (l.params.get('ENCODING') ?? []).some((e) => e.toUpperCase() === 'QUOTED-PRINTABLE');
  const value = qp ? decodeQuotedPrintable(l.value) : l.value;
  const types = l.params.get('TYPE') ?? [];
  switch (l.name) {
    case 'FN':
      c.name = unescapeText(value).trim();
      return;
    case 'N': {
      const [family = '', given = '', additional = '', prefix = '', suffix = ''] = splitComponents(value).map((p) => unescapeText(p).trim());
      state.n = [prefix, given, additional, family, suffix].filter(Boolean).join(' ');
      return;
    }
    case 'ORG':
      c.organization = splitComponents(value).map((p) => unescapeText(p).trim()).filter(Boolean).join(', ');
      return;
    case 'TEL': {
      const v = unescapeText(value).trim();
      if (/^sips?:/i.test(v)) c.sipUris.push(v);
      else c.phones.push({ number: v.replace(/^tel:/i, '').replace(/;.*$/, ''), label: labelFromTypes(types) });
      return;
    }
    case 'EMAIL':
      c.emails.push(unescapeText(value).trim().replace(/^mailto:/i, ''));
      return;
    case 'IMPP':
    case 'X-SIP':
    case 'X-SIPURI': {
      const v = unescapeText(value).trim();
      if (/^sips?:/i.test(v)) c.sipUris.push(v);
      else if (l.name !== 'IMPP' && v !== '') c.sipUris.push(`sip:${v}`);
      return;
    }
    case 'NOTE':
      c.notes = c.notes ? `${c.notes}\n${unescapeText(value)}` : unescapeText(value);
      return;
    case 'CATEGORIES':
      if (splitOutsideQuotes(value, ',').some((x) => FAVOURITE_CATEGORIES.has(unescapeText(x).trim().toLowerCase()))) c.favourite = true;
      return;
    case 'X-DIALTONE-FAVOURITE':
    case 'X-FAVORITE':
      c.favourite = /^(1|true|yes)$/i.test(value.trim());
      return;
    default:
      return;
  }
}

/** Parses a file of vCards; each broken card becomes one issue. */
export function parseVCards(text: string): ParsedContacts {
  const rows: ImportRow[] = [];
  const issues: ImportIssue[] = [];
  let card: { raw: RawContact; state: { n?: string }; line: number; version?: string; bad?: string } | undefined;
  let index = 0;
  for (const { text: lineText, line } of unfold(text)) {
    const l = parseContentLine(lineText, line);
    if (!l) {
      if (card) card.bad ??= `line ${line} is not a vCard property ("${lineText.slice(0, 40)}")`;
      else issues.push({ row: index + 1, message: `line ${line}: text outside BEGIN:VCARD … END:VCARD` });
      continue;
    }
    if (l.name === 'BEGIN' && l.value.trim().toUpperCase() === 'VCARD') {
      if (card) issues.push({ row: index, message: `card ${index} (line ${card.line}): no END:VCARD before the next BEGIN:VCARD` });
      index += 1;
      card = { raw: emptyRaw(), state: {}, line };
      continue;
    }
    if (!card) {
      issues.push({ row: index + 1, message: `line ${line}: ${l.name} outside BEGIN:VCARD … END:VCARD` });
      continue;
    }
    if (l.name === 'END' && l.value.trim().toUpperCase() === 'VCARD') {
      const where = `card ${index} (line ${card.line})`;
      if (card.bad) issues.push({ row: index, message: `${where}: ${card.bad}` });
      else if (card.version === undefined) issues.push({ row: index, message: `${where}: no VERSION` });
      else if (!['2.1', '3.0', '4.0'].includes(card.version)) issues.push({ row: index, message: `${where}: VERSION ${card.version} is not 2.1, 3.0 or 4.0` });
      else {
        if (card.raw.name === '' && card.state.n) card.raw.name = card.state.n;
        acceptRow(card.raw, index, where, rows, issues);
      }
      card = undefined;
      continue;
    }
    if (l.name === 'VERSION') card.version = l.value.trim();
    else applyLine(card.raw, l, card.state);
  }
  if (card) issues.push({ row: index, message: `card ${index} (line ${card.line}): the file ends before END:VCARD` });
  return { format: 'vcard', rows, issues };
}

/** Folds one content line at 75 octets (UTF-8), never inside a character. */
function fold(line: string): string {
  const out: string[] = [];
  let cur = '';
  let bytes = 0;
  for (const ch of line) {
    const size = ch.codePointAt(0)! < 0x80 ? 1 : ch.codePointAt(0)! < 0x800 ? 2 : ch.codePointAt(0)! < 0x10000 ? 3 : 4;
    if (bytes + size > (out.length === 0 ? 75 : 74)) {
      out.push(cur);
      cur = '';
      bytes = 0;
    }
    cur += ch;
    bytes += size;
  }
  out.push(cur);
  return out.join('\r\n ');
}

const TYPE_OF_LABEL: Readonly<Record<PhoneLabel, string>> = { mobile: 'cell', work: 'work', home: 'home', main: 'main', fax: 'fax', pager: 'pager', other: 'voice' };

/** Best-effort structured name (vCard N) from a display name: the last word is the family name. */
function structuredName(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  if (words.length < 2) return `${escapeText(name.trim())};;;;`;
  return `${escapeText(words[words.length - 1] ?? '')};${escapeText(words.slice(0, -1).join(' '))};;;`;
}

/** Writes contacts as one vCard file (CRLF, folded), version 3.0 or 4.0. */
export function formatVCards(contacts: readonly Contact[], version: '3.0' | '4.0' = '4.0'): string {
  const lines: string[] = [];
  for (const c of contacts) {
    lines.push('BEGIN:VCARD', `VERSION:${version}`);
    lines.push(`FN:${escapeText(c.name || c.organization || c.phones[0]?.number || c.sipUris[0] || '')}`);
    lines.push(`N:${structuredName(c.name)}`);
    if (c.organization) lines.push(`ORG:${escapeText(c.organization)}`);
    for (const p of c.phones) {
      const type = TYPE_OF_LABEL[p.label];
      lines.push(version === '3.0' ? `TEL;TYPE=${type.toUpperCase()}:${p.number}` : `TEL;VALUE=text;TYPE=${type}:${p.number}`);
    }
    for (const u of c.sipUris) lines.push(version === '3.0' ? `X-SIP:${u}` : `IMPP:${u}`);
    for (const e of c.emails) lines.push(`EMAIL${version === '3.0' ? ';TYPE=INTERNET' : ''}:${e}`);
    if (c.notes) lines.push(`NOTE:${escapeText(c.notes.slice(0, CONTACT_LIMITS.notes))}`);
    if (c.favourite) lines.push('CATEGORIES:Favorites', 'X-DIALTONE-FAVOURITE:1');
    lines.push('END:VCARD');
  }
  return lines.map(fold).join('\r\n') + (lines.length ? '\r\n' : '');
}
