/**
 * The adaptive jitter buffer (see `jitter-buffer.ts` for the strategy): what
 * the media worker and the benchmarks import from `main/core/media/jitter`.
 */
export { JitterBuffer } from './jitter-buffer';
export type { ConcealReason, JitterBufferOptions, JitterOutput, JitterStats, PushOutcome, RtpFrameIn } from './jitter-types';
export { seededRandom, simulate, type SimulationConfig, type SimulationResult, type TracePoint } from './jitter-simulation';
