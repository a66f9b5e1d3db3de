/**
 * Crash safety: a writer process is SIGKILLed at random (seeded) moments in
 * the middle of bulk writes, many times over the same database. After every
 * kill the database must open, pass `PRAGMA integrity_check` (and FTS5's own
 * integrity check), hold every batch the writer reported committed, and hold
 * no half batch.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { seededRandom } from '../../main/common/seeded-random';
import { openDatabase } from '../../native/storage/sqlite-storage';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const ITERATIONS = 30;
const BATCH = 100;

interface Run {
  committed: number[];
  signal: NodeJS.Signals | null;
}

/**
 * Bundles the writer once into plain JavaScript (sqlite3 stays external and is
 * found through NODE_PATH), so that each of the many runs starts in a fraction
 * of the time tsx needs to compile the sources again.
 */
async function bundleWriter(dir: string): Promise<string> {
  const out = join(dir, 'storage-writer.mjs');
  await build({ entryPoints: [join(repoRoot, 'test/support/storage-writer.ts')], bundle: true, platform: 'node', format: 'esm', external: ['sqlite3'], outfile: out, logLevel: 'error' });
  return out;
}

/** Starts the writer, kills it `killAfterMs` after it is ready, and collects the batches it reported. */
function runAndKill(writer: string, db: string, firstBatch: number, killAfterMs: number): Promise<Run> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env, NODE_PATH: join(repoRoot, 'node_modules') };
    const child = spawn(process.execPath, [writer, db, String(firstBatch), String(BATCH)], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const committed: number[] = [];
    let buf = '';
    let stderr = '';
    const guard = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      buf += chunk;
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        if (line === 'ready') setTimeout(() => child.kill('SIGKILL'), killAfterMs);
        const m = /^committed (\d+)$/.exec(line);
        if (m) committed.push(Number(m[1]));
      }
    });
    child.on('exit', (_code, signal) => {
      clearTimeout(guard);
      if (signal !== 'SIGKILL') reject(new Error(`the writer exited on its own (${signal ?? _code}): ${stderr}`));
      else resolve({ committed, signal });
    });
  });
}

test(`${ITERATIONS} SIGKILLs mid-write: the database opens, passes integrity_check and holds every committed batch`, { timeout: 120_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'dialtone-crash-'));
  const db = join(dir, 'crash.db');
  const writer = await bundleWriter(dir);
  const random = seededRandom(0xd1a1);
  const promised = new Set<number>();
  let kills = 0;
  for (let i = 0; i < ITERATIONS; i++) {
    const run = await runAndKill(writer, db, i * 100_000, 20 + Math.floor(random() * 480));
    kills += run.signal === 'SIGKILL' ? 1 : 0;
    for (const b of run.committed) promised.add(b);
    const conn = await openDatabase(db);
    try {
      const checks = await conn.exclusive(async (sql) => ({
        integrity: await sql.all<{ integrity_check: string }>('PRAGMA integrity_check'),
        batches: await sql.all<{ batch: number; n: number }>("SELECT CAST(substr(id, 1, instr(id, '-') - 1) AS INTEGER) AS batch, COUNT(*) AS n FROM contacts GROUP BY batch"),
        keys: await sql.get<{ n: number }>('SELECT COUNT(*) AS n FROM contact_keys'),
        contacts: await sql.get<{ n: number }>('SELECT COUNT(*) AS n FROM contacts'),
        fts: await sql.get<{ n: number }>('SELECT COUNT(*) AS n FROM contacts_fts'),
        calls: await sql.all<{ call_id: string }>('SELECT call_id FROM calls'),
      }));
      await conn.exclusive((sql) => sql.run("INSERT INTO contacts_fts(contacts_fts) VALUES ('integrity-check')"));
      assert.deepEqual(checks.integrity, [{ integrity_check: 'ok' }], `iteration ${i}`);
      const present = new Map(checks.batches.map((b) => [b.batch, b.n]));
      for (const [batch, n] of present) assert.equal(n, BATCH, `iteration ${i}: batch ${batch} is half there (${n} rows)`);
      for (const b of promised) assert.equal(present.get(b), BATCH, `iteration ${i}: committed batch ${b} is missing`);
      const calls = new Set(checks.calls.map((c) => c.call_id));
      for (const b of promised) assert.ok(calls.has(`call-${b}`), `iteration ${i}: the call of committed batch ${b} is missing`);
      assert.equal(checks.keys?.n, checks.contacts?.n, 'every contact has its key');
      assert.equal(checks.fts?.n, checks.contacts?.n, 'every contact is in the search index');
    } finally {
      await conn.close();
    }
  }
  t.diagnostic(`${kills} kills; ${promised.size} batches of ${BATCH} contacts reported committed, all present`);
  assert.equal(kills, ITERATIONS);
  assert.ok(promised.size >= ITERATIONS, `the writers committed only ${promised.size} batches in all: the kills came too early to test anything`);
});
