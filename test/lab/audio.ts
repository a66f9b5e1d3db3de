/**
 * Audio fixtures and analysis for lab tests: test tones, virtual sound
 * devices PortAudio can open without a sound card, and sox-based checks of
 * what a peer recorded.
 *
 * - {@link makeToneWav} / {@link wavToRaw}: sine WAVs and raw S16LE mic files.
 * - {@link analyseWav}: RMS level and band energy at the expected tone vs an
 *   off-tone band (`sox … bandpass F 30h stats`), the check lab.md verified
 *   (opus recordings: tone ≈ -14 dB, off-tone ≈ -44 dB; require ≥ 20 dB).
 * - {@link setupAlsaFilePcms}: an asoundrc with file-backed ALSA PCMs
 *   (`labmic` reads a raw file, `labspk` writes a WAV); no daemon, but
 *   unpaced (a 3 s capture returns in ~40 ms).
 * - {@link startPulseNullSink}: a private PulseAudio with null sinks, for
 *   real-time pacing.
 *
 * @module
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runChecked, runCommand, pollUntil, startProcess, type ManagedProcess, type ExitInfo } from './proc';
import { requireTool } from './tools';
import { makeWorkDir } from './workdir';

/** Options for {@link makeToneWav}. */
export interface ToneOptions {
  /** Sine frequency in Hz. */
  readonly freq: number;
  readonly seconds: number;
  /** Sample rate. Default 48000 (baresip aufile needs exactly `ausrc_srate`). */
  readonly rate?: number;
  /** Default 1 (mono). */
  readonly channels?: number;
  /** Linear amplitude 0..1. Default 0.5 (-6 dBFS peak). */
  readonly amplitude?: number;
}

/** Write a 16-bit signed PCM WAV sine tone with sox. Returns `path`. */
export async function makeToneWav(path: string, o: ToneOptions): Promise<string> {
  await runChecked(
    requireTool('sox'),
    [
      '-n', '-r', String(o.rate ?? 48000), '-c', String(o.channels ?? 1), '-b', '16', '-e', 'signed-integer',
      path, 'synth', String(o.seconds), 'sine', String(o.freq), 'vol', String(o.amplitude ?? 0.5),
    ],
    { timeoutMs: 30_000 },
  );
  return path;
}

/** Convert any sox-readable file to headerless S16LE (e.g. an ALSA mic file). */
export async function wavToRaw(input: string, output: string, o: { rate?: number; channels?: number } = {}): Promise<string> {
  await runChecked(
    requireTool('sox'),
    [input, '-t', 'raw', '-e', 'signed-integer', '-b', '16', '-L', '-c', String(o.channels ?? 1), '-r', String(o.rate ?? 48000), output],
    { timeoutMs: 30_000 },
  );
  return output;
}

/** Wrap headerless S16LE samples into a WAV (e.g. bytes captured by PortAudio). */
export async function rawToWav(input: string, output: string, o: { rate?: number; channels?: number } = {}): Promise<string> {
  await runChecked(
    requireTool('sox'),
    ['-t', 'raw', '-e', 'signed-integer', '-b', '16', '-L', '-c', String(o.channels ?? 1), '-r', String(o.rate ?? 48000), input, output],
    { timeoutMs: 30_000 },
  );
  return output;
}

/** Basic format facts from `soxi`. */
export interface WavInfo {
  readonly durationS: number;
  readonly rate: number;
  readonly channels: number;
}

/** Duration, rate and channel count of an audio file (via `soxi`). */
export async function wavInfo(path: string): Promise<WavInfo> {
  const soxi = requireTool('soxi');
  const get = async (flag: string): Promise<number> => {
    const out = await runChecked(soxi, [flag, path], { timeoutMs: 10_000 });
    const v = Number(out.trim());
    if (!Number.isFinite(v)) throw new Error(`soxi ${flag} ${path}: unexpected output ${JSON.stringify(out)}`);
    return v;
  };
  return { durationS: await get('-D'), rate: await get('-r'), channels: await get('-c') };
}

