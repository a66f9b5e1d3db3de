/**
 * The tiering flags really change when V8 optimizes code that runs at audio
 * rates: a small function called 100 times (with event-loop turns between
 * calls, like the 20 ms tick) reaches TurboFan with the flags applied and
 * stays in the baseline tier with V8's defaults. Each case runs in its own
 * Node process, because V8 flags are per process.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { applyMediaTiering, MEDIA_TIERING_FLAGS } from './v8-tiering';

const script = `
const { applyMediaTiering } = await import(${JSON.stringify(fileURLToPath(new URL('./v8-tiering.ts', import.meta.url)))});
const applied = applyMediaTiering();
class Frame { constructor() { this.buf = new Int16Array(160); this.n = 0; } }
function work(f) { let s = 0; const b = f.buf; for (let i = 0; i < 8; i++) { b[i] = (b[i] + i) & 0xff; s += b[i]; } f.n += 1; return s; }
const f = new Frame();
for (let k = 0; k < 100; k++) { work(f); if (k % 10 === 0) await new Promise((r) => setImmediate(r)); }
await new Promise((r) => setTimeout(r, 100));
work(f);
// V8's OptimizationStatus: bit 6 is "TurboFanned".
console.log(JSON.stringify({ applied, turbofan: (%GetOptimizationStatus(work) & (1 << 6)) !== 0 }));
`;

function run(env: NodeJS.ProcessEnv): { applied: string[]; turbofan: boolean } {
  const out = execFileSync(process.execPath, ['--allow-natives-syntax', '--import', 'tsx', '--input-type=module', '-e', script], { env: { ...process.env, ...env }, encoding: 'utf8', timeout: 20000 });
  return JSON.parse(out.trim().split('\n').pop() ?? '{}') as { applied: string[]; turbofan: boolean };
}

test('with the media tiering flags, code called at audio rates reaches TurboFan', () => {
  const tuned = run({ DIALTONE_V8_TIERING: '' });
  assert.deepEqual(tuned.applied, [...MEDIA_TIERING_FLAGS]);
  assert.equal(tuned.turbofan, true);
});

test('DIALTONE_V8_TIERING=default keeps V8 defaults, under which the same code is not yet optimized', () => {
  const defaults = run({ DIALTONE_V8_TIERING: 'default' });
  assert.deepEqual(defaults.applied, []);
  assert.equal(defaults.turbofan, false);
});

test('the opt-out is read from the environment given', () => {
  assert.deepEqual(applyMediaTiering({ DIALTONE_V8_TIERING: 'default' }), []);
});
