/**
 * SIPp as a registrar for Dialtone: one SIPp UAS (scenario from
 * `test/sip/sipp/`) on 127.0.0.1 with a free port, and one in-process
 * Dialtone runtime that registers an account to it over UDP.
 *
 * Everything is bounded: SIPp by `-m 1`, `-timeout` and a process deadline,
 * the runtime's waits by their own timeouts; `stop()` is idempotent and is
 * also registered with `t.after`.
 */
import { createSocket } from 'node:dgram';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { TestContext } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { CoreOptions } from '../../main/core/softphone-core';
import { LOOPBACK, waitForListening } from '../lab/ports';
import { startSipp, type SippHandle, type SippResult } from '../lab/sipp-runner';
import { labAccount, startCore, type CoreDriver } from './core-driver';

/** The registrar scenarios of `test/sip/sipp/`. */
export type RegistrarScenario = 'challenge-401' | 'challenge-407' | 'verifyauth-md5' | 'expires-header' | 'interval-too-brief' | 'retry-after' | 'reject-403' | 'reject-404';

/** Path of a registrar scenario. */
export function registrarScenario(name: RegistrarScenario): string {
  return join(dirname(fileURLToPath(import.meta.url)), '..', 'sip', 'sipp', `${name}.xml`);
}

/** The user Dialtone registers as, and its password. */
export const REGISTRAR_USER = 'alice';
export const REGISTRAR_PASSWORD = 'alice-sipp-123';
export const REGISTRAR_ACCOUNT_ID = `${REGISTRAR_USER}@127.0.0.1`;

/** A running SIPp registrar and the Dialtone runtime registering to it. */
export interface RegistrarRun {
  readonly sipp: SippHandle;
  readonly core: CoreDriver;
  readonly accountId: string;
  /** Stops the runtime (it unregisters, bounded to 2 s), then waits for SIPp to finish (bounded) and returns its result. */
  finish(sippWaitMs?: number): Promise<SippResult>;
}

/**
 * Starts SIPp with `scenario` (and `-key` values), waits until its UDP port
 * listens, then starts Dialtone and saves an account pointing at it.
 * Dialtone's OPTIONS ping is off: SIPp would take an OPTIONS (another
 * Call-ID) as a new call that does not match the scenario.
 */
export async function startRegistrarRun(
  t: TestContext,
  p: {
    readonly scenario: RegistrarScenario;
    readonly keys?: Readonly<Record<string, string | number>>;
    /** SIPp `-timeout` in seconds. */
    readonly timeoutS: number;
    readonly sip?: CoreOptions['sip'];
    /** The password Dialtone uses (default {@link REGISTRAR_PASSWORD}). */
    readonly password?: string;
  },
): Promise<RegistrarRun> {
  const sipp = await startSipp({
    scenario: registrarScenario(p.scenario),
    transport: 'u1',
    maxCalls: 1,
    timeoutS: p.timeoutS,
    ...(p.keys ? { keys: p.keys } : {}),
    // Print every message SIPp sees (to <scenario>_<pid>_messages.log): the SIP trace of a failure.
    extraArgs: ['-trace_msg'],
  });
  // One after-hook stops the runtime first (its un-REGISTER goes to a live SIPp), then SIPp.
  const started: { core?: CoreDriver; stopped: boolean } = { stopped: false };
  const stopCore = async (): Promise<void> => {
    if (started.stopped || !started.core) return;
    started.stopped = true;
    await started.core.stop();
  };
  t.after(async () => {
    await stopCore();
    await sipp.stop();
  });
  try {
    await waitForListening(sipp.localPort, 'udp', 5000, '127.0.0.1');
  } catch (error) {
    throw new Error(`SIPp (${p.scenario}) did not come up: ${(error as Error).message}\n${sipp.process.tail(3000)}`);
  }
  const core = startCore({ env: { DIALTONE_PASSWORD: p.password ?? REGISTRAR_PASSWORD }, sip: { pingIntervalMs: 0, ...p.sip } });
  started.core = core;
  const saved = await core.runtime.core.saveAccount(labAccount({ user: REGISTRAR_USER, port: sipp.localPort, transport: 'udp' }));
  if (!saved.ok) throw new Error(`saveAccount failed: ${JSON.stringify(saved.error)}`);
  return {
    sipp,
    core,
    accountId: REGISTRAR_ACCOUNT_ID,
    async finish(sippWaitMs = 5000) {
      await stopCore();
      return sipp.wait(sippWaitMs).catch(async (error: unknown) => {
        await sipp.stop();
        throw new Error(`SIPp did not finish within ${sippWaitMs} ms: ${(error as Error).message}`);
      });
    },
  };
}

