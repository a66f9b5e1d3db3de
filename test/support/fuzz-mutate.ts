/**
 * Seeded mutation fuzzing for the media tests: a mulberry32 PRNG (so every
 * failure replays from its seed and index) and byte/text mutators: bit flips,
 * truncations, byte insertions, length-field corruption, splicing of two
 * valid fixtures, plus line-level SDP mutations. Plus a greedy minimizer for
 * reproducers.
 */

/** A seeded PRNG returning floats in [0, 1). */
export type Rand = () => number;

export { seededRandom as prng } from '../../main/common/seeded-random';

/** An integer in [0, n). */
export function int(rand: Rand, n: number): number {
  return Math.floor(rand() * n);
}

/** One element of a non-empty list. */
export function pick<T>(rand: Rand, list: readonly T[]): T {
  const v = list[int(rand, list.length)];
  if (v === undefined) throw new Error('pick from an empty list');
  return v;
}

/** The byte mutations, by name (for the report). */
export type ByteMutation = 'bitflip' | 'truncate' | 'insert' | 'length-field' | 'splice' | 'overwrite' | 'duplicate-tail';

/** Values that break length and count fields. */
const EXTREMES16 = [0, 1, 2, 3, 0x7f, 0x80, 0xff, 0x100, 0x7fff, 0x8000, 0xfffe, 0xffff];

/**
 * Applies 1-3 random mutations to a copy of `base`. `lengthOffsets` are the
 * offsets of 8/16-bit length or count fields in the fixture (RTP CC/extension
 * length, RTCP length, …) for targeted corruption; `others` feed splicing.
 */
export function mutateBytes(rand: Rand, base: Uint8Array, others: readonly Uint8Array[], lengthOffsets: readonly number[] = []): { bytes: Uint8Array; ops: ByteMutation[] } {
  let b = Uint8Array.from(base);
  const ops: ByteMutation[] = [];
  const n = 1 + int(rand, 3);
  for (let k = 0; k < n; k++) {
    const op = pick<ByteMutation>(rand, ['bitflip', 'bitflip', 'truncate', 'insert', 'length-field', 'length-field', 'splice', 'overwrite', 'duplicate-tail']);
    ops.push(op);
    switch (op) {
      case 'bitflip': {
        if (b.length === 0) break;
        const flips = 1 + int(rand, 4);
        for (let i = 0; i < flips; i++) {
          const at = int(rand, b.length);
          b[at] = (b[at] ?? 0) ^ (1 << int(rand, 8));
        }
        break;
      }
      case 'truncate':
        b = b.subarray(0, int(rand, b.length + 1)).slice();
        break;
      case 'insert': {
        const at = int(rand, b.length + 1);
        const ins = Uint8Array.from({ length: 1 + int(rand, 16) }, () => int(rand, 256));
        const out = new Uint8Array(b.length + ins.length);
        out.set(b.subarray(0, at), 0);
        out.set(ins, at);
        out.set(b.subarray(at), at + ins.length);
        b = out;
        break;
      }
      case 'length-field': {
        const offsets = lengthOffsets.length > 0 && rand() < 0.8 ? lengthOffsets : [int(rand, Math.max(1, b.length))];
        const at = pick(rand, offsets);
        if (at + 1 < b.length) {
          const v = rand() < 0.7 ? pick(rand, EXTREMES16) : int(rand, 65536);
          b[at] = v >> 8;
          b[at + 1] = v & 0xff;
        } else if (at < b.length) b[at] = int(rand, 256);
        break;
      }
      case 'splice': {
        const other = others.length > 0 ? pick(rand, others) : b;
        const cut = int(rand, b.length + 1);
        const from = int(rand, other.length + 1);
        const out = new Uint8Array(cut + other.length - from);
        out.set(b.subarray(0, cut), 0);
        out.set(other.subarray(from), cut);
        b = out;
        break;
      }
      case 'overwrite': {
        if (b.length === 0) break;
        const at = int(rand, b.length);
        const len = Math.min(b.length - at, 1 + int(rand, 8));
        for (let i = 0; i < len; i++) b[at + i] = rand() < 0.5 ? pick(rand, [0, 0xff, 0x80, 0x7f]) : int(rand, 256);
        break;
      }
      case 'duplicate-tail': {
        const from = int(rand, b.length + 1);
        const out = new Uint8Array(b.length + (b.length - from));
        out.set(b, 0);
        out.set(b.subarray(from), b.length);
        b = out;
        break;
      }
    }
  }
  return { bytes: b, ops };
}

