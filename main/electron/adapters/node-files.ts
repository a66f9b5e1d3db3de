/** The real FilePort over node:fs/promises, with bounded sizes. */
import { readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { err, ok } from '../../common/result';
import type { FilePort } from '../../core/ports/files';

const MAX_BYTES = 1024 * 1024;

const megabytes = (n: number): string => `${(n / (1024 * 1024)).toFixed(1)} MB`;

/**
 * Windows-1252's 0x80-0x9F (€, ‚, ƒ, „, …, smart quotes…); the rest is Latin-1.
 * Spelled out because Node's TextDecoder('windows-1252') decodes those bytes as Latin-1 control codes.
 */
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ';

function decodeWindows1252(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    .toString('latin1')
    .replace(/[\u0080-\u009f]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80] ?? c);
}

/** Decodes bytes whose encoding the user did not say: BOMs first, then strict UTF-8, else Windows-1252. */
export function decodeText(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return decodeWindows1252(bytes);
  }
}

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
    async readUserText(path, maxBytes) {
      try {
        const info = await stat(path);
        if (!info.isFile()) return err('FILE_ACCESS', `${path} is not a file.`);
        if (info.size > maxBytes) return err('FILE_TOO_LARGE', `${path} is ${megabytes(info.size)}; the limit is ${megabytes(maxBytes)}.`);
        return ok(decodeText(await readFile(path)));
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? 'error';
        return err('FILE_ACCESS', `Cannot read ${path} (${code}).`);
      }
    },
    async writeUserText(path, text) {
      const temp = `${path}.${process.pid}.tmp`;
      try {
        await writeFile(temp, text, { encoding: 'utf8', flush: true });
        await rename(temp, path);
        return ok(undefined);
      } catch (error) {
        await unlink(temp).catch(() => undefined);
        const code = (error as NodeJS.ErrnoException).code ?? 'error';
        return err('FILE_ACCESS', `Cannot write ${path} (${code}).`);
      }
    },
  };
}
