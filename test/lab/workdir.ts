/**
 * Per-run temporary directory for everything the lab writes.
 *
 * Peers get configs, databases, certificates, sockets, logs and recordings
 * under one `mkdtemp` directory per Node process (`$TMPDIR/dialtone-lab-XXXXXX`),
 * so nothing is written anywhere else and parallel test files never share
 * files. The directory is removed when the process exits (after the managed
 * processes have been killed), unless `DIALTONE_LAB_KEEP=1` is set, in which
 * case its path is printed to stderr for debugging.
 *
 * Paths are kept short on purpose: Unix socket paths (Kamailio ctl, dbus,
 * PulseAudio) must fit in 107 bytes.
 *
 * @module
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onProcessExit } from './proc';

/** Environment variable that keeps the work directory after the run. */
export const KEEP_ENV = 'DIALTONE_LAB_KEEP';

let root: string | undefined;
const counters = new Map<string, number>();

/** True when `DIALTONE_LAB_KEEP` asks to keep the work directory. */
export function keepWorkDir(): boolean {
  const v = process.env[KEEP_ENV];
  return v !== undefined && v !== '' && v !== '0' && v.toLowerCase() !== 'false';
}

/**
 * The per-run root directory, created on first use and scheduled for removal
 * at process exit (unless kept).
 */
export function labRoot(): string {
  if (root) return root;
  const dir = mkdtempSync(join(tmpdir(), 'dialtone-lab-'));
  root = dir;
  onProcessExit(() => {
    if (keepWorkDir()) {
      process.stderr.write(`[lab] kept work dir ${dir}\n`);
      return;
    }
    rmSync(dir, { recursive: true, force: true });
  });
  return dir;
}

/**
 * A fresh, unique sub-directory of the run root, e.g. `kamailio-1`,
 * `baresip-alice-2`. Each peer instance gets its own.
 */
export function makeWorkDir(label: string): string {
  const safe = label.replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, 24) || 'dir';
  const n = (counters.get(safe) ?? 0) + 1;
  counters.set(safe, n);
  const dir = join(labRoot(), `${safe}-${n}`);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/**
 * Remove the whole run directory now (normally done at exit). Only call it
 * once every peer is stopped.
 */
export function removeLabRoot(): void {
  if (!root || keepWorkDir()) return;
  rmSync(root, { recursive: true, force: true });
  root = undefined;
}
