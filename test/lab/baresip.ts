/**
 * baresip as a scripted SIP peer for lab tests.
 *
 * {@link startBaresip} writes a config dir (`config`, `accounts`, empty
 * `contacts`) and runs `baresip -4 -f DIR`. The peer:
 *  - registers to a registrar (UDP/TCP/TLS, digest auth) or, without one,
 *    listens for direct calls (`regint=0`);
 *  - auto-answers (`answermode=auto`);
 *  - sends a WAV through the `aufile` source (S16LE mono at 48 kHz, the
 *    `ausrc_srate`), and records what it sends/hears with `sndfile`
 *    (`dump-<time>-enc.wav` / `-dec.wav` at the codec rate; the WAV header
 *    is only written at call end);
 *  - loads **no audio player module** by default: ALSA `null` never blocks
 *    and burns CPU; without a player, RTP drives decoding and recording.
 *    Opt-in `pulsePlayer` plays to a private PulseAudio null sink instead
 *    (a real-time clock pulls the audio, as a device would);
 *  - is controlled over `ctrl_tcp` (netstring JSON) on 127.0.0.1; commands
 *    (`dial`, `hangup`, `reginfo`, `listcalls`…) come from the `menu` module.
 *
 * Everything binds 127.0.0.1 (`net_interface` must be the IP: `lo` fails).
 * baresip 1.0.0 still binds RTP/RTCP (and a DNS client socket) to the
 * wildcard address, so it runs with the `loopback-bind` LD_PRELOAD shim.
 *
 * @module
 */
import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { withLoopbackBind } from './loopback-bind';
import { encodeNetstring, NetstringDecoder } from './netstring';
import { pollUntil, sleep, startProcess, type ExitInfo, type ManagedProcess } from './proc';
import { assertPortsFree, findFreePort, LOOPBACK } from './ports';
import { requireBaresipModules, requireTool, BARESIP_MODULE_DIR } from './tools';
import { makeWorkDir } from './workdir';

/** SIP transport for the registrar connection. */
export type SipTransport = 'udp' | 'tcp' | 'tls';

/** Options for {@link startBaresip}. */
export interface BaresipOptions {
  /** SIP user name (also the digest user). */
  readonly user: string;
  readonly password?: string;
  /** Domain of the AOR. Default: the registrar host, or 127.0.0.1. */
  readonly domain?: string;
  /** Register here (outbound proxy too). Omit for a registrar-less peer. */
  readonly registrar?: { readonly host: string; readonly port: number; readonly transport: SipTransport };
  /** CA file trusted for TLS (e.g. the lab Kamailio's `certPath`). */
  readonly caFile?: string;
  /** SIP port (UDP+TCP; TLS uses port+1). Default: random free pair. */
  readonly sipPort?: number;
  /** ctrl_tcp port. Default: random free. */
  readonly ctrlPort?: number;
  /** WAV sent as microphone: S16LE, mono, 48 kHz (`makeToneWav`). */
  readonly toneWav: string;
  /** Account `audio_codecs`. Default opus/48000/2, G722/16000/1, PCMU/8000/1, PCMA/8000/1. */
  readonly codecs?: readonly string[];
  /** Media encryption (baresip `mediaenc`): SDES-SRTP best effort or mandatory. Loads srtp.so. */
  readonly mediaenc?: 'srtp' | 'srtp-mand';
  /** Auto-answer incoming calls. Default true. */
  readonly autoAnswer?: boolean;
  /** Registration interval (s). Default 300 with a registrar, 0 without. */
  readonly regint?: number;
  readonly workDir?: string;
  /** Bound for start-up (ctrl_tcp reachable). Default 10 s. */
  readonly startTimeoutMs?: number;
  /**
   * Preload the loopback-bind shim (default true): baresip 1.0.0 binds RTP
   * and RTCP to 0.0.0.0 whatever `net_interface` says.
   */
  readonly loopbackOnly?: boolean;
  /**
   * Opt-in clocked playout: load `pulse.so` and play received audio to a
   * PulseAudio sink (e.g. `startPulseNullSink` in `audio.ts`, whose null
   * sink consumes in real time), so the receive path waits for a device
   * clock as a softphone's does. `env` is the sink's client env
   * (PULSE_SERVER, client.conf…). Default: no player (RTP arrival drives
   * decoding; see the module notes).
   */
  readonly pulsePlayer?: { readonly env: NodeJS.ProcessEnv; readonly sink: string };
  /** `jitter_buffer_delay` in frames (min-max). Default 5-10 (baresip 1.0's default). */
  readonly jitterBufferFrames?: readonly [number, number];
  /** `audio_buffer` in ms (min-max): the decoded-audio buffer in front of the player. Default: baresip's (20-160). */
  readonly audioBufferMs?: readonly [number, number];
}

