/**
 * How call hooks reach the world: an HTTP client for webhooks, the desktop's
 * URL opener for screen-pops, and a process runner for command hooks. Ports so
 * that the hook logic (retries, templates, queues) is tested against a real
 * loopback receiver and a real child process without Electron.
 */
import type { Result } from '../../common/result';

/** One HTTP request. */
export interface HttpRequest {
  readonly method: 'POST';
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  readonly timeoutMs: number;
}

/** Sends HTTP(S) requests; redirects are not followed. */
export interface HttpPort {
  /** Resolves with the status, or an error when no response came (refused, timeout, TLS). */
  send(request: HttpRequest): Promise<Result<{ readonly status: number }>>;
}

/** Opens URLs in the user's default browser. */
export interface UrlOpenerPort {
  /** `url` is always http: or https: (checked by the caller and again by the adapter). */
  open(url: string): Promise<Result<void>>;
}

/** Runs a program with an argument array, never through a shell. */
export interface CommandRunnerPort {
  /** Resolves when it exits (or is killed at `timeoutMs`) with its exit code. */
  run(program: string, args: readonly string[], timeoutMs: number): Promise<Result<{ readonly exitCode: number | null }>>;
}

/** Everything the hooks need. */
export interface HookPorts {
  readonly http: HttpPort;
  readonly urls: UrlOpenerPort;
  readonly commands: CommandRunnerPort;
}
