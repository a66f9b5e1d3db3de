/**
 * G.711 (PCMU and PCMA) behind the common codec interfaces. G.711 is
 * memoryless, so `reset` has nothing to forget and any payload length is one
 * sample per byte.
 */
import type { AudioDecoder, AudioEncoder, CodecDescriptor } from './codec';
import { PCMA, PCMU } from './codec-descriptors';
import { decodeAlaw, encodeAlaw } from './g711-alaw';
import { decodeUlaw, encodeUlaw } from './g711-ulaw';

/** Which G.711 law. */
export type G711Law = 'pcmu' | 'pcma';

const DESCRIPTORS: Readonly<Record<G711Law, CodecDescriptor>> = { pcmu: PCMU, pcma: PCMA };

/** G.711 encoder: one byte per sample, bit-exact with ITU-T G.191. */
export class G711Encoder implements AudioEncoder {
  readonly descriptor: CodecDescriptor;
  readonly sampleRate = 8000;
  readonly frameSamples: number;
  readonly #encode: (pcm: Int16Array) => Uint8Array;

  /** @param frameSamples samples per packet; 160 = 20 ms. */
  constructor(law: G711Law, frameSamples = 160) {
    this.descriptor = DESCRIPTORS[law];
    this.frameSamples = frameSamples;
    this.#encode = law === 'pcmu' ? (pcm) => encodeUlaw(pcm) : (pcm) => encodeAlaw(pcm);
  }

  encode(pcm: Int16Array): Uint8Array {
    return this.#encode(pcm);
  }

  reset(): void {}
}

/** G.711 decoder: one sample per byte, bit-exact with ITU-T G.191. */
export class G711Decoder implements AudioDecoder {
  readonly descriptor: CodecDescriptor;
  readonly sampleRate = 8000;
  readonly #decode: (payload: Uint8Array) => Int16Array;

  constructor(law: G711Law) {
    this.descriptor = DESCRIPTORS[law];
    this.#decode = law === 'pcmu' ? (payload) => decodeUlaw(payload) : (payload) => decodeAlaw(payload);
  }

  decode(payload: Uint8Array): Int16Array {
    return this.#decode(payload);
  }

  reset(): void {}
}
