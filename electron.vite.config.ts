/**
 * Builds the three Electron targets into app/dist, offline and without the
 * Electron binary: main (CommonJS, native modules left external), the preload
 * (CommonJS, as sandboxed preloads must be) and the renderer (browser bundle).
 */
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

const root = import.meta.dirname;
/**
 * Loaded at run time from app/node_modules, never bundled: Node-API modules,
 * and packages whose WASM file is found next to their own code.
 */
const nativeModules = ['keytar', 'naudiodon', 'sqlite3', '@evan/opus', '@echogarden/speex-resampler-wasm', '@echogarden/rnnoise-wasm', '@ennuicastr/webrtcaec3.js', 'electron-updater'];

export default defineConfig({
  main: {
    build: {
      outDir: resolve(root, 'app/dist/main'),
      externalizeDeps: false,
      rollupOptions: {
        // The media worker is its own entry: a worker_thread loads it by file.
        input: { index: resolve(root, 'main/electron/index.ts'), 'media-worker': resolve(root, 'main/electron/media-worker.ts') },
        external: ['electron', ...nativeModules],
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  preload: {
    build: {
      outDir: resolve(root, 'app/dist/preload'),
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(root, 'main/preload/index.ts') },
        external: ['electron'],
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'renderer'),
    base: './',
    plugins: [react()],
    build: {
      outDir: resolve(root, 'app/dist/renderer'),
      emptyOutDir: true,
      minify: true,
      rollupOptions: { input: { index: resolve(root, 'renderer/index.html') } },
    },
  },
});
