/**
 * The messages between the main thread and the media worker. Both ends are
 * the same build, so the shapes are TypeScript types, not zod schemas: this
 * is a thread boundary inside one process, not a trust boundary.
 *
 * Requests carry an `id` and get one `reply`; the rest are one-way. Messages
 * on one channel arrive in order, so `create` needs no reply: a following
 * `prepare` for the same stream always finds it.
 */
import type { Result } from '../../../common/result';
import type { AudioDevice } from '../../ports/audio';
import type { LogFields } from '../../ports/logger';
import type { JitterStats } from '../jitter';
import type { MediaStreamStats } from '../media-stream';
import type { LocalMediaTransport } from '../call-media';
import type { NegotiatedSession, SdesKey, SessionChanges } from '../sdp';
import type { DeviceProblem, DeviceSelection } from './media-engine';
import type { AudioLevels } from '../audio-engine';
import type { ToneSpec } from '../tones';
import type { ProcessingProblem, ProcessingSettings } from '../processing/capture-processor';
import type { EchoTestProgress, EchoTestResult } from '../../../common/models/audio-processing';

/** Main → worker, expecting a reply. */
export type WorkerRequest =
  | { readonly op: 'prepare'; readonly stream: number }
  | { readonly op: 'apply'; readonly stream: number; readonly session: NegotiatedSession; readonly changes: SessionChanges }
  | { readonly op: 'close'; readonly stream: number }
  | { readonly op: 'listDevices' }
  | { readonly op: 'selectDevices'; readonly selection: DeviceSelection }
  | { readonly op: 'echoTest'; readonly seconds: number }
  | { readonly op: 'shutdown' };

/** Main → worker, one way. */
export type WorkerNotice =
  | { readonly op: 'create'; readonly stream: number; readonly localAddress: string; readonly latch: boolean; readonly sdesKeys: readonly SdesKey[] }
  | { readonly op: 'dtmf'; readonly stream: number; readonly digits: string }
  | { readonly op: 'mute'; readonly stream: number; readonly muted: boolean }
  | { readonly op: 'watchDevices' }
  | { readonly op: 'toneStart'; readonly tone: number; readonly spec: ToneSpec; readonly where: 'calls' | 'ringer' }
  | { readonly op: 'toneStop'; readonly tone: number }
  | { readonly op: 'conference'; readonly streams: readonly number[] }
  | { readonly op: 'volume'; readonly input?: number; readonly output?: number }
  | { readonly op: 'levels'; readonly on: boolean }
  | { readonly op: 'processing'; readonly settings: ProcessingSettings }
  | { readonly op: 'echoTestStop'; readonly reason: string };

/** Everything main sends. */
export type ToWorker = ({ readonly id: number } & WorkerRequest) | WorkerNotice;

/** The reply payloads by request op. */
export interface WorkerReplies {
  prepare: Result<LocalMediaTransport>;
  apply: Result<void>;
  close: Result<void>;
  listDevices: Result<readonly AudioDevice[]>;
  selectDevices: Result<void>;
  echoTest: Result<EchoTestResult>;
  shutdown: Result<void>;
}

/** Worker → main. */
export type FromWorker =
  | { readonly type: 'reply'; readonly id: number; readonly result: Result<unknown> }
  | { readonly type: 'dtmf'; readonly stream: number; readonly digit: string }
  | { readonly type: 'stats'; readonly stream: number; readonly stats: MediaStreamStats; readonly jitter: JitterStats | undefined }
  | { readonly type: 'devices'; readonly devices: readonly AudioDevice[] }
  | { readonly type: 'problem'; readonly problem: DeviceProblem }
  | { readonly type: 'levels'; readonly levels: AudioLevels }
  | { readonly type: 'processingProblem'; readonly problem: ProcessingProblem }
  | { readonly type: 'echoTest'; readonly progress: EchoTestProgress }
  | { readonly type: 'log'; readonly level: 'debug' | 'info' | 'warn' | 'error'; readonly scope: string; readonly message: string; readonly fields?: LogFields };

/**
 * One end of the channel, as both sides see it: `worker_threads`' Worker on
 * main and `parentPort` in the worker are adapted to this in the electron
 * layer, so the core never spawns threads itself.
 */
export interface WorkerChannel<In, Out> {
  postMessage(message: Out): void;
  onMessage(listener: (message: In) => void): void;
}

/** The main thread's handle on the worker. */
export interface MediaWorkerHandle extends WorkerChannel<FromWorker, ToWorker> {
  /** Called once if the worker dies (crash, uncaught error, exit). */
  onExit(listener: (reason: string) => void): void;
  terminate(): Promise<void>;
}