/** One REGISTER transaction Dialtone sent (retransmissions folded in). */
export interface SentRegister {
  /** CSeq number. */
  readonly cseq: number;
  /** Wall-clock ms of the first transmission. */
  readonly time: number;
  /** The redacted message as first sent. */
  readonly text: string;
  /** How many datagrams carried it (1 + retransmissions). */
  readonly copies: number;
}

/** Dialtone's REGISTER transactions so far, in order, from its SIP trace. */
export function sentRegisters(core: CoreDriver): SentRegister[] {
  const out = new Map<number, { cseq: number; time: number; text: string; copies: number }>();
  for (const e of core.runtime.core.trace(0, 10_000)) {
    if (e.direction !== 'sent' || e.method !== 'REGISTER') continue;
    const cseq = Number(/^CSeq:\s*(\d+)/im.exec(e.text)?.[1] ?? NaN);
    const seen = out.get(cseq);
    if (seen) seen.copies += 1;
    else out.set(cseq, { cseq, time: e.time, text: e.text, copies: 1 });
  }
  return [...out.values()];
}

/** The expiry a REGISTER asks for: the Contact's `;expires=`, else the Expires header. */
export function requestedExpires(text: string): number | undefined {
  const contact = /^(?:Contact|m)\s*:(.*)$/im.exec(text)?.[1];
  const param = contact === undefined ? undefined : /;\s*expires\s*=\s*(\d+)/i.exec(contact.replace(/<[^>]*>/g, ''))?.[1];
  const header = /^Expires\s*:\s*(\d+)/im.exec(text)?.[1];
  const value = param ?? header;
  return value === undefined ? undefined : Number(value);
}

/** The value of the first header `name` (case-insensitive), if any. */
export function header(text: string, name: string): string | undefined {
  return new RegExp(`^${name}\\s*:\\s*(.*)$`, 'im').exec(text)?.[1]?.trim();
}

/** The messages SIPp received (from its `-trace_msg` log, unredacted), oldest first. */
export function sippReceived(sipp: SippHandle): string[] {
  const log = readdirSync(sipp.workDir).find((f) => f.endsWith('_messages.log'));
  if (!log) return [];
  return readFileSync(join(sipp.workDir, log), 'utf8')
    .split(/^-{20,} .*$/m)
    .filter((block) => /^UDP message received/m.test(block))
    .map((block) => block.replace(/^\s*UDP message received[^\n]*\n/, '').trim());
}

/** Dialtone's trace as `+ms direction start-line` lines (relative to the first message), for assertion messages. */
export function traceSummary(core: CoreDriver): string {
  const entries = core.runtime.core.trace(0, 10_000);
  const t0 = entries[0]?.time ?? 0;
  return entries.map((e) => `+${e.time - t0}ms ${e.direction} ${e.summary}`).join('\n');
}

/**
 * A bare SIP client on ONE UDP socket (127.0.0.1, ephemeral port), for
 * checking the scenarios themselves: SIPp answers a call at the address its
 * first message came from, so every request of the call must leave from the
 * same port. `request()` sends a text built for the local address and
 * resolves with the status of the first final response, or undefined after
 * `timeoutMs`.
 */
export interface RawSipClient {
  readonly port: number;
  request(build: (local: { address: string; port: number }) => string, timeoutMs?: number): Promise<number | undefined>;
  close(): void;
}

/** Opens a {@link RawSipClient} towards `127.0.0.1:port`. */
export async function rawSipClient(port: number): Promise<RawSipClient> {
  const sock = createSocket('udp4');
  await new Promise<void>((resolve, reject) => {
    sock.once('error', reject);
    sock.bind({ address: LOOPBACK, port: 0 }, () => resolve());
  });
  const local = sock.address();
  let waiter: ((status: number) => void) | undefined;
  sock.on('message', (msg) => {
    const status = Number(/^SIP\/2\.0 (\d{3})/.exec(msg.toString('utf8'))?.[1] ?? NaN);
    if (status >= 200) waiter?.(status);
  });
  let closed = false;
  return {
    port: local.port,
    request(build, timeoutMs = 2000) {
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          waiter = undefined;
          resolve(undefined);
        }, timeoutMs);
        waiter = (status) => {
          clearTimeout(timer);
          waiter = undefined;
          resolve(status);
        };
        sock.send(Buffer.from(build({ address: local.address, port: local.port }), 'utf8'), port, LOOPBACK);
      });
    },
    close() {
      if (closed) return;
      closed = true;
      sock.close();
    },
  };
}

/** Waits `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
