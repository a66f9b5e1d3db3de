/**
 * The update check: electron-updater reads the feed that electron-builder's
 * `publish` setting wrote into `app-update.yml`, downloads a newer signed
 * build in the background and offers it with a notification. Only packaged
 * builds check (development has no `app-update.yml`). electron-updater is
 * loaded lazily and optionally, so a build without it still runs and says why.
 */
import type { Logger } from '../../core/ports/logger';

/** The part of electron-updater's `autoUpdater` used here. */
export interface UpdaterLike {
  checkForUpdatesAndNotify(): Promise<unknown>;
}

/** Checks once for an update; never throws, logs the outcome. */
export async function checkForUpdates(load: () => UpdaterLike, packaged: boolean, logger: Logger): Promise<'checked' | 'skipped' | 'unavailable' | 'failed'> {
  const log = logger.child('updates');
  if (!packaged) {
    log.info('update check skipped in development');
    return 'skipped';
  }
  let updater: UpdaterLike;
  try {
    updater = load();
  } catch (error) {
    log.warn('updates are unavailable: electron-updater could not be loaded', { reason: error instanceof Error ? error.message : String(error) });
    return 'unavailable';
  }
  try {
    await updater.checkForUpdatesAndNotify();
    log.info('update check done');
    return 'checked';
  } catch (error) {
    log.warn('update check failed', { reason: error instanceof Error ? error.message : String(error) });
    return 'failed';
  }
}
