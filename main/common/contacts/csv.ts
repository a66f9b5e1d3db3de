/**
 * RFC 4180 CSV reading and writing.
 *
 * Hand-written because it is small and main/common may not pull Node-only
 * packages; the npm CSV parsers are stream-based over node:stream. Covers:
 * quoted fields with doubled quotes, line breaks inside quotes, CRLF or LF, a
 * UTF-8 BOM, and `,` `;` or tab as the delimiter (Outlook writes `;` in
 * locales whose decimal mark is a comma), chosen from the header line.
 */

/** One record, with the 1-based line where it starts. */
export interface CsvRecord {
  readonly fields: string[];
  readonly line: number;
}

/** A parsed file; `error` is set when a quote never closes (the records before it stand). */
export interface CsvTable {
  readonly records: CsvRecord[];
  readonly error?: { readonly line: number; readonly message: string };
}

/** Picks the delimiter that splits the header line into the most fields. */
export function detectDelimiter(text: string): ',' | ';' | '\t' {
  const header = (text.replace(/^\uFEFF/, '').split(/\r?\n/)[0] ?? '').replace(/"[^"]*"/g, '');
  const count = (d: string): number => header.split(d).length;
  const best = ([',', ';', '\t'] as const).reduce((a, b) => (count(b) > count(a) ? b : a));
  return best;
}

/** Parses CSV text into records (blank lines skipped). */
export function parseCsv(text: string, delimiter: string = detectDelimiter(text)): CsvTable {
  const src = text.replace(/^\uFEFF/, '');
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let start = 1;
  let i = 0;
  let quoted = false;
  let quoteLine = 0;
  const endRecord = (): void => {
    fields.push(field);
    if (!(fields.length === 1 && fields[0] === '')) records.push({ fields, line: start });
    fields = [];
    field = '';
  };
  while (i < src.length) {
    const ch = src[i] as string;
    if (quoted) {
      if (ch === '"') {
        if (src[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else {
        if (ch === '\n') line += 1;
        field += ch;
      }
      i += 1;
      continue;
    }
    if (ch === '"' && field.trim() === '') {
      quoted = true;
      quoteLine = line;
      field = '';
    } else if (ch === delimiter) {
      fields.push(field);
      field = '';
    } else if (ch === '\r' || ch === '\n') {
      if (ch === '\r' && src[i + 1] === '\n') i += 1;
      endRecord();
      line += 1;
      start = line;
    } else {
      field += ch;
    }
    i += 1;
  }
  if (quoted) return { records, error: { line: quoteLine, message: `line ${quoteLine}: a quoted field never closes` } };
  if (field !== '' || fields.length > 0) endRecord();
  return { records };
}

/** Quotes a field when it needs it. */
function quote(field: string): string {
  return /[",\r\n;]/.test(field) || /^\s|\s$/.test(field) ? `"${field.replace(/"/g, '""')}"` : field;
}

/** Writes records as RFC 4180 CSV (comma, CRLF). */
export function formatCsv(rows: ReadonlyArray<readonly string[]>): string {
  return rows.map((r) => r.map(quote).join(',')).join('\r\n') + '\r\n';
}