/** Numbers that break SDP fields (ports, payload types, counts, ptime, rates). */
const SDP_NUMBERS = ['0', '-1', '1', '65535', '65536', '99999999999999999999', '4294967296', 'NaN', '1e309', '0x10', '', ' ', '127', '128', '255', '9'.repeat(400)];

/**
 * Mutates SDP text: line-level (delete, duplicate, swap, splice lines of
 * another fixture, numbers replaced by extreme values, CRLF/LF/CR changes,
 * attribute values emptied) or byte-level on its latin1 bytes.
 */
export function mutateSdp(rand: Rand, base: string, others: readonly string[]): string {
  if (rand() < 0.3) {
    const bytes = Uint8Array.from(Buffer.from(base, 'latin1'));
    const lineStarts = [...base.matchAll(/(^|\n)/g)].map((m) => (m.index ?? 0) + (m[0].length > 0 ? 1 : 0));
    const { bytes: out } = mutateBytes(rand, bytes, others.map((o) => Uint8Array.from(Buffer.from(o, 'latin1'))), lineStarts);
    return Buffer.from(out).toString('latin1');
  }
  let lines = base.split(/\r?\n/);
  const n = 1 + int(rand, 4);
  for (let k = 0; k < n; k++) {
    const i = int(rand, Math.max(1, lines.length));
    const op = int(rand, 9);
    switch (op) {
      case 0:
        lines.splice(i, 1);
        break;
      case 1:
        lines.splice(i, 0, lines[i] ?? '');
        break;
      case 2: {
        const j = int(rand, Math.max(1, lines.length));
        const a = lines[i] ?? '';
        lines[i] = lines[j] ?? '';
        lines[j] = a;
        break;
      }
      case 3: {
        const other = others.length > 0 ? pick(rand, others).split(/\r?\n/) : lines;
        const from = int(rand, Math.max(1, other.length));
        lines.splice(i, int(rand, 3), ...other.slice(from, from + 1 + int(rand, 4)));
        break;
      }
      case 4:
      case 5: {
        let hits = 0;
        const target = int(rand, 4);
        lines[i] = (lines[i] ?? '').replace(/\d+/g, (m) => (hits++ === target || rand() < 0.3 ? pick(rand, SDP_NUMBERS) : m));
        break;
      }
      case 6:
        lines[i] = (lines[i] ?? '').replace(/:.*$/, rand() < 0.5 ? ':' : `:${'x'.repeat(int(rand, 3000))}`);
        break;
      case 7:
        lines[i] = (lines[i] ?? '').replace(/ /g, rand() < 0.5 ? '' : '  ');
        break;
      case 8:
        lines = lines.slice(0, i);
        break;
    }
  }
  const eol = pick(rand, ['\r\n', '\r\n', '\n', '\r', '\r\n\r\n']);
  return lines.join(eol) + (rand() < 0.8 ? eol : '');
}

/**
 * Greedy minimizer: drops chunks (halving sizes) while `fails` still holds.
 * Bounded by `budget` calls of `fails`.
 */
export function minimize(input: Uint8Array, fails: (b: Uint8Array) => boolean, budget = 2000): Uint8Array {
  let cur = input;
  let calls = 0;
  for (let chunk = Math.max(1, cur.length >> 1); chunk >= 1 && calls < budget; chunk >>= 1) {
    let at = 0;
    while (at < cur.length && calls < budget) {
      const cand = new Uint8Array(cur.length - Math.min(chunk, cur.length - at));
      cand.set(cur.subarray(0, at), 0);
      cand.set(cur.subarray(at + chunk), at);
      calls++;
      if (fails(cand)) cur = cand;
      else at += chunk;
    }
  }
  return cur;
}

/** Text version of {@link minimize} (latin1), by lines first, then characters. */
export function minimizeText(input: string, fails: (s: string) => boolean, budget = 2000): string {
  const lines = input.split('\n');
  let cur = lines;
  let calls = 0;
  for (let i = 0; i < cur.length && calls < budget; ) {
    const cand = [...cur.slice(0, i), ...cur.slice(i + 1)];
    calls++;
    if (fails(cand.join('\n'))) cur = cand;
    else i++;
  }
  const text = cur.join('\n');
  const bytes = minimize(Uint8Array.from(Buffer.from(text, 'latin1')), (b) => fails(Buffer.from(b).toString('latin1')), budget - calls);
  return Buffer.from(bytes).toString('latin1');
}
