/**
 * The headless command line:
 * `--account <file> [--audio-in <wav>] [--audio-out <wav>] [--mic <name>] [--speaker <name>] [--auto-answer] [--data-dir <dir>] [--log-level <level>]
 * [--control-api <port>] [--control-origin <origin>]...`.
 */
import { parseArgs } from 'node:util';
import { OriginSchema } from '../../common/models/integrations';
import { err, ok, type Result } from '../../common/result';
import type { LogLevel } from '../adapters/stderr-logger';

/** Parsed headless options. */
export interface HeadlessArgs {
  readonly account?: string;
  readonly audioIn?: string;
  readonly audioOut?: string;
  /** Use real devices: a substring of the microphone's name (as `devices.list` shows it). */
  readonly mic?: string;
  /** Use real devices: a substring of the speaker's name. */
  readonly speaker?: string;
  readonly autoAnswer: boolean;
  readonly dataDir?: string;
  readonly logLevel: LogLevel;
  readonly help: boolean;
  /** Serve the local control API on this 127.0.0.1 port (0 = any free one). */
  readonly controlApiPort?: number;
  /** Web origins allowed to call the control API. */
  readonly controlOrigins?: readonly string[];
}

/** The usage text printed by --help and after a bad option. */
export const headlessUsage =
  'Usage: npm run headless -- [--account <account.json>] [--audio-in <in.wav>] [--audio-out <out.wav>] [--mic <name>] [--speaker <name>] [--auto-answer] [--data-dir <dir>] [--log-level debug|info|warn|error] [--control-api <port>] [--control-origin <origin>]...\n' +
  'Reads one JSON command per line on stdin, e.g. {"id":1,"cmd":"snapshot"}; writes JSON replies and events on stdout, logs on stderr.\n' +
  'The account password comes from DIALTONE_PASSWORD or the system keychain, never from the file.\n' +
  'Contacts, call history, settings and saved accounts live in <dir>/dialtone.db with --data-dir; without it, in memory for this run.\n' +
  '--control-api serves the same commands on http://127.0.0.1:<port> (POST /api/<command>, WebSocket /ws) with the token from DIALTONE_CONTROL_TOKEN (else a random one, printed on stderr).';

const levels: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];

/** Parses `argv` (without node and script); errors name the bad option. */
export function parseHeadlessArgs(argv: readonly string[]): Result<HeadlessArgs> {
  let values: Record<string, string | boolean | string[] | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        account: { type: 'string' },
        'audio-in': { type: 'string' },
        'audio-out': { type: 'string' },
        mic: { type: 'string' },
        speaker: { type: 'string' },
        'auto-answer': { type: 'boolean' },
        'data-dir': { type: 'string' },
        'log-level': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        'control-api': { type: 'string' },
        'control-origin': { type: 'string', multiple: true },
      },
    }));
  } catch (error) {
    return err('INVALID_ARGS', (error as Error).message);
  }
  const logLevel = (values['log-level'] as string | undefined) ?? 'info';
  if (!levels.includes(logLevel as LogLevel)) return err('INVALID_ARGS', `--log-level must be one of ${levels.join(', ')}.`);
  const apiPort = values['control-api'];
  if (apiPort !== undefined && (typeof apiPort !== 'string' || !/^\d{1,5}$/.test(apiPort) || Number(apiPort) > 65535)) {
    return err('INVALID_ARGS', '--control-api must be a port number (0-65535; 0 picks a free one).');
  }
  const origins = Array.isArray(values['control-origin']) ? values['control-origin'] : [];
  const badOrigin = origins.find((o) => !OriginSchema.safeParse(o).success);
  if (badOrigin !== undefined) return err('INVALID_ARGS', `--control-origin ${badOrigin}: must be an origin such as https://crm.example.com (no path, no trailing slash).`);
  const str = (key: string): Record<string, string> => (typeof values[key] === 'string' ? { [key]: values[key] } : {});
  const s = { ...str('account'), ...str('audio-in'), ...str('audio-out'), ...str('data-dir'), ...str('mic'), ...str('speaker') };
  if ((s['mic'] !== undefined || s['speaker'] !== undefined) && (s['audio-in'] !== undefined || s['audio-out'] !== undefined)) {
    return err('INVALID_ARGS', 'Use either --audio-in/--audio-out (files) or --mic/--speaker (devices), not both.');
  }
  return ok({
    ...(s['account'] ? { account: s['account'] } : {}),
    ...(s['audio-in'] ? { audioIn: s['audio-in'] } : {}),
    ...(s['audio-out'] ? { audioOut: s['audio-out'] } : {}),
    ...(s['data-dir'] ? { dataDir: s['data-dir'] } : {}),
    ...(s['mic'] !== undefined ? { mic: s['mic'] } : {}),
    ...(s['speaker'] !== undefined ? { speaker: s['speaker'] } : {}),
    autoAnswer: values['auto-answer'] === true,
    logLevel: logLevel as LogLevel,
    help: values['help'] === true,
    ...(typeof apiPort === 'string' ? { controlApiPort: Number(apiPort) } : {}),
    ...(origins.length > 0 ? { controlOrigins: origins } : {}),
  });
}
