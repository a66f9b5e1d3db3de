/**
 * The one command router. Every bridge (Electron IPC, browser WebSocket,
 * headless stdio) hands it an untrusted command name and payload; it checks the
 * name against the contract, parses the payload with the command's zod schema,
 * runs the handler and always resolves with a Result. A handler that throws is
 * a bug: it is logged and reported as INTERNAL, never thrown across the bridge.
 */
import type { z } from 'zod';
import { commandSchemas, isCommandName, type CommandName, type CommandResult } from '../../common/ipc/contract';
import { err, type Result } from '../../common/result';
import { describeIssues } from '../../common/validation';
import type { Logger } from '../ports/logger';

/** The parsed arguments a handler receives for command `K`. */
export type HandlerArgs<K extends CommandName> = z.output<(typeof commandSchemas)[K]['args']>;

/** One handler per command; a missing key is a compile error. */
export type CommandHandlers = {
  readonly [K in CommandName]: (args: HandlerArgs<K>) => Promise<Result<CommandResult<K>>> | Result<CommandResult<K>>;
};

/** Dispatches untrusted input to the handlers. */
export interface Router {
  /** Validates and runs one command. Never rejects. */
  dispatch(cmd: unknown, args: unknown): Promise<Result<unknown>>;
}

/** Options for {@link createRouter}. */
export interface RouterOptions {
  /** Also validate what handlers return (tests turn this on to catch contract drift). */
  readonly checkResults?: boolean;
}

/** Builds the router over a complete handler table. */
export function createRouter(handlers: CommandHandlers, logger: Logger, options: RouterOptions = {}): Router {
  return {
    async dispatch(cmd, args) {
      if (!isCommandName(cmd)) {
        const shown = typeof cmd === 'string' ? `"${cmd.slice(0, 64)}"` : typeof cmd;
        return err('UNKNOWN_COMMAND', `Unknown command ${shown}.`);
      }
      const spec = commandSchemas[cmd];
      const parsed = spec.args.safeParse(args ?? {});
      if (!parsed.success) {
        return err('INVALID_ARGS', `${cmd}: ${describeIssues(parsed.error)}`);
      }
      try {
        const handler = handlers[cmd] as (a: unknown) => Promise<Result<unknown>> | Result<unknown>;
        const result = await handler(parsed.data);
        if (options.checkResults && result.ok) {
          const checked = spec.result.safeParse(result.data);
          if (!checked.success) {
            logger.error('handler returned data outside the contract', { cmd, issues: describeIssues(checked.error) });
            return err('INTERNAL', `${cmd} returned data outside the contract: ${describeIssues(checked.error)}`);
          }
        }
        return result;
      } catch (error) {
        logger.error('command handler threw', { cmd, error: error instanceof Error ? error.message : String(error) });
        return err('INTERNAL', `${cmd} failed unexpectedly. The log has the details.`);
      }
    },
  };
}
