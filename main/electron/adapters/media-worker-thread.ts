/**
 * Starts the media worker as a `worker_thread` and adapts it to the core's
 * MediaWorkerHandle. The entry is `media-worker.cjs` beside the bundled main
 * process, or `media-worker.ts` when running from source under tsx (whose
 * loader a worker does not inherit for its entry file, so a two-line ESM
 * shim imports it through `tsx/esm/api`).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { MediaWorkerHandle } from '../../core/media/engine';

/** Which audio the worker opens. */
export type WorkerAudio = { readonly kind: 'files'; readonly input?: string; readonly output?: string } | { readonly kind: 'devices' };

/** What the worker receives as `workerData`. */
export interface MediaWorkerData {
  readonly audio: WorkerAudio;
}

/** Finds the worker entry next to this module (bundled `.cjs`, or `.ts` from source). */
function entry(): { url: URL; source: boolean } {
  const here = import.meta.url;
  // Names in variables: bundlers treat `new URL('literal', import.meta.url)` as an asset to copy.
  const bundledName = './media-worker.cjs';
  const sourceName = '../media-worker.ts';
  const bundled = new URL(bundledName, here);
  if (existsSync(fileURLToPath(bundled))) return { url: bundled, source: false };
  return { url: new URL(sourceName, here), source: true };
}

/** Starts one media worker. */
export function spawnMediaWorker(data: MediaWorkerData): MediaWorkerHandle {
  const { url, source } = entry();
  const worker = source
    ? new Worker(`import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then(({ tsImport }) => tsImport(${JSON.stringify(url.href)}, ${JSON.stringify(url.href)}))`, { eval: true, workerData: data, execArgv: [] })
    : new Worker(url, { workerData: data });
  let exited = false;
  const exitListeners: Array<(reason: string) => void> = [];
  const exit = (reason: string): void => {
    if (exited) return;
    exited = true;
    for (const l of exitListeners) l(reason);
  };
  worker.on('error', (error) => exit(error instanceof Error ? error.message : String(error)));
  worker.on('exit', (code) => exit(`exit code ${code}`));
  return {
    postMessage: (message) => worker.postMessage(message),
    onMessage: (listener) => worker.on('message', listener),
    onExit: (listener) => exitListeners.push(listener),
    async terminate() {
      exited = true;
      await worker.terminate();
    },
  };
}
