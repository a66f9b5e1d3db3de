/**
 * The file-backed AudioDevicePort (headless `--audio-in` / `--audio-out`):
 * "captures" from a WAV file and "plays" into a WAV file, paced in real time by
 * its own drift-corrected clock (each tick is scheduled against the start time,
 * so ticks do not drift however late one of them fires). After the input ends
 * it captures silence. The output is written while it plays
 * (`wav-file-writer.ts`): a tick only copies into memory, never waits on the
 * disk, and memory stays bounded however long the call.
 */
import { readFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { err, ok } from '../../common/result';
import type { AudioDevicePort, AudioStream, AudioTick } from '../../core/ports/audio';
import { parseWav, toMono } from '../../core/media/audio/wav';
import { openWavFileWriter, type WavFileWriter } from './wav-file-writer';

/** Options of {@link createFileAudioPort}. */
export interface FileAudioOptions {
  /** WAV to capture from (16-bit PCM, any rate; stereo is mixed down). Silence without one. */
  readonly input?: string;
  /** WAV to write what is played to (mono, at the stream's rate). */
  readonly output?: string;
  /** The rate used when there is no input file (default 48000). */
  readonly sampleRate?: number;
  /** Told once if writing `output` fails mid-call (disk full); the call goes on without recording. */
  readonly onOutputError?: (message: string) => void;
}

/** Creates the port. `open` ignores device ids: the files are the devices. */
export function createFileAudioPort(options: FileAudioOptions): AudioDevicePort {
  return {
    async listDevices() {
      return ok([
        { id: 'file', name: `file (${options.input ?? 'silence'} → ${options.output ?? 'nowhere'})`, hostApi: 'file', maxInputChannels: 1, maxOutputChannels: 1, defaultSampleRate: options.sampleRate ?? 48000, isDefaultInput: true, isDefaultOutput: true },
      ]);
    },
    async open(streamOptions) {
      let input: Int16Array = new Int16Array(0);
      let sampleRate = options.sampleRate ?? streamOptions.sampleRate;
      if (options.input) {
        let bytes: Buffer;
        try {
          bytes = await readFile(options.input);
        } catch (error) {
          return err('INVALID_CONFIG', `Cannot read ${options.input} (${(error as NodeJS.ErrnoException).code ?? 'error'}).`);
        }
        const wav = parseWav(bytes);
        if (!wav.ok) return err('INVALID_CONFIG', `${options.input}: ${wav.error.message}`);
        input = toMono(wav.data);
        sampleRate = wav.data.sampleRate;
      }
      const frameSamples = Math.round((sampleRate * streamOptions.frameMs) / 1000);
      let recording: WavFileWriter | undefined;
      if (options.output) {
        const opened = await openWavFileWriter(options.output, sampleRate, options.onOutputError ?? (() => undefined));
        if (!opened.ok) return opened;
        recording = opened.data;
      }
      const silence = new Int16Array(frameSamples);
      let listener: AudioTick | undefined;
      let position = 0;
      let tick = 0;
      let closed = false;
      const start = performance.now();
      let timer: NodeJS.Timeout | undefined;
      const run = (): void => {
        if (closed) return;
        const captured = new Int16Array(frameSamples);
        if (position < input.length) captured.set(input.subarray(position, Math.min(position + frameSamples, input.length)));
        position += frameSamples;
        const out = listener ? listener(captured) : silence;
        if (recording) {
          // Exactly one frame per tick, so the file's length is the call's: pad a short one with silence.
          recording.append(out.length <= frameSamples ? out : out.subarray(0, frameSamples));
          if (out.length < frameSamples) recording.append(silence.subarray(out.length));
        }
        tick += 1;
        timer = setTimeout(run, Math.max(0, start + tick * streamOptions.frameMs - performance.now()));
      };
      timer = setTimeout(run, streamOptions.frameMs);
      const stream: AudioStream = {
        sampleRate,
        frameSamples,
        onTick: (l) => {
          listener = l;
        },
        onError: () => undefined,
        async close() {
          if (closed) return;
          closed = true;
          clearTimeout(timer);
          await recording?.close();
        },
      };
      return ok(stream);
    },
  };
}
