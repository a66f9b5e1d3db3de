/** The media engine: local (same thread) or proxied to the media worker. */
export type { CallMediaOptions, DeviceProblem, DeviceSelection, ManagedCallMedia, MediaEngine } from './media-engine';
export { createLocalMediaEngine, LocalMediaEngine, type LocalMediaEngineDeps } from './local-media-engine';
export { WorkerMediaEngine, type WorkerMediaEngineOptions } from './worker-media-engine';
export { forwardingLogger, serveMediaWorker, type MediaWorkerServeOptions } from './worker-runtime';
export type { FromWorker, MediaWorkerHandle, ToWorker, WorkerChannel } from './worker-protocol';
export { diffDevices, type DeviceDiff } from './device-diff';
export type { AudioLevels } from '../audio-engine';