/** An event pushed by ctrl_tcp (`{"event":true,"type":…}`). */
export interface BaresipEvent {
  readonly type: string;
  readonly class?: string;
  readonly accountaor?: string;
  readonly direction?: string;
  readonly peeruri?: string;
  readonly id?: string;
  readonly param?: string;
  /** Milliseconds since epoch when received. */
  readonly at: number;
  readonly raw: Readonly<Record<string, unknown>>;
}

/** A ctrl_tcp command response. */
export interface BaresipResponse {
  readonly ok: boolean;
  /** Text the command printed (may be empty). */
  readonly data: string;
  readonly raw: Readonly<Record<string, unknown>>;
}

/** Files written by the sndfile module. */
export interface BaresipRecordings {
  /** What the peer heard (decoded), oldest first. */
  readonly dec: readonly string[];
  /** What the peer sent (encoded), oldest first. */
  readonly enc: readonly string[];
}

/** A running baresip. */
export interface BaresipHandle {
  readonly user: string;
  /** The account AOR, e.g. `sip:alice@127.0.0.1;transport=udp`. */
  readonly aor: string;
  /** URI to dial this peer directly (no registrar), e.g. `sip:dave@127.0.0.1:21000`. */
  readonly directUri: string;
  readonly sipPort: number;
  readonly ctrlPort: number;
  readonly workDir: string;
  readonly recordingsDir: string;
  readonly process: ManagedProcess;
  /** Send a ctrl_tcp command (bounded, default 5 s). */
  command(cmd: string, params?: string, timeoutMs?: number): Promise<BaresipResponse>;
  /** Every event received so far. */
  events(): readonly BaresipEvent[];
  /** Index to pass as `since` to only see later events. */
  eventCursor(): number;
  /**
   * First event of `type` (at or after `since`, matching `where`), waiting
   * up to `timeoutMs`. Rejects early if baresip exits.
   */
  waitForEvent(
    type: string,
    timeoutMs: number,
    opts?: { readonly since?: number; readonly where?: (e: BaresipEvent) => boolean },
  ): Promise<BaresipEvent>;
  /** Registration state from `reginfo` (true when the account shows OK). */
  isRegistered(): Promise<boolean>;
  /** Wait (bounded, default 10 s) until registered. */
  waitForRegistration(timeoutMs?: number): Promise<void>;
  /** The sndfile recordings currently on disk. */
  recordings(): BaresipRecordings;
  /** baresip's console log so far. */
  logs(): string;
  stop(): Promise<ExitInfo>;
}

const DEFAULT_CODECS = ['opus/48000/2', 'G722/16000/1', 'PCMU/8000/1', 'PCMA/8000/1'];
const MODULES = ['account', 'ctrl_tcp', 'menu', 'opus', 'g722', 'g711', 'aufile', 'sndfile'] as const;

/** Remove ANSI colour escapes (baresip colours its `reginfo` output). */
export function stripAnsi(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '');
}

