/**
 * Makes the settings that used to live in memory survive a restart: call
 * handling (`calls.configure`), the call hooks (`hooks.configure`), the shell
 * (`shell.configure`, `hotkeys.set`) and the control API
 * (`controlApi.configure`). Each is a section document in the settings store
 * (see `stored-section.ts`); secrets (webhook HMAC keys, the control API
 * token) go to the keychain only, so the stored documents never hold them.
 *
 * At start, {@link PersistedSettings.ready} restores each section (an invalid
 * one falls back to its defaults with a logged warning); until then the
 * wrapped commands wait, so a client never changes a value that the restore
 * would then overwrite. The commands themselves keep their contract: they
 * only gain the write to storage.
 */
import { AudioProcessingPatchSchema } from '../../common/models/audio-processing';
import { CallSettingsSchema, DEFAULT_CALL_SETTINGS } from '../../common/models/call-settings';
import { ControlApiSettingsSchema, HooksConfigSchema, HooksViewSchema, type ControlApiSettings, type HooksConfig, type HooksView } from '../../common/models/integrations';
import { err, ok, type Result } from '../../common/result';
import { describeIssues } from '../../common/validation';
import type { Logger } from '../ports/logger';
import type { SecretStorePort } from '../ports/secrets';
import type { StoragePort } from '../ports/storage';
import type { ControlApiHost } from '../router/handlers';
import type { CommandHandlers } from '../router/router';
import type { SoftphoneCore } from '../softphone-core';
import { namedSecret, webhookSecretAccount } from './integration-secrets';
import { createSerial } from './serial';
import { createStoredSection } from './stored-section';

/** Document names in the settings store. */
export const SECTION_DOCUMENTS = { calls: 'settings.calls', hooks: 'settings.hooks', controlApi: 'settings.controlApi', shell: 'settings.shell', audioProcessing: 'settings.audioProcessing' } as const;

const EMPTY_HOOKS: HooksView = { webhooks: [], screenPops: [], commands: [] };
const CONTROL_API_OFF: ControlApiSettings = { enabled: false, port: 0, allowedOrigins: [] };

/** The shell's stored settings, seen from the core (implemented in main/electron). */
export interface ShellPersistence {
  /** Reads the stored shell settings and applies them. */
  restore(): Promise<void>;
  /** Resolves when every change made so far is stored. */
  flush(): Promise<Result<void>>;
}

/** What {@link createPersistedSettings} needs. */
export interface PersistedSettingsDeps {
  readonly storage: StoragePort;
  readonly secrets: SecretStorePort;
  readonly logger: Logger;
  readonly core: Pick<SoftphoneCore, 'callSettings' | 'configureCalls' | 'hooks' | 'configureHooks' | 'audioTools'>;
  readonly controlApi?: ControlApiHost;
  /** False where the command line governs the control API (headless mode): its stored settings are kept but not started. */
  readonly restoreControlApi?: boolean;
  readonly shell?: ShellPersistence;
}

/** The persistence of the in-memory settings. */
export interface PersistedSettings {
  /** Resolves once every section is restored (never rejects). */
  readonly ready: Promise<void>;
  /** Resolves once the shell settings are restored (first, from storage only: the window and the hotkeys wait for it, not for the keychain). */
  readonly shellReady: Promise<void>;
  /** The same handlers, with the settings commands storing what they change. */
  wrap(handlers: CommandHandlers): CommandHandlers;
}

