/**
 * The media worker's side: it runs a {@link LocalMediaEngine} (the audio
 * device, its clock, and every call's RTP) and answers the main thread's
 * control messages. Its logger forwards lines to main, which owns the log.
 */
import { err, ok, type Result } from '../../../common/result';
import type { Logger, LogFields } from '../../ports/logger';
import type { MediaStream } from '../media-stream';
import type { LocalMediaEngine } from './local-media-engine';
import type { FromWorker, ToWorker, WorkerChannel, WorkerRequest } from './worker-protocol';

/** A logger that sends each line to the main thread. */
export function forwardingLogger(channel: WorkerChannel<ToWorker, FromWorker>, scope = 'worker'): Logger {
  const line = (level: 'debug' | 'info' | 'warn' | 'error') => (message: string, fields?: LogFields): void => {
    channel.postMessage(fields ? { type: 'log', level, scope, message, fields } : { type: 'log', level, scope, message });
  };
  return { debug: line('debug'), info: line('info'), warn: line('warn'), error: line('error'), child: (s) => forwardingLogger(channel, `${scope}.${s}`) };
}

/** Options of {@link serveMediaWorker}. */
export interface MediaWorkerServeOptions {
  /** How often stream counters are sent to main, ms (default 500). */
  readonly statsIntervalMs?: number;
}

/** Serves control messages until `shutdown`; returns a function that stops serving. */
export function serveMediaWorker(channel: WorkerChannel<ToWorker, FromWorker>, engine: LocalMediaEngine, options: MediaWorkerServeOptions = {}): () => Promise<void> {
  const streams = new Map<number, MediaStream>();
  const tones = new Map<number, () => void>();
  let watching = false;
  engine.onDeviceProblem((problem) => channel.postMessage({ type: 'problem', problem }));
  engine.onProcessingProblem((problem) => channel.postMessage({ type: 'processingProblem', problem }));

  const postStats = (): void => {
    for (const [stream, media] of streams) channel.postMessage({ type: 'stats', stream, stats: { ...media.stats }, jitter: media.jitterStats() });
  };
  const statsTimer = setInterval(postStats, options.statsIntervalMs ?? 500);
  statsTimer.unref();

  const missing = (stream: number): Result<never> => err('NOT_FOUND', `The media worker has no stream ${stream}.`);

  const handle = async (request: WorkerRequest): Promise<Result<unknown>> => {
    switch (request.op) {
      case 'prepare': {
        const media = streams.get(request.stream);
        return media ? media.prepare() : missing(request.stream);
      }
      case 'apply': {
        const media = streams.get(request.stream);
        return media ? media.apply(request.session, request.changes) : missing(request.stream);
      }
      case 'close': {
        const media = streams.get(request.stream);
        if (!media) return ok(undefined);
        streams.delete(request.stream);
        await media.close();
        channel.postMessage({ type: 'stats', stream: request.stream, stats: { ...media.stats }, jitter: media.jitterStats() });
        return ok(undefined);
      }
      case 'listDevices':
        return engine.listDevices();
      case 'selectDevices':
        return engine.selectDevices(request.selection);
      case 'echoTest':
        return engine.echoTest(request.seconds, (progress) => channel.postMessage({ type: 'echoTest', progress }));
      case 'shutdown':
        await stop();
        return ok(undefined);
    }
  };

  const stop = async (): Promise<void> => {
    clearInterval(statsTimer);
    await Promise.all([...streams.values()].map((m) => m.close()));
    streams.clear();
    await engine.close();
  };

  channel.onMessage((message) => {
    if ('id' in message) {
      const id = message.id;
      handle(message).then(
        (result) => channel.postMessage({ type: 'reply', id, result }),
        (error: unknown) => channel.postMessage({ type: 'reply', id, result: err('INTERNAL', `The media worker failed: ${error instanceof Error ? error.message : String(error)}`) }),
      );
      return;
    }
    switch (message.op) {
      case 'create': {
        const stream = message.stream;
        streams.set(stream, engine.createStream({ localAddress: message.localAddress, latch: message.latch, onDtmf: (digit) => channel.postMessage({ type: 'dtmf', stream, digit }) }, message.sdesKeys));
        return;
      }
      case 'dtmf':
        streams.get(message.stream)?.sendDtmf(message.digits);
        return;
      case 'mute':
        streams.get(message.stream)?.setMuted(message.muted);
        return;
      case 'toneStart':
        tones.set(message.tone, engine.playTone(message.spec, message.where));
        return;
      case 'toneStop':
        tones.get(message.tone)?.();
        tones.delete(message.tone);
        return;
      case 'conference':
        engine.setConference(message.streams.map((id) => streams.get(id)).filter((m): m is MediaStream => m !== undefined));
        return;
      case 'volume':
        engine.setVolume({ ...(message.input === undefined ? {} : { input: message.input }), ...(message.output === undefined ? {} : { output: message.output }) });
        return;
      case 'levels':
        engine.onLevels(message.on ? (levels) => channel.postMessage({ type: 'levels', levels }) : undefined);
        return;
      case 'processing':
        engine.configureProcessing(message.settings);
        return;
      case 'echoTestStop':
        engine.stopEchoTest(message.reason);
        return;
      case 'watchDevices':
        if (watching) return;
        watching = true;
        engine.onDevicesChanged((devices) => channel.postMessage({ type: 'devices', devices }));
        return;
    }
  });
  return stop;
}
