/**
 * Reading and writing files the user names: a TLS CA file in settings, a
 * contacts file to import, the destination of an export. A port so that the
 * core stays testable and a sandboxed build could swap the source.
 */
import type { Result } from '../../common/result';

/** Reads and writes user-named files. */
export interface FilePort {
  /** Reads a small UTF-8 text file (a certificate); failures name the path and the OS reason. */
  readText(path: string): Promise<Result<string>>;
  /**
   * Reads a user-chosen text file of any common encoding (UTF-8 with or
   * without BOM, UTF-16 with BOM, else Windows-1252, which older Outlook
   * exports use). Over `maxBytes` it is refused with FILE_TOO_LARGE naming the
   * size and the limit; unreadable gives FILE_ACCESS with the OS reason.
   */
  readUserText(path: string, maxBytes: number): Promise<Result<string>>;
  /** Writes a UTF-8 text file atomically (temp file + rename), so a crash never leaves half a file. */
  writeUserText(path: string, text: string): Promise<Result<void>>;
}