/** Starts restoring the stored sections at once. */
export function createPersistedSettings(deps: PersistedSettingsDeps): PersistedSettings {
  const log = deps.logger.child('settings');
  const serial = createSerial();
  const calls = createStoredSection({ storage: deps.storage, logger: deps.logger, name: SECTION_DOCUMENTS.calls, schema: CallSettingsSchema, defaults: DEFAULT_CALL_SETTINGS });
  const hooks = createStoredSection({ storage: deps.storage, logger: deps.logger, name: SECTION_DOCUMENTS.hooks, schema: HooksViewSchema, defaults: EMPTY_HOOKS });
  const controlApi = createStoredSection({ storage: deps.storage, logger: deps.logger, name: SECTION_DOCUMENTS.controlApi, schema: ControlApiSettingsSchema, defaults: CONTROL_API_OFF });
  // Only what the user switched is stored: until then the engine's own defaults hold (on with devices, off with WAV files).
  const audioProcessing = createStoredSection({ storage: deps.storage, logger: deps.logger, name: SECTION_DOCUMENTS.audioProcessing, schema: AudioProcessingPatchSchema, defaults: {} });

  /** The stored hooks plus their secrets from the keychain; a webhook whose secret cannot be read is turned off rather than sent unsigned. */
  async function restoreHooks(): Promise<void> {
    const stored = await hooks.load();
    // Read in parallel: each keychain call may take its whole timeout when the keyring is missing.
    const webhooks: HooksConfig['webhooks'] = await Promise.all(
      stored.webhooks.map(async ({ hasSecret, ...hook }) => {
        if (!hasSecret) return hook;
        const secret = await namedSecret(deps.secrets, webhookSecretAccount(hook.id)).get();
        if (secret.ok && typeof secret.data === 'string' && secret.data.length > 0) return { ...hook, secret: secret.data };
        log.warn('a webhook secret could not be read from the keychain; the webhook is turned off until its secret is entered again', { hook: hook.id, reason: secret.ok ? 'no secret stored' : secret.error.message });
        return { ...hook, enabled: false, secret: null };
      }),
    );
    const config = HooksConfigSchema.safeParse({ webhooks, screenPops: stored.screenPops, commands: stored.commands });
    if (!config.success) {
      log.warn('stored hooks are not valid; starting with none', { reason: describeIssues(config.error) });
      return;
    }
    deps.core.configureHooks(config.data);
  }

  async function restoreCalls(): Promise<void> {
    const stored = await calls.load();
    const applied = deps.core.configureCalls(stored);
    if (applied.ok) return;
    // A forwarding target that today's checks refuse must not cost the other settings: keep them, forwarding off.
    const { forwardTo: _refused, ...rest } = stored;
    const withoutForwarding = deps.core.configureCalls({ ...rest, forward: 'off' });
    if (withoutForwarding.ok) log.warn('the stored forwarding target was refused; forwarding is off until it is set again', { reason: applied.error.message });
    else log.warn('stored call settings were refused; using the defaults', { reason: applied.error.message });
  }

  async function restoreAudioProcessing(): Promise<void> {
    const stored = await audioProcessing.load();
    if (Object.keys(stored).length > 0) deps.core.audioTools.configureProcessing(stored);
  }

  async function restoreControlApi(): Promise<void> {
    if (!deps.controlApi || deps.restoreControlApi === false) return;
    const stored = await controlApi.load();
    if (!stored.enabled) return;
    const started = await deps.controlApi.configure(stored, false);
    if (!started.ok) log.warn('the control API could not start with its stored settings', { reason: started.error.message });
  }

  const step = (name: string, run: () => Promise<void>) => async (): Promise<void> => {
    try {
      await run();
    } catch (error) {
      log.error(`restoring ${name} failed; using the defaults`, { reason: error instanceof Error ? error.message : String(error) });
    }
  };
  const shell = deps.shell;
  const shellReady = shell ? step('shell settings', () => shell.restore())() : Promise.resolve();
  const ready = (async () => {
    await shellReady;
    await step('call settings', restoreCalls)();
    await step('audio processing switches', restoreAudioProcessing)();
    await step('hooks', restoreHooks)();
    await step('control API settings', restoreControlApi)();
  })();

  /** Stores the secrets a `hooks.configure` carries, and removes those of webhooks that lost theirs or are gone. */
  async function storeWebhookSecrets(next: HooksConfig, before: HooksView): Promise<Result<void>> {
    const kept = new Set(next.webhooks.map((w) => w.id));
    // What was there before each change, to put back if a later one fails.
    const undo: Array<{ account: string; value: string | null }> = [];
    for (const hook of next.webhooks) {
      if (hook.secret === undefined) continue;
      const account = webhookSecretAccount(hook.id);
      const secret = namedSecret(deps.secrets, account);
      const old = await secret.get();
      const done = !old.ok ? old : hook.secret === null ? await secret.delete() : await secret.set(hook.secret);
      if (!done.ok) {
        for (const { account: a, value } of undo.reverse()) {
          const back = value === null ? await namedSecret(deps.secrets, a).delete() : await namedSecret(deps.secrets, a).set(value);
          if (!back.ok) log.warn('could not put a webhook secret back in the keychain', { account: a, reason: back.error.message });
        }
        return err(done.error.code, `The webhook secret of "${hook.id}" could not be stored in the keychain, so nothing was changed: ${done.error.message}`);
      }
      if (old.ok) undo.push({ account, value: old.data });
    }
    for (const gone of before.webhooks.filter((w) => w.hasSecret && !kept.has(w.id))) {
      const removed = await namedSecret(deps.secrets, webhookSecretAccount(gone.id)).delete();
      if (!removed.ok) log.warn('could not remove the secret of a deleted webhook from the keychain', { hook: gone.id, reason: removed.error.message });
    }
    return ok(undefined);
  }

  /** The result of an applied change whose write failed: the change holds for this run only, and the message says so. */
  const notStored = <T>(stored: Result<void>, data: T): Result<T> =>
    stored.ok ? ok(data) : err(stored.error.code, `The change works now but will be gone after a restart: ${stored.error.message}`);

  const afterReady =
    <A, R>(handler: (args: A) => Promise<R> | R) =>
    async (args: A): Promise<R> => {
      await ready;
      return handler(args);
    };

  return {
    ready,
    shellReady,
    wrap(inner) {
      return {
        ...inner,
        'calls.settings': afterReady(inner['calls.settings']),
        'calls.configure': afterReady((patch) =>
          serial(async () => {
            // Applied first (the call manager has the last word on what is valid), then stored; a value that cannot be stored is undone.
            const previous = deps.core.callSettings();
            const applied = deps.core.configureCalls(patch);
            if (!applied.ok) return applied;
            const stored = await calls.save(applied.data);
            if (stored.ok) return applied;
            deps.core.configureCalls(previous);
            return err(stored.error.code, `The call settings were not changed: ${stored.error.message}`);
          }),
        ),
        'audio.processing': afterReady(inner['audio.processing']),
        'audio.configureProcessing': afterReady((patch) =>
          serial(async () => {
            const done = await inner['audio.configureProcessing'](patch);
            if (!done.ok) return done;
            return notStored(await audioProcessing.save({ echoCancellation: done.data.echoCancellation, noiseSuppression: done.data.noiseSuppression }), done.data);
          }),
        ),
        'hooks.get': afterReady(inner['hooks.get']),
        'hooks.configure': afterReady(({ hooks: next }) =>
          serial(async () => {
            const secrets = await storeWebhookSecrets(next, deps.core.hooks());
            if (!secrets.ok) return secrets;
            const view = deps.core.configureHooks(next);
            return notStored(await hooks.save(view), view);
          }),
        ),
        'shell.settings': afterReady(inner['shell.settings']),
        'shell.configure': afterReady(async (changes) => {
          const done = await inner['shell.configure'](changes);
          if (!done.ok || !deps.shell) return done;
          return notStored(await deps.shell.flush(), done.data);
        }),
        'hotkeys.set': afterReady(async (binding) => {
          const done = await inner['hotkeys.set'](binding);
          if (!done.ok || !deps.shell) return done;
          return notStored(await deps.shell.flush(), done.data);
        }),
        'controlApi.status': afterReady(inner['controlApi.status']),
        'controlApi.configure': afterReady((args) =>
          serial(async () => {
            const done = await inner['controlApi.configure'](args);
            if (!done.ok) {
              // The host stopped the API when it could not start it: store what runs now, so a restart does not bring back the old state.
              if (!deps.controlApi?.status().enabled) await controlApi.save({ ...args.settings, enabled: false });
              return done;
            }
            return notStored(await controlApi.save({ ...args.settings, enabled: done.data.enabled }), done.data);
          }),
        ),
      };
    },
  };
}
