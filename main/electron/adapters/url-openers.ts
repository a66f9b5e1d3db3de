/**
 * Screen-pop URL openers. Electron uses `shell.openExternal` (wired in
 * index.ts); browser mode uses the desktop's opener through `execFile`
 * (xdg-open, open, or rundll32's FileProtocolHandler on Windows: none of them
 * goes through a shell); headless mode, which usually runs without a desktop,
 * only logs the URL. Every opener re-checks that the URL is http(s).
 */
import { execFile } from 'node:child_process';
import { err, ok, type Result } from '../../common/result';
import type { UrlOpenerPort } from '../../core/ports/integrations';
import type { Logger } from '../../core/ports/logger';

function checkHttp(url: string): Result<URL> {
  try {
    const parsed = new URL(url);
    if (parsed.protocol === 'http:' || parsed.protocol === 'https:') return ok(parsed);
  } catch {
    // fall through
  }
  return err('INVALID_CONFIG', 'Only http:// and https:// addresses are opened.');
}

/** Wraps an opener function (Electron's shell.openExternal) with the http(s) check. */
export function createFunctionUrlOpener(open: (url: string) => Promise<void>): UrlOpenerPort {
  return {
    async open(url) {
      const checked = checkHttp(url);
      if (!checked.ok) return checked;
      try {
        await open(checked.data.href);
        return ok(undefined);
      } catch (error) {
        return err('INTERNAL', `The browser could not be opened: ${(error as Error).message}`);
      }
    },
  };
}

/** The desktop's own opener, run without a shell. */
export function createSystemUrlOpener(platform: NodeJS.Platform = process.platform): UrlOpenerPort {
  const [program, prefix] = platform === 'darwin' ? ['open', []] : platform === 'win32' ? ['rundll32', ['url.dll,FileProtocolHandler']] : ['xdg-open', []];
  return createFunctionUrlOpener(
    (href) =>
      new Promise((resolve, reject) => {
        execFile(program, [...prefix, href], { shell: false, timeout: 10_000, windowsHide: true }, (error) => (error ? reject(error) : resolve()));
      }),
  );
}

/** Headless: logs the URL it would open. */
export function createLoggingUrlOpener(logger: Logger): UrlOpenerPort {
  return createFunctionUrlOpener(async (href) => logger.info('screen-pop (headless: not opened)', { url: href }));
}
