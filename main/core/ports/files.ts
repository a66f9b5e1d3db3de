/**
 * Reading small files the user names in settings (a TLS CA file). A port so
 * that the core stays testable and a sandboxed build could swap the source.
 */
import type { Result } from '../../common/result';

/** Reads user-named files. */
export interface FilePort {
  /** Reads a UTF-8 text file; failures name the path and the OS reason. */
  readText(path: string): Promise<Result<string>>;
}
