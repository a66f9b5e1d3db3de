/**
 * Runs command hooks with `execFile` and `shell: false`: the program gets an
 * argument array, so caller data is never parsed by a shell. Output is
 * discarded, the child is killed at its timeout, and on Windows no console
 * window flashes. Windows batch files are refused (Windows would run them
 * through cmd.exe, which re-parses the arguments).
 */
import { execFile } from 'node:child_process';
import { err, ok } from '../../common/result';
import type { CommandRunnerPort } from '../../core/ports/integrations';

/** Creates the process runner. */
export function createProcessRunner(): CommandRunnerPort {
  return {
    run(program, args, timeoutMs) {
      if (/\.(bat|cmd)$/i.test(program.trim())) return Promise.resolve(err('INVALID_CONFIG', 'Batch files cannot be run as hooks.'));
      return new Promise((resolve) => {
        const child = execFile(program, [...args], { shell: false, timeout: timeoutMs, windowsHide: true, maxBuffer: 64 * 1024 }, (error) => {
          if (!error) return resolve(ok({ exitCode: 0 }));
          const e = error as NodeJS.ErrnoException & { killed?: boolean; code?: string | number };
          if (typeof e.code === 'number') return resolve(ok({ exitCode: e.code }));
          if (e.killed) return resolve(err('HOOK_FAILED', `The command ran longer than ${timeoutMs} ms and was stopped.`));
          if (e.code === 'ENOENT') return resolve(err('INVALID_CONFIG', `The program "${program}" was not found.`));
          if (e.code === 'EACCES') return resolve(err('INVALID_CONFIG', `The program "${program}" is not executable.`));
          return resolve(err('INTERNAL', `The command failed to start: ${e.message}`));
        });
        child.stdin?.end();
      });
    },
  };
}
