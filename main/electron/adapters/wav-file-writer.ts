/**
 * A mono 16-bit WAV file written while it is recorded, for the file audio
 * port's `--audio-out`. The audio tick only copies its samples into a
 * one-second chunk; full chunks are written in the background, in order, and
 * the header's sizes are filled in on close. So a tick never waits on the
 * disk, and memory stays bounded however long the call (keeping the whole
 * recording in memory until the end cost about 350 MB an hour at 48 kHz and
 * grew V8's old space for the call's whole length).
 *
 * Hand-written rather than a WAV package: it is a 44-byte header and an
 * append-only body, and the packages on npm either buffer the whole file or
 * write through a stream without a way to patch the sizes afterwards.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { endianness } from 'node:os';
import { err, ok, type Result } from '../../common/result';
import { wavHeader } from '../../core/media/audio/wav';

/** Chunks waiting for the disk before recording gives up (at one second each). */
const MAX_QUEUED_CHUNKS = 30;
const LITTLE_ENDIAN = endianness() === 'LE';

/** An open recording. */
export interface WavFileWriter {
  /** Appends samples; never blocks. Ignored after a write error or close. */
  append(samples: Int16Array): void;
  /** Writes what is left and the final header, then closes the file. Resolves also after a write error (already reported). */
  close(): Promise<void>;
}

/**
 * Creates (truncates) `path` and writes a provisional header. A path that
 * cannot be opened is an error now, not at the end of the call. A later
 * write failure (disk full, the disk far too slow) stops the recording,
 * keeps what was written as a valid WAV, and is reported once through
 * `onError`.
 */
export async function openWavFileWriter(path: string, sampleRate: number, onError: (message: string) => void): Promise<Result<WavFileWriter>> {
  let file: FileHandle;
  try {
    file = await open(path, 'w');
    await file.write(wavHeader(sampleRate, 1, 0), 0, 44, 0);
  } catch (error) {
    return err('INVALID_CONFIG', `Cannot write ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'}).`);
  }
  const chunkBytes = sampleRate * 2;
  let chunk = Buffer.allocUnsafe(chunkBytes);
  let used = 0;
  let written = 0;
  let queued = 0;
  let failed = false;
  let closed = false;
  let chain: Promise<void> = Promise.resolve();

  const fail = (message: string): void => {
    if (failed) return;
    failed = true;
    onError(`Recording to ${path} stopped: ${message}. What was recorded until then is kept.`);
  };
  const flush = (): void => {
    if (used === 0) return;
    if (queued >= MAX_QUEUED_CHUNKS) {
      fail(`the disk did not keep up (${MAX_QUEUED_CHUNKS} s of audio waiting)`);
      return;
    }
    const full = chunk;
    const length = used;
    chunk = Buffer.allocUnsafe(chunkBytes);
    used = 0;
    queued += 1;
    chain = chain.then(async () => {
      try {
        // A write may take only part of the chunk (a file-size limit): go on from there until it fails.
        for (let done = 0; !failed && done < length; ) {
          const { bytesWritten } = await file.write(full, done, length - done, 44 + written);
          done += bytesWritten;
          written += bytesWritten;
        }
      } catch (error) {
        fail((error as NodeJS.ErrnoException).code ?? String(error));
      } finally {
        queued -= 1;
      }
    });
  };

  return ok({
    append(samples) {
      if (failed || closed) return;
      let from = 0;
      while (from < samples.length) {
        const n = Math.min(samples.length - from, (chunkBytes - used) >> 1);
        if (LITTLE_ENDIAN) {
          chunk.set(new Uint8Array(samples.buffer, samples.byteOffset + from * 2, n * 2), used);
        } else {
          for (let i = 0; i < n; i++) chunk.writeInt16LE(samples[from + i] ?? 0, used + i * 2);
        }
        used += n * 2;
        from += n;
        if (used >= chunkBytes) flush();
        if (failed) return;
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      if (!failed) flush();
      await chain;
      try {
        await file.write(wavHeader(sampleRate, 1, written), 0, 44, 0);
      } catch (error) {
        fail((error as NodeJS.ErrnoException).code ?? String(error));
      } finally {
        await file.close().catch(() => undefined);
      }
    },
  });
}