/** Parse the first "RMS lev dB" of `sox … stats`; `-inf` becomes -Infinity. */
export function parseRmsDb(statsOutput: string): number {
  const m = /RMS lev dB\s+(\S+)/.exec(statsOutput);
  if (!m || m[1] === undefined) throw new Error(`no "RMS lev dB" in sox stats output:\n${statsOutput.slice(0, 2000)}`);
  if (m[1] === '-inf') return Number.NEGATIVE_INFINITY;
  const v = Number(m[1]);
  if (!Number.isFinite(v)) throw new Error(`bad RMS value ${m[1]}`);
  return v;
}

/**
 * RMS level (dBFS) of channel 1 of `path` over [start, start+duration],
 * optionally after `bandpass FREQ WIDTHh` (band energy at a frequency).
 */
export async function levelDb(
  path: string,
  o: { start: number; duration: number; bandHz?: number; widthHz?: number },
): Promise<number> {
  const effects = ['remix', '1', 'trim', o.start.toFixed(3), o.duration.toFixed(3)];
  if (o.bandHz !== undefined) effects.push('bandpass', String(o.bandHz), `${o.widthHz ?? 30}h`);
  const r = await runCommand(requireTool('sox'), [path, '-n', ...effects, 'stats'], { timeoutMs: 30_000 });
  if (r.code !== 0) throw new Error(`sox stats on ${path} failed: ${r.stderr}`);
  return parseRmsDb(r.stderr);
}

/** Options for {@link analyseWav}. */
export interface AnalyseOptions {
  /** Expected tone (Hz). */
  readonly freq: number;
  /** Reference band that should be quiet. Default 1300 Hz (or 2.5×freq if that is close). */
  readonly offFreq?: number;
  /** Window start (s). Default 0.5 s, skipping call set-up. */
  readonly start?: number;
  /** Window length (s). Default: up to 0.1 s before the end. */
  readonly duration?: number;
  /** Bandpass width in Hz. Default 30. */
  readonly widthHz?: number;
}

/** Result of {@link analyseWav}. */
export interface WavAnalysis extends WavInfo {
  /** Analysed window. */
  readonly start: number;
  readonly duration: number;
  /** Overall RMS level, dBFS (silence: -Infinity or below ~-90). */
  readonly rmsDb: number;
  /** RMS level after a bandpass at `freq`. */
  readonly toneDb: number;
  /** RMS level after a bandpass at `offFreq`. */
  readonly offToneDb: number;
  readonly offFreq: number;
  /** `toneDb - offToneDb`: how far the expected tone stands out (≥ 20 dB = present). */
  readonly marginDb: number;
}

/**
 * Level and tone check of a recording (channel 1), over a window of ≥ 0.2 s
 * (use ≥ 1 s: recordings are not sample-aligned). Throws if the file is too
 * short for the window, rather than measuring garbage.
 */
export async function analyseWav(path: string, o: AnalyseOptions): Promise<WavAnalysis> {
  const info = await wavInfo(path);
  const start = o.start ?? Math.min(0.5, info.durationS / 4);
  const duration = o.duration ?? info.durationS - start - 0.1;
  if (duration < 0.2 || start + duration > info.durationS + 1e-6) {
    throw new Error(`${path}: ${info.durationS.toFixed(2)} s is too short for a window at ${start}+${duration.toFixed(2)} s`);
  }
  const offFreq = o.offFreq ?? (Math.abs(o.freq - 1300) < 200 ? Math.round(o.freq * 2.5) : 1300);
  const w = { start, duration, ...(o.widthHz !== undefined ? { widthHz: o.widthHz } : {}) };
  const rmsDb = await levelDb(path, w);
  const toneDb = await levelDb(path, { ...w, bandHz: o.freq });
  const offToneDb = await levelDb(path, { ...w, bandHz: offFreq });
  return { ...info, start, duration, rmsDb, toneDb, offToneDb, offFreq, marginDb: toneDb - offToneDb };
}

/** Write a libpulse client.conf with autospawn off; returns its path. */
function writeClientConf(dir: string): string {
  const path = join(dir, 'pulse-client.conf');
  writeFileSync(path, 'autospawn = no\n');
  return path;
}

