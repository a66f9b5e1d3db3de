// README command 2: every check and every test.
//   1. typecheck (one tsconfig per layer), 2. lint (layer rules), 3. build (electron-vite),
//   4. node:test over every *.test.ts(x): units next to the code, then test/ (integration,
//      real-peer lab, UI in Chromium, Electron launch).
// Options: --only unit (skip test/), --skip-checks (no typecheck/lint/build), [files…].
// Each group ends with its node:test summary; the exit code is non-zero if anything failed.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const argv = process.argv.slice(2);
const only = argv.includes('--only') ? argv[argv.indexOf('--only') + 1] : undefined;
const skipChecks = argv.includes('--skip-checks');
const explicit = argv.filter((a, i) => !a.startsWith('--') && argv[i - 1] !== '--only');

function findTests(dir, out = []) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name.startsWith('.')) continue;
    const full = join(dir, entry.name);
    if (entry.isDirectory()) findTests(full, out);
    else if (/\.test\.tsx?$/.test(entry.name)) out.push(relative(root, full));
  }
  return out;
}

const failed = [];
function step(name, cmd, args) {
  console.log(`\n=== ${name}`);
  const started = Date.now();
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  const ok = r.status === 0;
  console.log(`=== ${name}: ${ok ? 'ok' : 'FAILED'} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  if (!ok) failed.push(name);
}

if (!skipChecks) {
  step('typecheck', process.execPath, ['scripts/typecheck.mjs']);
  step('lint', process.execPath, ['node_modules/eslint/bin/eslint.js', '--max-warnings', '0', '.']);
  step('build', process.execPath, ['node_modules/electron-vite/bin/electron-vite.js', 'build', '--logLevel', 'warn']);
}

let files = explicit.length > 0 ? explicit : ['main', 'native', 'renderer', 'test'].flatMap((d) => findTests(join(root, d)));
if (only === 'unit') files = files.filter((f) => !f.startsWith('test/'));
files.sort((a, b) => Number(a.startsWith('test/')) - Number(b.startsWith('test/')) || a.localeCompare(b));
if (failed.length > 0) console.log(`\nChecks failed before the tests: ${failed.join(', ')}. Running the tests anyway.`);
// Unit files (next to the code) are small and self-contained: two at a time. The files under
// test/ start real peers (Kamailio, baresip, SIPp, PulseAudio) and check real-time audio: one
// at a time, so they do not disturb each other's timing.
const groups = [
  { name: 'unit tests', files: files.filter((f) => !f.startsWith('test/')), concurrency: 2 },
  { name: 'integration tests', files: files.filter((f) => f.startsWith('test/')), concurrency: 1 },
].filter((g) => g.files.length > 0);
for (const group of groups) {
  console.log(`\n=== ${group.name}: ${group.files.length} files`);
  const started = Date.now();
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-timeout=180000', `--test-concurrency=${group.concurrency}`, ...group.files],
    { cwd: root, stdio: 'inherit', env: { ...process.env, DIALTONE_TEST: '1' } },
  );
  console.log(`=== ${group.name}: ${r.status === 0 ? 'ok' : 'FAILED'} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  if (r.status !== 0) failed.push(group.name);
}
if (failed.length > 0) {
  console.error(`\nFAILED: ${failed.join(', ')}`);
  process.exit(1);
}
