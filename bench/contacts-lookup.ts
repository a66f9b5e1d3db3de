/**
 * Benchmark: caller-ID lookup of an incoming number in an address book of
 * 10,000 contacts (issue goal: ≤ 5 ms), and search-as-you-type, through the
 * same code the app runs (contacts service → SQLite store in a file, WAL).
 *
 * The book is built by importing a generated vCard file of 10,000 cards (two
 * numbers and a SIP address each), which also times a large import. Lookups
 * are incoming URIs in the shapes a PBX sends (`sip:+1555…@pbx;user=phone`,
 * national digits, extensions, SIP user@host), half of them unknown numbers.
 * baresip has no contacts database, so there is nothing to compare against.
 *
 * Run: `node --import tsx bench/contacts-lookup.ts [lookups]`. Prints a Markdown table.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { seededRandom } from '../main/common/seeded-random';
import { createDataServices } from '../main/core/data/data-services';
import { createEventHub } from '../main/core/events/event-hub';
import { createNodeFiles } from '../main/electron/adapters/node-files';
import { createSystemClock } from '../main/electron/adapters/system-clock';
import { createSqliteStorage } from '../native/storage/sqlite-storage';
import { recordingLogger } from '../test/support/fakes';

const CONTACTS = 10_000;
const lookups = Number(process.argv[2] ?? 2000);
const random = seededRandom(42);
const dir = mkdtempSync(join(tmpdir(), 'dialtone-bench-contacts-'));

const first = ['Ada', 'Grace', 'Alan', 'Linus', 'Margaret', 'José', 'Zoë', 'Björn', 'Chloé', 'Dmitri', 'Aiko', 'Nnamdi'];
const last = ['Lovelace', 'Hopper', 'Turing', 'Torvalds', 'Hamilton', 'Núñez', 'Ångström', 'Müller', 'Dubois', 'Ivanov', 'Tanaka', 'Okafor'];
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;
const mobile = (i: number): string => `+1 202 55${String(i).padStart(5, '0')}`;
const office = (i: number): string => `(303) 4${String(i).padStart(6, '0')}`;

function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}

async function main(): Promise<void> {
  const cards: string[] = [];
  for (let i = 0; i < CONTACTS; i++) {
    cards.push(['BEGIN:VCARD', 'VERSION:3.0', `FN:${pick(first)} ${pick(last)} ${i}`, `ORG:Company ${i % 500}`, `TEL;TYPE=CELL:${mobile(i)}`, `TEL;TYPE=WORK:${office(i)}`, `X-SIP:sip:user${i}@pbx.example.com`, 'END:VCARD'].join('\r\n'));
  }
  const vcf = join(dir, 'book.vcf');
  writeFileSync(vcf, cards.join('\r\n') + '\r\n');

  const hub = createEventHub(recordingLogger());
  const storage = createSqliteStorage({ path: join(dir, 'dialtone.db') });
  const data = createDataServices({ storage, files: createNodeFiles(), clock: createSystemClock(), logger: recordingLogger(), core: { subscribe: hub.subscribe, publish: (e, d) => void hub.emit(e, d) }, defaultRegion: 'US' });
  await data.settings.get();
  const p0 = performance.now();
  await data.contacts.preview(vcf);
  const previewMs = performance.now() - p0;
  const t0 = performance.now();
  const imported = await data.contacts.import(vcf, { skipInvalid: false });
  const importMs = performance.now() - t0;
  if (!imported.ok || imported.data.imported !== CONTACTS) throw new Error(`import failed: ${JSON.stringify(imported)}`);

  const shapes = [
    (i: number) => `sip:${mobile(i).replace(/\s/g, '')}@pbx.example.com;user=phone`,
    (i: number) => `sip:303${`4${String(i).padStart(6, '0')}`}@10.0.0.1`,
    (i: number) => `sip:user${i}@pbx.example.com`,
    (i: number) => mobile(i),
  ];
  for (let n = 0; n < 200; n++) await data.contacts.lookup((shapes[n % shapes.length] as (i: number) => string)(n)); // warm-up (JIT, page cache)
  const times: number[] = [];
  let hits = 0;
  for (let n = 0; n < lookups; n++) {
    const known = n % 2 === 0;
    const i = known ? Math.floor(random() * CONTACTS) : CONTACTS + Math.floor(random() * CONTACTS);
    const uri = (shapes[n % shapes.length] as (i: number) => string)(i);
    const start = performance.now();
    const r = await data.contacts.lookup(uri);
    times.push(performance.now() - start);
    if (!r.ok) throw new Error(r.error.message);
    if (r.data) hits += 1;
    if (known !== (r.data !== null)) throw new Error(`wrong answer for ${uri}`);
  }
  times.sort((a, b) => a - b);

  const queries = ['a', 'ad', 'ada', 'ada lov', 'mül', '55', '5500', '0012', 'company 4'];
  const searchTimes: number[] = [];
  for (let round = 0; round < 20; round++) {
    for (const q of queries) {
      const start = performance.now();
      const r = await data.contacts.search(q, 50);
      searchTimes.push(performance.now() - start);
      if (!r.ok) throw new Error(r.error.message);
    }
  }
  searchTimes.sort((a, b) => a - b);
  await data.shutdown();

  const fmt = (n: number): string => n.toFixed(3);
  console.log(`${CONTACTS} contacts imported from one vCard file in ${importMs.toFixed(0)} ms (preview alone: ${previewMs.toFixed(0)} ms); ${lookups} lookups (${hits} hits, half unknown numbers)\n`);
  console.log('| what | p50 ms | p99 ms | max ms |');
  console.log('|---|---|---|---|');
  console.log(`| caller-ID lookup (contacts.lookup) | ${fmt(quantile(times, 0.5))} | ${fmt(quantile(times, 0.99))} | ${fmt(times[times.length - 1] ?? NaN)} |`);
  console.log(`| search as you type, 50 results (contacts.search) | ${fmt(quantile(searchTimes, 0.5))} | ${fmt(quantile(searchTimes, 0.99))} | ${fmt(searchTimes[searchTimes.length - 1] ?? NaN)} |`);
}

void main();