/** Virtual ALSA devices backed by files (see {@link setupAlsaFilePcms}). */
export interface AlsaFilePcms {
  /** Merge into a child's env (ALSA_CONFIG_PATH, HOME; PULSE_SERVER removed). */
  readonly env: NodeJS.ProcessEnv;
  readonly asoundrc: string;
  /** Raw S16LE mono file the capture device reads (write it before opening). */
  readonly micRaw: string;
  /** WAV the playback device writes (header finalised when the PCM closes). */
  readonly speakerWav: string;
  readonly rate: number;
  /** ALSA PCM names: capture-only, playback-only, and the duplex default. */
  readonly devices: { readonly capture: 'labmic'; readonly playback: 'labspk'; readonly duplex: 'labduplex' };
}

/**
 * Write an asoundrc defining `labmic` (reads `micRaw`), `labspk` (writes
 * `speakerWav`) and `labduplex`, made the ALSA `default`. The PCMs are
 * inline (not separate `pcm.` entries) so PortAudio lists only these three
 * plus `default`. Returns the env a child process needs: pass it to e.g.
 * `node` running naudiodon. `micRaw` starts empty unless `micSource` (any
 * sox-readable file) is given.
 */
export async function setupAlsaFilePcms(
  o: { dir?: string; rate?: number; micSource?: string } = {},
): Promise<AlsaFilePcms> {
  const dir = o.dir ?? makeWorkDir('alsa');
  const rate = o.rate ?? 48000;
  const micRaw = join(dir, 'mic.raw');
  const speakerWav = join(dir, 'spk.wav');
  if (o.micSource) await wavToRaw(o.micSource, micRaw, { rate, channels: 1 });
  else writeFileSync(micRaw, '');
  const asoundrc = join(dir, 'asoundrc');
  writeFileSync(
    asoundrc,
    `# Dialtone lab: file-backed PCMs (generated per run)
pcm.labmic {
  type plug
  slave {
    pcm { type file; slave.pcm "null"; file "/dev/null"; infile "${micRaw}"; format "raw" }
    format S16_LE; rate ${rate}; channels 1
  }
  hint { show on; description "Dialtone lab microphone (file)" }
}
pcm.labspk {
  type plug
  slave {
    pcm { type file; slave.pcm "null"; file "${speakerWav}"; format "wav" }
    format S16_LE; rate ${rate}; channels 1
  }
  hint { show on; description "Dialtone lab speaker (file)" }
}
pcm.labduplex { type asym; playback.pcm "labspk"; capture.pcm "labmic" }
pcm.!default "labduplex"
`,
  );
  const home = join(dir, 'home');
  mkdirSync(home, { recursive: true });
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env['PULSE_SERVER'];
  env['ALSA_CONFIG_PATH'] = `/usr/share/alsa/alsa.conf:${asoundrc}`;
  env['HOME'] = home;
  env['XDG_RUNTIME_DIR'] = home;
  // ALSA's pulse plugin (99-pulse.conf) probes for a server while PortAudio
  // enumerates devices; never let that autospawn a PulseAudio daemon.
  env['PULSE_CLIENTCONFIG'] = writeClientConf(dir);
  return {
    env,
    asoundrc,
    micRaw,
    speakerWav,
    rate,
    devices: { capture: 'labmic', playback: 'labspk', duplex: 'labduplex' },
  };
}

/** A private PulseAudio with null sinks (see {@link startPulseNullSink}). */
export interface PulseNullSink {
  /** Env for clients: PULSE_SERVER, PULSE_RUNTIME_PATH, HOME, XDG_RUNTIME_DIR. */
  readonly env: NodeJS.ProcessEnv;
  /** Default sink (the "speaker"); record it via `${sink}.monitor`. */
  readonly sink: 'labsink';
  /** Sink whose monitor is the default source (the "microphone"). */
  readonly micSink: 'labmicsink';
  readonly source: 'labmicsink.monitor';
  readonly socket: string;
  readonly process: ManagedProcess;
  /** Run `pactl ARGS` against this server (bounded). */
  pactl(...args: string[]): Promise<string>;
  /** Play a file into the microphone sink (bounded; resolves when played). */
  playIntoMic(wav: string, timeoutMs?: number): Promise<void>;
  /**
   * Record the speaker sink's monitor for `seconds` into a WAV. The null
   * sink only renders while something plays into it, so the file holds
   * roughly the played audio, not `seconds` of wall-clock time.
   */
  recordSpeaker(wavOut: string, seconds: number): Promise<void>;
  stop(): Promise<ExitInfo>;
}

