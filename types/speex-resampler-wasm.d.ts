/** The package ships no types: its default export is an Emscripten module factory. */
declare module '@echogarden/speex-resampler-wasm' {
  const factory: () => Promise<unknown>;
  export default factory;
}
