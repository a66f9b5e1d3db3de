/** @echogarden/rnnoise-wasm ships no types: its default export is the emscripten module factory; `noise-suppressor.ts` types what it uses. */
declare module '@echogarden/rnnoise-wasm' {
  const createModule: (options?: object) => Promise<unknown>;
  export default createModule;
}