function asString(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function toEvent(obj: Record<string, unknown>): BaresipEvent {
  const pick = (k: string): Partial<Record<string, string>> => {
    const v = asString(obj[k]);
    return v === undefined ? {} : { [k]: v };
  };
  return {
    type: asString(obj['type']) ?? '',
    ...pick('class'),
    ...pick('accountaor'),
    ...pick('direction'),
    ...pick('peeruri'),
    ...pick('id'),
    ...pick('param'),
    at: Date.now(),
    raw: obj,
  } as BaresipEvent;
}

function listRecordings(dir: string): BaresipRecordings {
  let files: string[];
  try {
    files = readdirSync(dir);
  } catch {
    return { dec: [], enc: [] };
  }
  const sorted = (suffix: string): string[] =>
    files
      .filter((f) => f.endsWith(suffix))
      .map((f) => join(dir, f))
      .sort((a, b) => statSync(a).mtimeMs - statSync(b).mtimeMs || a.localeCompare(b));
  return { dec: sorted('-dec.wav'), enc: sorted('-enc.wav') };
}

async function peerEnv(env: NodeJS.ProcessEnv, loopbackOnly: boolean): Promise<NodeJS.ProcessEnv> {
  delete env['DISPLAY'];
  return loopbackOnly ? withLoopbackBind(env) : env;
}

/** The `config` file the lab writes for baresip (exported for debugging). */
export function baresipConfig(p: {
  sipPort: number;
  ctrlPort: number;
  toneWav: string;
  recDir: string;
  caFile?: string;
  /** Load srtp.so (SDES-SRTP). */
  srtp?: boolean;
  /** Play to this PulseAudio sink through pulse.so instead of no player. */
  pulseSink?: string;
  jitterBufferFrames?: readonly [number, number];
  audioBufferMs?: readonly [number, number];
}): string {
  const lines = [
    '# Dialtone lab baresip config (generated per run)',
    `module_path ${BARESIP_MODULE_DIR}`,
    `sip_listen ${LOOPBACK}:${p.sipPort}`,
    ...(p.caFile ? [`sip_cafile ${p.caFile}`] : []),
    `net_interface ${LOOPBACK}`,
    'net_prefer_ipv6 no',
    `dns_server ${LOOPBACK}:53`,
    'call_local_timeout 30',
    'call_max_calls 4',
    `audio_source aufile,${p.toneWav}`,
    p.pulseSink === undefined ? 'audio_player none,none' : `audio_player pulse,${p.pulseSink}`,
    ...(p.audioBufferMs ? [`audio_buffer ${p.audioBufferMs[0]}-${p.audioBufferMs[1]}`] : []),
    'audio_alert none,none',
    'ausrc_srate 48000',
    'ausrc_channels 1',
    'audio_level no',
    'rtp_ports 10000-19998',
    'rtcp_mux no',
    `jitter_buffer_delay ${p.jitterBufferFrames?.[0] ?? 5}-${p.jitterBufferFrames?.[1] ?? 10}`,
    'statmode_default off',
    'video_source none,none',
    'video_display none,none',
    'module opus.so',
    'module g722.so',
    'module g711.so',
    'module aufile.so',
    'module sndfile.so',
    ...(p.srtp ? ['module srtp.so'] : []),
    ...(p.pulseSink === undefined ? [] : ['module pulse.so']),
    'module_tmp account.so',
    'module_app menu.so',
    'module_app ctrl_tcp.so',
    `ctrl_tcp_listen ${LOOPBACK}:${p.ctrlPort}`,
    `snd_path ${p.recDir}`,
    'opus_bitrate 64000',
    '',
  ];
  return lines.join('\n');
}

/**
 * Start baresip (see module docs) and connect to its ctrl_tcp. Fails with
 * a clear Error (and baresip's log) if it cannot start within the bound.
 */
export async function startBaresip(opts: BaresipOptions): Promise<BaresipHandle> {
  const baresip = requireTool('baresip');
  requireBaresipModules(opts.pulsePlayer ? [...MODULES, 'pulse'] : MODULES);
  const dir = opts.workDir ?? makeWorkDir(`baresip-${opts.user}`);
  const recDir = join(dir, 'rec');
  mkdirSync(recDir, { recursive: true });
  mkdirSync(join(dir, 'home'), { recursive: true });

  const sipPort = opts.sipPort ?? (await findFreePort({ proto: 'both', span: 2 }));
  if (opts.sipPort !== undefined) await assertPortsFree([sipPort, sipPort + 1], 'both');
  const ctrlPort = opts.ctrlPort ?? (await findFreePort({ proto: 'tcp' }));
  if (opts.ctrlPort !== undefined) await assertPortsFree([ctrlPort], 'tcp');

  const codecs = (opts.codecs ?? DEFAULT_CODECS).join(',');
  const answer = opts.autoAnswer === false ? 'manual' : 'auto';
  const reg = opts.registrar;
  const domain = opts.domain ?? reg?.host ?? LOOPBACK;
  let aor: string;
  let account: string;
  if (reg) {
    aor = `sip:${opts.user}@${domain};transport=${reg.transport}`;
    const params = [
      ...(opts.password !== undefined ? [`auth_pass=${opts.password}`] : []),
      `outbound="sip:${reg.host}:${reg.port};transport=${reg.transport}"`,
      `regint=${opts.regint ?? 300}`,
      `answermode=${answer}`,
      `audio_codecs=${codecs}`,
      ...(opts.mediaenc ? [`mediaenc=${opts.mediaenc}`] : []),
    ];
    account = `<${aor}>;${params.join(';')}`;
  } else {
    aor = `sip:${opts.user}@${LOOPBACK}:${sipPort}`;
    account = `<${aor}>;regint=${opts.regint ?? 0};answermode=${answer};audio_codecs=${codecs}${opts.mediaenc ? `;mediaenc=${opts.mediaenc}` : ''}`;
  }
  writeFileSync(
    join(dir, 'config'),
    baresipConfig({
      sipPort,
      ctrlPort,
      toneWav: opts.toneWav,
      recDir,
      ...(opts.caFile ? { caFile: opts.caFile } : {}),
      ...(opts.mediaenc ? { srtp: true } : {}),
      ...(opts.pulsePlayer ? { pulseSink: opts.pulsePlayer.sink } : {}),
      ...(opts.jitterBufferFrames ? { jitterBufferFrames: opts.jitterBufferFrames } : {}),
      ...(opts.audioBufferMs ? { audioBufferMs: opts.audioBufferMs } : {}),
    }),
  );
  writeFileSync(join(dir, 'accounts'), `${account}\n`);
  writeFileSync(join(dir, 'contacts'), '');

  const proc = await startProcess({
    name: `baresip(${opts.user})`,
    command: baresip,
    args: ['-4', '-f', dir],
    cwd: dir,
    env: await peerEnv({ ...process.env, ...(opts.pulsePlayer?.env ?? {}), HOME: join(dir, 'home') }, opts.loopbackOnly !== false),
  });

  const events: BaresipEvent[] = [];
  const eventWaiters = new Set<() => void>();
  const pending: Array<{ token: string; resolve: (r: BaresipResponse) => void; reject: (e: Error) => void }> = [];
  let sock: Socket | undefined;
  let tokenSeq = 0;

  const startTimeout = opts.startTimeoutMs ?? 10_000;
  try {
    sock = await pollUntil(
      `baresip(${opts.user}) ctrl_tcp on ${ctrlPort}`,
      () =>
        new Promise<Socket | undefined>((resolve, reject) => {
          if (proc.exitInfo()) {
            reject(new Error('baresip exited'));
            return;
          }
          const s = connect({ host: LOOPBACK, port: ctrlPort });
          s.once('connect', () => resolve(s));
          s.once('error', () => {
            s.destroy();
            resolve(undefined);
          });
        }),
      startTimeout,
      100,
    );
  } catch (err) {
    await proc.stop();
    throw new Error(
      `lab: baresip(${opts.user}) did not start: ${err instanceof Error ? err.message : String(err)}\n--- baresip log ---\n${proc.tail(4000)}`,
    );
  }
  sock.unref();
  const decoder = new NetstringDecoder();
  sock.on('data', (chunk: Buffer) => {
    let frames: string[];
    try {
      frames = decoder.push(chunk);
    } catch (err) {
      sock?.destroy(err instanceof Error ? err : new Error(String(err)));
      return;
    }
    for (const frame of frames) {
      let obj: Record<string, unknown>;
      try {
        obj = JSON.parse(frame) as Record<string, unknown>;
      } catch {
        continue;
      }
      if (obj['event'] === true) {
        events.push(toEvent(obj));
        for (const w of [...eventWaiters]) w();
      } else if (obj['response'] === true) {
        const token = asString(obj['token']);
        const idx = token !== undefined ? pending.findIndex((p) => p.token === token) : 0;
        const [p] = pending.splice(idx >= 0 ? idx : 0, 1);
        p?.resolve({ ok: obj['ok'] === true, data: asString(obj['data']) ?? '', raw: obj });
      }
    }
  });
  sock.on('close', () => {
    for (const p of pending.splice(0)) p.reject(new Error(`baresip(${opts.user}) ctrl_tcp closed`));
    for (const w of [...eventWaiters]) w();
  });
  sock.on('error', () => {
    // 'close' follows and rejects pending commands.
  });

  const command = (cmd: string, params?: string, timeoutMs = 5000): Promise<BaresipResponse> =>
    new Promise((resolve, reject) => {
      if (!sock || sock.destroyed) {
        reject(new Error(`baresip(${opts.user}) ctrl_tcp not connected`));
        return;
      }
      const token = `lab${++tokenSeq}`;
      const timer = setTimeout(() => {
        const i = pending.findIndex((p) => p.token === token);
        if (i >= 0) pending.splice(i, 1);
        reject(new Error(`baresip(${opts.user}): no response to '${cmd}' within ${timeoutMs} ms`));
      }, timeoutMs);
      pending.push({
        token,
        resolve: (r) => {
          clearTimeout(timer);
          resolve(r);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      const msg: Record<string, string> = { command: cmd, token };
      if (params !== undefined) msg['params'] = params;
      sock.write(encodeNetstring(JSON.stringify(msg)));
    });

  const waitForEvent: BaresipHandle['waitForEvent'] = (type, timeoutMs, o = {}) =>
    new Promise((resolve, reject) => {
      const since = o.since ?? 0;
      const check = (): void => {
        const found = events.slice(since).find((e) => e.type === type && (o.where ? o.where(e) : true));
        if (found) {
          done();
          resolve(found);
        } else if (proc.exitInfo() || !sock || sock.destroyed) {
          done();
          reject(new Error(`baresip(${opts.user}) gone before event ${type}\n--- log tail ---\n${proc.tail(3000)}`));
        }
      };
      const timer = setTimeout(() => {
        done();
        const seen = events.slice(since).map((e) => e.type).join(', ') || 'none';
        reject(
          new Error(`baresip(${opts.user}): no ${type} event within ${timeoutMs} ms (seen: ${seen})\n--- log tail ---\n${proc.tail(3000)}`),
        );
      }, timeoutMs);
      const done = (): void => {
        clearTimeout(timer);
        eventWaiters.delete(check);
      };
      eventWaiters.add(check);
      check();
    });

  const isRegistered = async (): Promise<boolean> => {
    const r = await command('reginfo');
    // menu's reginfo prints one line per UA, colour-coded:
    // "> sip:alice@127.0.0.1   \x1b[32mOK \x1b[;m <server> Expires 300s" (else ERR / zZ).
    return stripAnsi(r.data)
      .split('\n')
      .some((l) => l.includes(`:${opts.user}@`) && /\sOK\s/.test(`${l} `));
  };

  return {
    user: opts.user,
    aor,
    directUri: `sip:${opts.user}@${LOOPBACK}:${sipPort}`,
    sipPort,
    ctrlPort,
    workDir: dir,
    recordingsDir: recDir,
    process: proc,
    command,
    events: () => events,
    eventCursor: () => events.length,
    waitForEvent,
    isRegistered,
    waitForRegistration: async (timeoutMs = 10_000) => {
      try {
        await pollUntil(
          `baresip(${opts.user}) registration`,
          async () => ((await isRegistered()) ? true : undefined),
          timeoutMs,
          200,
        );
      } catch (err) {
        throw new Error(`${err instanceof Error ? err.message : String(err)}\n--- baresip log tail ---\n${proc.tail(3000)}`);
      }
    },
    recordings: () => listRecordings(recDir),
    logs: () => proc.output(),
    stop: async () => {
      sock?.destroy();
      const e = await proc.stop();
      await sleep(0);
      return e;
    },
  };
}
