/**
 * The media worker's entry: the composition root of the worker thread. It
 * wires the concrete audio port (PortAudio devices or WAV files), sockets and
 * clock into the local media engine and serves the main thread's control
 * messages. `bootstrap.ts` starts it (through `adapters/media-worker-thread`)
 * and decides which audio it uses; nothing else runs here.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createLocalMediaEngine, forwardingLogger, serveMediaWorker, type FromWorker, type ToWorker, type WorkerChannel } from '../core/media/engine';
import { createNaudiodonPort } from '../../native/audio/naudiodon-port';
import { createFileAudioPort } from './adapters/file-audio';
import { createNodeSocketFactory } from './adapters/node-sockets';
import { createSystemClock } from './adapters/system-clock';
import type { MediaWorkerData } from './adapters/media-worker-thread';
import { applyMediaTiering } from './adapters/v8-tiering';

applyMediaTiering();

const port = parentPort;
if (!port) throw new Error('media-worker.ts runs only as a worker_thread');
const channel: WorkerChannel<ToWorker, FromWorker> = {
  postMessage: (message) => port.postMessage(message),
  onMessage: (listener) => port.on('message', listener),
};
const data = workerData as MediaWorkerData;
const logger = forwardingLogger(channel);
const audio =
  data.audio.kind === 'files'
    ? createFileAudioPort({
        ...(data.audio.input ? { input: data.audio.input } : {}),
        ...(data.audio.output ? { output: data.audio.output } : {}),
        onOutputError: (message) => logger.child('audio').warn(message),
      })
    : createNaudiodonPort();
const engine = createLocalMediaEngine({
  audio,
  sockets: createNodeSocketFactory(),
  clock: createSystemClock(),
  logger,
  random: Math.random,
  devicePollMs: data.audio.kind === 'devices' ? 3000 : 0,
  ...(data.audio.kind === 'devices' ? { lastResortAudio: createFileAudioPort({}) } : {}),
});
serveMediaWorker(channel, engine);
