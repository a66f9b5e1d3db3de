/** The real FilePort over node:fs/promises, with bounded sizes. */
import { readFile, stat } from 'node:fs/promises';
import { err, ok } from '../../common/result';
import type { FilePort } from '../../core/ports/files';

const MAX_BYTES = 1024 * 1024;

/** Creates the file port. */
export function createNodeFiles(): FilePort {
  return {
    async readText(path) {
      try {
        const info = await stat(path);
        if (info.size > MAX_BYTES) return err('INVALID_CONFIG', `${path} is larger than 1 MiB; is it really a certificate?`);
        return ok(await readFile(path, 'utf8'));
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? 'error';
        return err('INVALID_CONFIG', `Cannot read ${path} (${code}).`);
      }
    },
  };
}
