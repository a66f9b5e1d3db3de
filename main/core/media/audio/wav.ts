/**
 * Minimal WAV (RIFF, PCM 16-bit) reading and writing for file-backed audio
 * and tests. Hand-written: the format subset is ~40 lines, and a package would
 * bring streaming machinery we do not need.
 */
import { err, ok, type Result } from '../../../common/result';

/** Decoded WAV contents. */
export interface WavData {
  readonly sampleRate: number;
  readonly channels: number;
  /** Interleaved 16-bit samples. */
  readonly samples: Int16Array;
}

/** Parses a PCM 16-bit WAV file; other encodings are refused with a reason. */
export function parseWav(buf: Buffer): Result<WavData> {
  if (buf.length < 12 || buf.toString('ascii', 0, 4) !== 'RIFF' || buf.toString('ascii', 8, 12) !== 'WAVE') {
    return err('INVALID_CONFIG', 'not a WAV file (no RIFF/WAVE header)');
  }
  let offset = 12;
  let format: { channels: number; sampleRate: number; bits: number; tag: number } | undefined;
  while (offset + 8 <= buf.length) {
    const id = buf.toString('ascii', offset, offset + 4);
    const size = buf.readUInt32LE(offset + 4);
    const body = offset + 8;
    if (id === 'fmt ' && body + 16 <= buf.length) {
      format = { tag: buf.readUInt16LE(body), channels: buf.readUInt16LE(body + 2), sampleRate: buf.readUInt32LE(body + 4), bits: buf.readUInt16LE(body + 14) };
    } else if (id === 'data') {
      if (!format) return err('INVALID_CONFIG', 'WAV data chunk before its fmt chunk');
      const isPcm = format.tag === 1 || format.tag === 0xfffe;
      if (!isPcm || format.bits !== 16) return err('INVALID_CONFIG', `WAV must be 16-bit PCM (found format ${format.tag}, ${format.bits} bits)`);
      // A header written before the end of a recording may say 0 or too much: take what is there.
      const end = size === 0 || body + size > buf.length ? buf.length : body + size;
      const bytes = (end - body) & ~1;
      const samples = new Int16Array(bytes / 2);
      for (let i = 0; i < samples.length; i++) samples[i] = buf.readInt16LE(body + i * 2);
      return ok({ sampleRate: format.sampleRate, channels: format.channels, samples });
    }
    offset = body + size + (size & 1);
  }
  return err('INVALID_CONFIG', 'WAV file has no data chunk');
}

/** The 44-byte header of a 16-bit PCM WAV with `dataBytes` of samples. */
export function wavHeader(sampleRate: number, channels: number, dataBytes: number): Buffer {
  const h = Buffer.alloc(44);
  h.write('RIFF', 0, 'ascii');
  h.writeUInt32LE(36 + dataBytes, 4);
  h.write('WAVE', 8, 'ascii');
  h.write('fmt ', 12, 'ascii');
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20);
  h.writeUInt16LE(channels, 22);
  h.writeUInt32LE(sampleRate, 24);
  h.writeUInt32LE(sampleRate * channels * 2, 28);
  h.writeUInt16LE(channels * 2, 32);
  h.writeUInt16LE(16, 34);
  h.write('data', 36, 'ascii');
  h.writeUInt32LE(dataBytes, 40);
  return h;
}

/** Mixes interleaved channels down to mono. */
export function toMono(data: WavData): Int16Array {
  if (data.channels === 1) return data.samples;
  const frames = Math.floor(data.samples.length / data.channels);
  const out = new Int16Array(frames);
  for (let f = 0; f < frames; f++) {
    let sum = 0;
    for (let c = 0; c < data.channels; c++) sum += data.samples[f * data.channels + c] ?? 0;
    out[f] = Math.round(sum / data.channels);
  }
  return out;
}
