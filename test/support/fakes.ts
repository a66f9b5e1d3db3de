/** Small fakes for the core's ports, shared by unit and integration tests. */
import { err, ok } from '../../main/common/result';
import type { CorePorts } from '../../main/core/ports';
import type { AudioDevicePort, AudioStreamOptions } from '../../main/core/ports/audio';
import type { Clock, TimerHandle } from '../../main/core/ports/clock';
import type { DnsPort } from '../../main/core/ports/dns';
import type { SocketFactory } from '../../main/core/ports/network';
import type { SystemEventsPort } from '../../main/core/ports/system-events';
import type { Logger, LogFields } from '../../main/core/ports/logger';
import type { SecretStorePort } from '../../main/core/ports/secrets';

/** A logger that records lines instead of printing them. */
export interface RecordingLogger extends Logger {
  readonly lines: Array<{ level: string; scope: string; message: string; fields?: LogFields }>;
}

/** Creates a {@link RecordingLogger}. */
export function recordingLogger(scope = 'test', lines: RecordingLogger['lines'] = []): RecordingLogger {
  const add = (level: string) => (message: string, fields?: LogFields) => {
    lines.push(fields ? { level, scope, message, fields } : { level, scope, message });
  };
  return { lines, debug: add('debug'), info: add('info'), warn: add('warn'), error: add('error'), child: (s) => recordingLogger(`${scope}.${s}`, lines) };
}

/** A secret store over a map; `fail` makes every call report an unavailable keyring. */
export function fakeSecrets(entries: Record<string, string> = {}, fail?: string): SecretStorePort {
  const map = new Map(Object.entries(entries));
  const k = (s: string, a: string): string => `${s}/${a}`;
  return {
    kind: 'os-keyring',
    get: async (s, a) => (fail ? err('KEYCHAIN_UNAVAILABLE', fail) : ok(map.get(k(s, a)) ?? null)),
    set: async (s, a, v) => {
      if (fail) return err('KEYCHAIN_UNAVAILABLE', fail);
      map.set(k(s, a), v);
      return ok(undefined);
    },
    delete: async (s, a) => (fail ? err('KEYCHAIN_UNAVAILABLE', fail) : ok(map.delete(k(s, a)))),
  };
}

/** A manual clock: time moves only when a test calls `advance`. */
export interface FakeClock extends Clock {
  advance(ms: number): void;
}

/** Creates a {@link FakeClock} starting at `start` ms. */
export function fakeClock(start = 1_700_000_000_000): FakeClock {
  let now = start;
  let nextId = 1;
  const timers = new Map<number, { at: number; fn: () => void }>();
  return {
    now: () => now,
    monotonic: () => now - start,
    setTimeout(fn, ms) {
      const id = nextId++;
      timers.set(id, { at: now + ms, fn });
      return id as unknown as TimerHandle;
    },
    clearTimeout(handle) {
      timers.delete(handle as unknown as number);
    },
    advance(ms) {
      const until = now + ms;
      for (;;) {
        const due = [...timers.entries()].filter(([, t]) => t.at <= until).sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        timers.delete(due[0]);
        now = due[1].at;
        due[1].fn();
      }
      now = until;
    },
  };
}

/** Sockets that can never reach anything: every call reports an unreachable network. */
export function unreachableSockets(): SocketFactory {
  const no = async () => err('NETWORK_UNREACHABLE', 'fake network: unreachable') as never;
  return { bindUdp: no, connectTcp: no, connectTls: no, localAddressFor: no };
}

/** A DNS with no records at all. */
export function emptyDns(): DnsPort {
  const none = async (): Promise<never> => {
    throw Object.assign(new Error('ENOTFOUND'), { code: 'ENOTFOUND' });
  };
  return { resolveNaptr: none, resolveSrv: none, resolve4: none, resolve6: none };
}

/** System events that tests fire by hand. */
export function manualSystemEvents(): SystemEventsPort & { fireNetworkChange(): void; fireResume(): void } {
  const network = new Set<() => void>();
  const resume = new Set<() => void>();
  return {
    onNetworkChange: (l) => (network.add(l), () => void network.delete(l)),
    onResume: (l) => (resume.add(l), () => void resume.delete(l)),
    fireNetworkChange: () => network.forEach((l) => l()),
    fireResume: () => resume.forEach((l) => l()),
  };
}

/** Every port of the core, faked; override what a test needs. */
export function fakePorts(overrides: Partial<CorePorts> = {}): CorePorts {
  return {
    clock: fakeClock(),
    logger: recordingLogger(),
    secrets: fakeSecrets(),
    sockets: unreachableSockets(),
    tlsProbe: { probe: async () => err('NETWORK_UNREACHABLE', 'fake network: unreachable') },
    dns: emptyDns(),
    files: {
      readText: async (path) => err('INVALID_CONFIG', `fake files: no ${path}`),
      readUserText: async (path) => err('FILE_ACCESS', `fake files: no ${path}`),
      writeUserText: async (path) => err('FILE_ACCESS', `fake files: cannot write ${path}`),
    },
    systemEvents: manualSystemEvents(),
    audio: manualAudioPort(),
    random: () => 0.5,
    hooks: {
      http: { send: async () => err('NETWORK_UNREACHABLE', 'fake network: unreachable') },
      urls: { open: async () => err('INVALID_CONFIG', 'fake: no browser') },
      commands: { run: async () => err('INVALID_CONFIG', 'fake: no processes') },
    },
    ...overrides,
  };
}

/** An audio port whose clock the test drives: `tick(captured)` returns what was played. */
export interface ManualAudioPort extends AudioDevicePort {
  readonly opened: number;
  readonly closed: number;
  /** The options of every open, in order. */
  readonly opens: AudioStreamOptions[];
  /** Device ids that fail to open (as if unplugged or busy). */
  readonly broken: Set<string>;
  /** When true, even the default device fails to open. */
  noDefault: boolean;
  tick(captured: Int16Array): Int16Array | undefined;
  /** Makes the open stream report a device error (as if unplugged mid-call). */
  fail(reason: string): void;
}

/** Creates a {@link ManualAudioPort} running at `sampleRate` with 20 ms frames. */
export function manualAudioPort(sampleRate = 48000): ManualAudioPort {
  let listener: ((captured: Int16Array) => Int16Array) | undefined;
  let errorListener: ((reason: string) => void) | undefined;
  let opened = 0;
  let closed = 0;
  const opens: AudioStreamOptions[] = [];
  const broken = new Set<string>();
  const port: ManualAudioPort = {
    get opened() {
      return opened;
    },
    get closed() {
      return closed;
    },
    opens,
    broken,
    noDefault: false,
    listDevices: async () => ok([]),
    async open(options) {
      opens.push(options);
      const ids = [options.inputId, options.outputId].filter((x): x is string => x !== undefined);
      const bad = ids.find((id) => broken.has(id));
      if (bad) return err('AUDIO_DEVICE_UNAVAILABLE', `The device "${bad}" is not connected.`);
      if (ids.length === 0 && port.noDefault) return err('AUDIO_DEVICE_UNAVAILABLE', 'No microphone was found.');
      opened += 1;
      let live = true;
      return ok({
        sampleRate,
        frameSamples: sampleRate / 50,
        onTick: (l) => {
          listener = l;
        },
        onError: (l) => {
          errorListener = l;
        },
        close: async () => {
          if (live) closed += 1;
          live = false;
          listener = undefined;
        },
      });
    },
    tick: (captured) => listener?.(captured),
    fail: (reason) => errorListener?.(reason),
  };
  return port;
}