/**
 * Start a private PulseAudio (no config file, no autospawn, anonymous auth
 * on a socket in the work dir) with null sinks `labsink` (default sink) and
 * `labmicsink` (its monitor is the default source), paced in real time.
 */
export async function startPulseNullSink(o: { dir?: string; rate?: number; timeoutMs?: number } = {}): Promise<PulseNullSink> {
  const pulseaudio = requireTool('pulseaudio');
  const pactlBin = requireTool('pactl');
  const dir = o.dir ?? makeWorkDir('pulse');
  const rate = o.rate ?? 48000;
  const runtime = join(dir, 'rt');
  const home = join(dir, 'home');
  mkdirSync(runtime, { recursive: true, mode: 0o700 });
  mkdirSync(home, { recursive: true });
  const socket = join(runtime, 'native');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOME: home,
    XDG_RUNTIME_DIR: runtime,
    XDG_CONFIG_HOME: join(home, '.config'),
    PULSE_RUNTIME_PATH: runtime,
    PULSE_STATE_PATH: join(home, 'state'),
    PULSE_SERVER: `unix:${socket}`,
    PULSE_CLIENTCONFIG: writeClientConf(dir),
  };
  // No D-Bus: an unset address makes PulseAudio try to autolaunch a bus
  // (it would succeed whenever DISPLAY is set); point it at a dead socket.
  env['DBUS_SESSION_BUS_ADDRESS'] = `unix:path=${join(dir, 'no-dbus')}`;
  delete env['DISPLAY'];
  const proc = await startProcess({
    name: 'pulseaudio',
    command: pulseaudio,
    args: [
      '-n', '--daemonize=no', '--exit-idle-time=-1', '--use-pid-file=no', '--disallow-exit=no',
      '--system=false', '--log-target=stderr',
      `--load=module-native-protocol-unix socket=${socket} auth-anonymous=1`,
      `--load=module-null-sink sink_name=labsink rate=${rate} channels=1`,
      `--load=module-null-sink sink_name=labmicsink rate=${rate} channels=1`,
    ],
    cwd: dir,
    env,
  });
  const pactl = async (...args: string[]): Promise<string> =>
    runChecked(pactlBin, args, { timeoutMs: 5000, env });
  try {
    await pollUntil('PulseAudio to accept clients', async () => {
      if (proc.exitInfo()) throw new Error(`pulseaudio exited: ${proc.tail(2000)}`);
      const r = await runCommand(pactlBin, ['info'], { timeoutMs: 3000, env });
      return r.code === 0 ? true : undefined;
    }, o.timeoutMs ?? 10_000, 150);
    await pactl('set-default-sink', 'labsink');
    await pactl('set-default-source', 'labmicsink.monitor');
  } catch (err) {
    await proc.stop();
    throw new Error(`lab: PulseAudio null sink did not start: ${err instanceof Error ? err.message : String(err)}\n${proc.tail(3000)}`);
  }
  return {
    env,
    sink: 'labsink',
    micSink: 'labmicsink',
    source: 'labmicsink.monitor',
    socket,
    process: proc,
    pactl,
    playIntoMic: async (wav, timeoutMs = 60_000) => {
      await runChecked(requireTool('paplay'), ['--latency-msec=20', '-d', 'labmicsink', wav], { timeoutMs, env });
    },
    recordSpeaker: async (wavOut, seconds) => {
      // parecord never ends by itself: the bounded kill is the normal end.
      const r = await runCommand(
        requireTool('timeout'),
        [
          '-s', 'INT', String(seconds), requireTool('parecord'), '--latency-msec=20', '-d', 'labsink.monitor',
          '--file-format=wav', wavOut,
        ],
        { timeoutMs: (seconds + 10) * 1000, env },
      );
      if (r.code !== 0 && r.code !== 124) throw new Error(`parecord failed (${String(r.code)}): ${r.stderr}`);
    },
    stop: () => proc.stop(),
  };
}
