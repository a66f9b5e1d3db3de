/**
 * Child-process probe: lists PortAudio devices through naudiodon, captures
 * audio from one input device, optionally plays raw audio to an output
 * device, and prints one line `RESULT {json}`. Run with
 * `node --import tsx naudiodon-probe.ts '<json NaudiodonProbeRequest>'` and
 * the env from `setupAlsaFilePcms()` (or a PulseAudio env).
 *
 * Runs in its own process: PortAudio reads the ALSA config once per process
 * (so the env must be set before it loads), and a native crash must not take
 * the test runner down. `AudioIO.quit(cb)` sometimes never calls back, so the
 * probe never waits for it: it waits out the audio, reports, and calls
 * `process.exit()`, with a hard timer as a guard.
 *
 * @module
 */
import { createRequire } from 'node:module';
import { readFileSync, writeFileSync } from 'node:fs';
import type * as NaudiodonModule from 'naudiodon';

/** What the test asks the probe to do. */
export interface NaudiodonProbeRequest {
  /** Name of the capture device (exact PortAudio name, e.g. `labmic`). */
  readonly captureDevice: string;
  /** Bytes of S16LE mono to capture. */
  readonly captureBytes: number;
  /** Where to write the captured raw S16LE. */
  readonly captureOut: string;
  readonly sampleRate: number;
  /** Optional playback: device name and a raw S16LE mono file to play. */
  readonly playbackDevice?: string;
  readonly playbackRaw?: string;
  /** Hard limit for the whole probe. */
  readonly timeoutMs: number;
}

/** What the probe reports. */
export interface NaudiodonProbeResult {
  readonly ok: boolean;
  readonly error?: string;
  readonly devices: ReadonlyArray<{
    readonly id: number;
    readonly name: string;
    readonly maxInputChannels: number;
    readonly maxOutputChannels: number;
    readonly hostAPIName: string;
  }>;
  readonly capturedBytes?: number;
  /** RMS of the captured samples in dBFS (-Infinity → null in JSON). */
  readonly captureRmsDb?: number | null;
  readonly captureMs?: number;
  readonly playedBytes?: number;
}

type Naudiodon = typeof NaudiodonModule;

let devices: NaudiodonProbeResult['devices'] = [];

function report(r: Omit<NaudiodonProbeResult, 'devices'>, code: number): never {
  process.stdout.write(`RESULT ${JSON.stringify({ ...r, devices })}\n`);
  process.exit(code);
}

function rmsDb(buf: Buffer): number {
  const n = Math.floor(buf.length / 2);
  if (n === 0) return Number.NEGATIVE_INFINITY;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const s = buf.readInt16LE(i * 2) / 32768;
    sum += s * s;
  }
  return 10 * Math.log10(sum / n);
}

async function main(): Promise<void> {
  const req = JSON.parse(process.argv[2] ?? '{}') as NaudiodonProbeRequest;
  setTimeout(() => report({ ok: false, error: `naudiodon probe timed out after ${req.timeoutMs} ms` }, 3), req.timeoutMs).unref();
  const pa = createRequire(import.meta.url)('naudiodon') as Naudiodon;
  devices = pa.getDevices().map((d) => ({
    id: d.id,
    name: d.name,
    maxInputChannels: d.maxInputChannels,
    maxOutputChannels: d.maxOutputChannels,
    hostAPIName: d.hostAPIName,
  }));

  let playedBytes: number | undefined;
  if (req.playbackDevice && req.playbackRaw) {
    const out = devices.find((d) => d.name === req.playbackDevice && d.maxOutputChannels > 0);
    if (!out) report({ ok: false, error: `no output device named ${req.playbackDevice}` }, 2);
    const data = readFileSync(req.playbackRaw);
    const ao = pa.AudioIO({
      outOptions: { channelCount: 1, sampleFormat: 16, sampleRate: req.sampleRate, deviceId: out.id, closeOnError: true },
    });
    ao.start();
    await new Promise<void>((resolve, reject) => {
      ao.write(data, (err?: Error | null) => (err ? reject(err) : resolve()));
    });
    playedBytes = data.length;
    // quit() flushes and closes the PCM (the file plugin writes its WAV
    // header then); its callback is unreliable, so wait for it boundedly.
    await new Promise<void>((resolve) => {
      const t = setTimeout(resolve, 1500);
      ao.quit(() => {
        clearTimeout(t);
        resolve();
      });
    });
  }

  const input = devices.find((d) => d.name === req.captureDevice && d.maxInputChannels > 0);
  if (!input) report({ ok: false, error: `no input device named ${req.captureDevice}` }, 2);
  const ai = pa.AudioIO({
    inOptions: { channelCount: 1, sampleFormat: 16, sampleRate: req.sampleRate, deviceId: input.id, closeOnError: true },
  });
  const chunks: Buffer[] = [];
  let total = 0;
  const t0 = Date.now();
  const captured = await new Promise<Buffer>((resolve, reject) => {
    ai.on('error', (err: unknown) => reject(err instanceof Error ? err : new Error(String(err))));
    ai.on('data', (chunk: Buffer) => {
      if (total >= req.captureBytes) return;
      chunks.push(chunk);
      total += chunk.length;
      if (total >= req.captureBytes) resolve(Buffer.concat(chunks).subarray(0, req.captureBytes));
    });
    ai.start();
  });
  const captureMs = Date.now() - t0;
  writeFileSync(req.captureOut, captured);
  const db = rmsDb(captured);
  try {
    ai.abort(() => undefined);
  } catch {
    // Exiting below tears the stream down anyway.
  }
  report(
    {
      ok: true,
      capturedBytes: captured.length,
      captureRmsDb: Number.isFinite(db) ? db : null,
      captureMs,
      ...(playedBytes !== undefined ? { playedBytes } : {}),
    },
    0,
  );
}

main().catch((err: unknown) => report({ ok: false, error: err instanceof Error ? err.stack ?? err.message : String(err) }, 1));
