/**
 * Headless mode: JSON lines on stdin and stdout, the way baresip's ctrl_tcp or
 * pjsua are scripted. stdout carries only JSON lines (replies and events);
 * everything else goes to the logger on stderr.
 */
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { Router } from '../../core/router/router';
import type { SoftphoneCore } from '../../core/softphone-core';
import { handleTextFrame } from './frames';

/** Options for {@link runStdioBridge}. */
export interface StdioBridgeOptions {
  readonly router: Router;
  readonly core: Pick<SoftphoneCore, 'subscribe'>;
  readonly input: Readable;
  readonly output: Writable;
}

/** A running stdio bridge. */
export interface StdioBridge {
  /** Resolves when the input ends (EOF) or {@link StdioBridge.stop} is called. */
  readonly ended: Promise<void>;
  /** Waits for replies still being handled, then flushes the output. */
  drain(): Promise<void>;
  /** Stops reading input and emitting events. */
  stop(): void;
}

/** Starts reading requests from `input` and writing replies and events to `output`. */
export function runStdioBridge(options: StdioBridgeOptions): StdioBridge {
  const pending = new Set<Promise<void>>();
  let open = true;
  const write = (value: unknown): void => {
    if (open || pending.size > 0) options.output.write(`${JSON.stringify(value)}\n`);
  };
  const unsubscribe = options.core.subscribe((event) => {
    if (open) write(event);
  });
  const lines = createInterface({ input: options.input, crlfDelay: Infinity, terminal: false });
  let finish: () => void = () => undefined;
  const ended = new Promise<void>((resolve) => {
    finish = resolve;
  });
  lines.on('line', (line) => {
    if (line.trim() === '') return;
    const job = handleTextFrame(options.router, line).then(write);
    pending.add(job);
    void job.finally(() => pending.delete(job));
  });
  lines.on('close', () => finish());

  return {
    ended,
    async drain() {
      while (pending.size > 0) await Promise.all([...pending]);
      await new Promise<void>((resolve) => {
        if (options.output.writableNeedDrain) options.output.once('drain', () => resolve());
        else resolve();
      });
    },
    stop() {
      open = false;
      unsubscribe();
      lines.close();
    },
  };
}
