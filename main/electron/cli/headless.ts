/**
 * Headless entry: `npm run headless -- --account account.json`.
 * Wires the runtime, loads the account, then serves JSON lines on stdio until
 * `{"cmd":"quit"}`, end of input, SIGINT or SIGTERM, and exits 0.
 * Bad options or a bad account file: one line on stderr, exit code 2.
 */
import { access, constants, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { chooseDevices } from './device-choice';
import { bootstrap } from '../bootstrap';
import { runStdioBridge } from '../bridges/stdio-bridge';
import { loadAccountFile } from './account-file';
import { headlessUsage, parseHeadlessArgs } from './headless-args';
import { readPackageInfo } from './package-info';

function fail(message: string): never {
  process.stderr.write(`dialtone: ${message}\n`);
  process.exit(2);
}

async function checkFiles(args: { audioIn?: string; audioOut?: string; dataDir?: string }): Promise<void> {
  if (args.audioIn) await access(args.audioIn, constants.R_OK).catch(() => fail(`--audio-in ${args.audioIn}: file not readable.`));
  if (args.audioOut) await access(dirname(args.audioOut), constants.W_OK).catch(() => fail(`--audio-out ${args.audioOut}: folder not writable.`));
  if (args.dataDir) await mkdir(args.dataDir, { recursive: true }).catch((e: Error) => fail(`--data-dir ${args.dataDir}: ${e.message}`));
}

async function main(): Promise<void> {
  const parsed = parseHeadlessArgs(process.argv.slice(2));
  if (!parsed.ok) fail(`${parsed.error.message}\n${headlessUsage}`);
  const args = parsed.data;
  if (args.help) {
    process.stderr.write(`${headlessUsage}\n`);
    return;
  }
  await checkFiles(args);
  const account = args.account ? await loadAccountFile(args.account) : undefined;
  if (account && !account.ok) fail(account.error.message);

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      bridge.stop();
      await bridge.drain();
      await runtime.shutdown();
      process.exit(0);
    })());

  const runtime = bootstrap({
    app: { ...readPackageInfo(), mode: 'headless' },
    env: process.env,
    logLevel: args.logLevel,
    media: args.mic !== undefined || args.speaker !== undefined ? { kind: 'devices' } : { kind: 'files', ...(args.audioIn ? { input: args.audioIn } : {}), ...(args.audioOut ? { output: args.audioOut } : {}) },
    autoAnswer: args.autoAnswer,
    ...(args.dataDir ? { dataDir: args.dataDir } : {}),
    onQuitRequested: () => void stop(),
  });
  if (args.mic !== undefined || args.speaker !== undefined) {
    const chosen = await chooseDevices(runtime.core, args.mic, args.speaker);
    if (!chosen.ok) fail(chosen.error.message);
  }
  const bridge = runStdioBridge({ router: runtime.router, core: runtime.core, input: process.stdin, output: process.stdout });
  if (account?.ok) {
    const added = await runtime.core.saveAccount(account.data);
    if (!added.ok) fail(added.error.message);
  }
  if (args.controlApiPort !== undefined) {
    const api = await runtime.controlApi.configure({ enabled: true, port: args.controlApiPort, allowedOrigins: [...(args.controlOrigins ?? [])] }, false);
    if (!api.ok) fail(api.error.message);
    const generated = process.env['DIALTONE_CONTROL_TOKEN'] === undefined || process.env['DIALTONE_CONTROL_TOKEN'] !== api.data.token;
    process.stderr.write(`dialtone: control API on ${api.data.url ?? ''}${generated ? ` with token ${api.data.token ?? ''}` : ' (token from DIALTONE_CONTROL_TOKEN)'}\n`);
  }
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
  await bridge.ended;
  await stop();
}

void main();
