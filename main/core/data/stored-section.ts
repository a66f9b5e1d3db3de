/**
 * One settings section kept as its own named document in the settings store
 * (`StoragePort.documents`), beside the main settings document: call
 * handling, shell, hooks and the control API each own theirs, so each is
 * written only by the service that applies it and a bad value in one never
 * resets another.
 */
import type { z } from 'zod';
import { ok, type Result } from '../../common/result';
import { describeIssues } from '../../common/validation';
import type { Logger } from '../ports/logger';
import type { StoragePort } from '../ports/storage';
import { createSerial } from './serial';

/** A stored section. */
export interface StoredSection<T> {
  /**
   * The stored value, validated; the defaults when nothing is stored, and also
   * (with a logged warning) when the stored value does not validate or the
   * storage cannot be read. Never rejects.
   */
  load(): Promise<T>;
  /** Stores `value` (writes run one at a time, in call order). */
  save(value: T): Promise<Result<void>>;
}

/** What {@link createStoredSection} needs. */
export interface StoredSectionDeps<S extends z.ZodType> {
  readonly storage: StoragePort;
  readonly logger: Logger;
  /** The document name, e.g. `settings.calls`. */
  readonly name: string;
  readonly schema: S;
  readonly defaults: z.output<S>;
}

/** Creates the section; nothing is read until {@link StoredSection.load}. */
export function createStoredSection<S extends z.ZodType>(deps: StoredSectionDeps<S>): StoredSection<z.output<S>> {
  const serial = createSerial();
  const log = deps.logger.child('settings');
  return {
    async load() {
      const stored = await deps.storage.documents.read(deps.name);
      if (!stored.ok) {
        log.warn(`cannot read ${deps.name}; using the defaults`, { reason: stored.error.message });
        return deps.defaults;
      }
      if (stored.data === null || stored.data === undefined) return deps.defaults;
      // Settings added since the document was written take their defaults.
      const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
      const parsed = deps.schema.safeParse(isRecord(stored.data) && isRecord(deps.defaults) ? { ...deps.defaults, ...stored.data } : stored.data);
      if (parsed.success) return parsed.data;
      log.warn(`stored ${deps.name} are not valid; using the defaults`, { reason: describeIssues(parsed.error) });
      return deps.defaults;
    },
    save: (value) =>
      serial(async () => {
        const written = await deps.storage.documents.write(deps.name, value);
        if (!written.ok) {
          log.error(`cannot store ${deps.name}`, { reason: written.error.message });
          return written;
        }
        return ok(undefined);
      }),
  };
}
